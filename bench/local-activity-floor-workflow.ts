import { condition, defineSignal, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';

// The SDK's own cost of a local activity inside an Update, with nothing of dondoc's around it.

export const localActivitiesUpdate = defineUpdate<number, [number]>('localActivities');
export const floorDoneSignal = defineSignal('done');

const { nothing } = proxyLocalActivities<{ nothing(): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

/** Answers an Update after running the given number of empty local activities one after another. */
export async function localActivityFloorWorkflow(): Promise<void> {
  let done = false;
  setHandler(localActivitiesUpdate, async (count) => {
    for (let i = 0; i < count; i++) await nothing();
    return count;
  });
  setHandler(floorDoneSignal, () => void (done = true));
  await condition(() => done);
}

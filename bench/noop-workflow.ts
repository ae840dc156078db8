import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

// The floor a benchmark compares against: a workflow that does nothing but exist and answer.
export const pingUpdate = defineUpdate<number, [number]>('ping');
export const finishSignal = defineSignal('finish');

export async function noopWorkflow(): Promise<void> {
  let finished = false;
  setHandler(pingUpdate, (n) => n);
  setHandler(finishSignal, () => void (finished = true));
  await condition(() => finished);
}

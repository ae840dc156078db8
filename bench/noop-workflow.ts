import { condition, defineSignal, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { campaignEventSignal } from '../workflows/campaign/definitions';

// The floors a benchmark compares against.

export const pingUpdate = defineUpdate<number, [number]>('ping');
export const finishSignal = defineSignal('finish');

/** A workflow that does nothing but exist and answer: the floor of an Update round trip. */
export async function noopWorkflow(): Promise<void> {
  let finished = false;
  setHandler(pingUpdate, (n) => n);
  setHandler(finishSignal, () => void (finished = true));
  await condition(() => finished);
}

const { campaignCounts } = proxyLocalActivities<Pick<Activities, 'campaignCounts'>>({
  startToCloseTimeout: '30 seconds',
});

/**
 * The floor of registering an agency: started with the agency's own input, search attributes and
 * summary (the launch benchmark passes them), it runs one workflow task with one local activity
 * (a read of an empty campaign: the local activity's round trip, no commit) and completes in that
 * task, so "completed" in visibility says its work is done. An agency does the same plus its
 * assignment commit, a search-attribute upsert and the `notify` activity.
 */
export async function matchedNoopWorkflow(input: { campaignId: string }): Promise<void> {
  await campaignCounts(`${input.campaignId}-noop`);
}

/**
 * The floor of telling an agency of a campaign event: started as `matchedNoopWorkflow` is, it waits
 * for the campaign's signal and completes on hearing it (an agency also confirms the event with the
 * campaign's record and records its new stage).
 */
export async function listeningNoopWorkflow(_input: { campaignId: string }): Promise<void> {
  let heard = false;
  setHandler(campaignEventSignal, () => void (heard = true));
  await condition(() => heard);
}

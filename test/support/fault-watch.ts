import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { SILENT_DEADLINE, SILENT_TIMERS, type ScriptedAgency } from './fault-campaign';

// Watching a run of the scripted campaign under faults: a seeded schedule, deadlines on each wait,
// instants and ids made comparable between runs, workflow task failures, and the campaign's end.

/** mulberry32: a small seeded PRNG, so a "random" fault schedule is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Fails with `describe()` (where the run stands) when `promise` takes longer than `ms`. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, describe: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`not done after ${ms} ms, ${describe()}`)), ms)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function normalize<T>(value: T, campaignId: string): T {
  return JSON.parse(JSON.stringify(value).split(campaignId).join('<campaign>').replace(UUID, '<uuid>')) as T;
}

/** The instants every run of a scripted campaign is given alike (kept verbatim in snapshots). */
export function fixedInstants(definition: { deadlines: { submission: string; approval?: string } }): Date[] {
  return [
    new Date(definition.deadlines.submission),
    ...(definition.deadlines.approval ? [new Date(definition.deadlines.approval)] : []),
    new Date(SILENT_DEADLINE),
    ...SILENT_TIMERS.map((timer) => new Date(timer.at)),
    new Date('2024-02-07T00:00:00+07:00'), // the directive's date
    new Date('2024-03-13T00:00:00+07:00'), // the approval decision's date
    new Date('2024-03-13T00:00:00Z'),
  ];
}

export async function waitFor(
  probe: () => Promise<boolean>,
  what: string,
  timeoutMs: number,
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(intervalMs);
  }
}

const { EventType, WorkflowTaskFailedCause } = temporal.api.enums.v1;

/** Workflow task failures that mean a bug (non-determinism, an exception in workflow code). */
async function workflowTaskFailures(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .filter((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
    .map(
      (event) =>
        event.workflowTaskFailedEventAttributes?.cause ??
        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED,
    )
    .filter(
      (cause) =>
        // Benign: new events arrived while the task ran, or the worker asked for a fresh start.
        cause !== WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND &&
        cause !== WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_STICKY_TASK_QUEUE,
    )
    .map((cause) => WorkflowTaskFailedCause[cause] ?? String(cause));
}

/**
 * Waits until the campaign is over: the campaign and every finished agency workflow completed
 * (which includes their background notifications), the agency left open idle. Returns the
 * workflow task failures that indicate a bug, by workflow.
 */
export async function waitForCampaignEnd(
  client: Client,
  campaignId: string,
  agencies: ScriptedAgency[],
  timeoutMs: number,
): Promise<Record<string, string[]>> {
  const timeout = (promise: Promise<unknown>, what: string) =>
    withDeadline(promise, timeoutMs, () => `waiting for ${what}`);
  const handles = [
    { id: campaignWorkflowId(campaignId), open: false },
    ...agencies.map((a) => ({
      id: agencyWorkflowId(campaignId, a.entry.code),
      open: a.final !== 'approved' && a.final !== 'withdrawn',
    })),
  ];
  await Promise.all(
    handles.map(async ({ id, open }) => {
      const handle = client.workflow.getHandle(id);
      if (!open) {
        await timeout(handle.result(), `${id} to complete`);
        return;
      }
      await waitFor(
        async () => ((await handle.describe()).raw.pendingActivities ?? []).length === 0,
        `${id} to have no pending activity`,
        timeoutMs,
      );
    }),
  );
  const failures: Record<string, string[]> = {};
  for (const { id } of handles) {
    const found = await workflowTaskFailures(client.workflow.getHandle(id));
    if (found.length > 0) failures[normalize(id, campaignId)] = found;
  }
  return failures;
}

/** Terminates whatever the scenario left running (the agency never reviewed), ignoring the rest. */
export async function terminateOpen(client: Client, campaignId: string, agencies: ScriptedAgency[]): Promise<void> {
  const ids = [campaignWorkflowId(campaignId), ...agencies.map((a) => agencyWorkflowId(campaignId, a.entry.code))];
  await Promise.all(
    ids.map((id) =>
      client.workflow
        .getHandle(id)
        .terminate('fault test cleanup')
        .catch(() => undefined),
    ),
  );
}

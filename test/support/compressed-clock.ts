import type { WorkflowHandle } from '@temporalio/client';
import type { AgencyWorkflowStartInput } from '../../domain/agency-input';
import type { Harness } from './harness';

// One agency on a compressed campaign clock (one campaign day = `secondsPerDay` real seconds) that
// starts at a chosen campaign instant: real timers fire in seconds, and the test reads the campaign's
// "now" to know where it stands.

export interface CompressedAgency {
  workflowId: string;
  handle: WorkflowHandle;
  /** The campaign instant now, in epoch milliseconds. */
  campaignNow(): number;
}

export async function startCompressedAgency(
  harness: Harness,
  clock: { start: number; secondsPerDay: number },
  overrides: Partial<AgencyWorkflowStartInput>,
): Promise<CompressedAgency> {
  const realStart = Date.now();
  const { workflowId } = await harness.startAgency({
    ...overrides,
    clock: {
      secondsPerDay: clock.secondsPerDay,
      simulatedStart: new Date(clock.start).toISOString(),
      realStart: new Date(realStart).toISOString(),
    },
  });
  return {
    workflowId,
    handle: harness.client.workflow.getHandle(workflowId),
    campaignNow: () => clock.start + ((Date.now() - realStart) * 86_400) / clock.secondsPerDay,
  };
}

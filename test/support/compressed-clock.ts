import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { AgencyWorkflowStartInput } from '../../domain/agency-input';
import { CampaignClock } from '../../domain/clock';
import { parseWorkflowId } from '../../temporal/workflow-ids';
import type { Harness } from './harness';
import { standInProof } from './signing-client';

// One agency on a compressed campaign clock (one campaign day = `secondsPerDay` real seconds) that
// starts at a chosen campaign instant: real timers fire in seconds, and the test reads the campaign's
// "now" to know where it stands. `actAt` dates an action: an Update handler acts at the instant its
// proof was signed, so an Update signed at a campaign instant's real instant acts at that campaign
// instant however late the loaded machine delivers it (only the timers still run on real time).

export interface CompressedAgency {
  workflowId: string;
  handle: WorkflowHandle;
  /** The campaign instant now, in epoch milliseconds. */
  campaignNow(): number;
  /**
   * Sends `update` as the stand-in server would for a person acting at `campaignInstant` (waiting
   * until the campaign clock has reached it): its result, and the campaign instant it acted at.
   */
  actAt<Ret, Arg>(
    campaignInstant: number,
    update: UpdateDefinition<Ret, [Arg]>,
    argument: Arg,
  ): Promise<{ result: Ret; actedAt: number }>;
  /**
   * Signs `update` as the stand-in server would for a person acting at `campaignInstant` (waiting
   * until the campaign clock has reached it), to send later: an Update that reaches the worker late.
   */
  signAt<Ret, Arg>(
    campaignInstant: number,
    update: UpdateDefinition<Ret, [Arg]>,
    argument: Arg,
  ): Promise<{ send(): Promise<Ret>; actedAt: number }>;
}

export async function startCompressedAgency(
  harness: Harness,
  clock: { start: number; secondsPerDay: number },
  overrides: Partial<AgencyWorkflowStartInput>,
): Promise<CompressedAgency> {
  const spec = {
    secondsPerDay: clock.secondsPerDay,
    simulatedStart: new Date(clock.start).toISOString(),
    realStart: new Date().toISOString(),
  };
  const campaignClock = new CampaignClock(spec);
  const { workflowId } = await harness.startAgency({ ...overrides, clock: spec });
  const handle = harness.client.workflow.getHandle(workflowId);
  async function signAt<Ret, Arg>(campaignInstant: number, update: UpdateDefinition<Ret, [Arg]>, argument: Arg) {
    // Whole milliseconds, never before the instant asked for.
    const signedAt = Math.ceil(campaignClock.realAt(campaignInstant));
    while (Date.now() < signedAt) await new Promise((resolve) => setTimeout(resolve, signedAt - Date.now()));
    const updateId = randomUUID();
    const proof = standInProof(
      harness.signer,
      { campaignId: parseWorkflowId(workflowId)?.campaignId ?? '', workflowId, updateName: update.name, updateId },
      argument,
      new Date(signedAt),
    );
    return {
      send: () => handle.executeUpdate(update, { args: [{ ...(argument as object), proof } as Arg], updateId }),
      actedAt: campaignClock.at(signedAt),
    };
  }
  return {
    workflowId,
    handle,
    campaignNow: () => campaignClock.now(),
    signAt,
    async actAt<Ret, Arg>(campaignInstant: number, update: UpdateDefinition<Ret, [Arg]>, argument: Arg) {
      const { send, actedAt } = await signAt(campaignInstant, update, argument);
      return { result: await send(), actedAt };
    },
  };
}

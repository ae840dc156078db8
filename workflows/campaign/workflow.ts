import { continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CampaignWorkflowInput } from '../../domain/campaign-input';
import { CampaignClock } from '../../domain/clock';
import { ActingPeople } from '../common/acting-people';
import { provenUpdate, registerProvenUpdates } from '../common/proven-updates';
import { Deliveries } from '../common/deliveries';
import { drain, waitUntil } from '../common/wait';
import { CampaignHandlers } from './handlers';
import { checks } from '../common/lazy-checks';
import {
  approveUpdate,
  campaignStateQuery,
  cancelCampaignUpdate,
  consolidateUpdate,
  sendBackUpdate,
} from './definitions';
import { CampaignWorkflowState, type CampaignCarry } from './state';

export type { CampaignCarry } from './state';

/** Start afresh, carrying the state, when the server says the history grows large. */
function continueAsNewDue(): boolean {
  return workflowInfo().continueAsNewSuggested;
}

/** Follows a campaign as a whole: counts, consolidation, the approver's decision, its deadline. */
export async function campaignWorkflow(input: CampaignWorkflowInput, carry?: CampaignCarry): Promise<void> {
  const state = new CampaignWorkflowState(input, new CampaignClock(input.clock), carry);
  const deliveries = new Deliveries();
  const people = new ActingPeople();
  const campaign = new CampaignHandlers(state, deliveries, people);

  setHandler(campaignStateQuery, () => state.facts);
  registerProvenUpdates(
    {
      campaignId: input.campaignId,
      holders: { reviewer: input.reviewer, approver: input.approver, operator: input.serviceCenter },
    },
    people,
    [
      provenUpdate({
        definition: consolidateUpdate,
        schema: () => checks().campaign.consolidateInputSchema,
        check: (request) => state.checkConsolidate(request),
        handle: (request) => campaign.consolidate(request.by),
      }),
      provenUpdate({
        definition: approveUpdate,
        schema: () => checks().campaign.approveInputSchema,
        check: (request) => state.checkApprove(request),
        handle: (request) => campaign.approve(request),
      }),
      provenUpdate({
        definition: sendBackUpdate,
        schema: () => checks().campaign.sendBackInputSchema,
        check: (request) => state.checkSendBack(request),
        handle: (request) => campaign.sendBack(request),
      }),
      provenUpdate({
        definition: cancelCampaignUpdate,
        schema: () => checks().campaign.cancelCampaignInputSchema,
        check: (request) => state.checkCancel(request),
        handle: (request) => campaign.cancel(request),
      }),
    ],
  );

  while (!state.finished) {
    if (!state.busy && continueAsNewDue()) {
      await drain(deliveries);
      await continueAsNew<typeof campaignWorkflow>(input, state.carry());
    }
    const seen = state.changes;
    const next = state.nextTimer();
    if (await waitUntil(state.clock, next?.at, () => state.changes !== seen)) await campaign.fire(next!);
  }

  await drain(deliveries);
}

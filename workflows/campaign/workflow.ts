import { continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CampaignWorkflowInput } from '../../domain/campaign-input';
import { ActionClock } from '../common/action-clock';
import { ActingPeople } from '../common/acting-people';
import { registerProvenUpdates } from '../common/proven-updates';
import { CAMPAIGN_UPDATES } from './actions';
import { Deliveries } from '../common/deliveries';
import { drain, waitUntil } from '../common/wait';
import { CampaignHandlers } from './handlers';
import { CodeGates, GATES } from '../common/code-gates';
import { campaignStateQuery } from './definitions';
import { CampaignWorkflowState, type CampaignCarry } from './state';

export type { CampaignCarry } from './state';

/** Start afresh, carrying the state, when the server says the history grows large. */
function continueAsNewDue(): boolean {
  return workflowInfo().continueAsNewSuggested;
}

/** Follows a campaign as a whole: counts, consolidation, the approver's decision, its deadline. */
export async function campaignWorkflow(input: CampaignWorkflowInput, carry?: CampaignCarry): Promise<void> {
  const people = new ActingPeople();
  const state = new CampaignWorkflowState(input, new ActionClock(input.clock, people), carry);
  const deliveries = new Deliveries();
  const gates = new CodeGates();
  const campaign = new CampaignHandlers(state, deliveries, people, gates);

  setHandler(campaignStateQuery, () => state.facts);
  registerProvenUpdates(
    {
      campaignId: input.campaignId,
      holders: { reviewer: input.reviewer, approver: input.approver, operator: input.serviceCenter },
    },
    people,
    { state, campaign },
    CAMPAIGN_UPDATES,
  );

  const mayContinueAsNew = () => !state.busy && !campaign.telling && continueAsNewDue();
  // The suggestion comes with a workflow task, often one that changes nothing the wait watches.
  const wakeOnSuggestion = gates.follows(GATES.continueAsNewWakes);
  while (!state.finished) {
    if (mayContinueAsNew()) {
      await drain(deliveries);
      await continueAsNew<typeof campaignWorkflow>(input, state.carry());
    }
    const seen = state.changes;
    const next = state.nextTimer();
    const woken = () => state.changes !== seen || (wakeOnSuggestion && mayContinueAsNew());
    if (await waitUntil(state.clock, next?.at, woken)) await campaign.fire(next!);
  }

  if (campaign.telling) await campaign.settled();
  await drain(deliveries);
  // The last Update may have answered, and left its agencies to be told, while the run drained.
  if (gates.follows(GATES.toldBeforeEnd))
    while (campaign.telling) {
      await campaign.settled();
      await drain(deliveries);
    }
}

import { continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CampaignWorkflowInput } from '../../domain/campaign-input';
import { CampaignClock } from '../../domain/clock';
import { validate } from '../../domain/validate';
import { ActingPeople } from '../common/acting-people';
import { CodeGates, GATES } from '../common/code-gates';
import { checkActorProof } from '../common/actor-proof';
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

/** Runs started before the server's suggestion was followed continued-as-new after this many events. */
const LEGACY_CONTINUE_AS_NEW_AFTER_EVENTS = 2_000;

/** Start afresh, carrying the state, when the server says the history grows large. */
function continueAsNewDue(gates: CodeGates): boolean {
  const info = workflowInfo();
  return gates.follows(GATES.continueAsNewSuggested)
    ? info.continueAsNewSuggested
    : info.historyLength > LEGACY_CONTINUE_AS_NEW_AFTER_EVENTS;
}

/** Follows a campaign as a whole: counts, consolidation, the approver's decision, its deadline. */
export async function campaignWorkflow(input: CampaignWorkflowInput, carry?: CampaignCarry): Promise<void> {
  const gates = CodeGates.atStart();
  const state = new CampaignWorkflowState(input, new CampaignClock(input.clock), carry);
  const proven = (raw: unknown) => checkActorProof(input.trustedKeys, raw, { campaignId: input.campaignId });
  const deliveries = new Deliveries();
  const people = new ActingPeople(input.trustedKeys, gates);
  const campaign = new CampaignHandlers(state, deliveries, gates, people);

  setHandler(campaignStateQuery, () => state.facts);
  setHandler(
    consolidateUpdate,
    async (raw) =>
      people.during(raw, () => campaign.consolidate(checks().campaign.consolidateInputSchema.parse(raw).by)),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().campaign.consolidateInputSchema, raw, (request) => state.checkConsolidate(request));
      },
    },
  );
  setHandler(
    approveUpdate,
    async (raw) => people.during(raw, () => campaign.approve(checks().campaign.approveInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().campaign.approveInputSchema, raw, (request) => state.checkApprove(request));
      },
    },
  );
  setHandler(
    sendBackUpdate,
    async (raw) => people.during(raw, () => campaign.sendBack(checks().campaign.sendBackInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().campaign.sendBackInputSchema, raw, (request) => state.checkSendBack(request));
      },
    },
  );
  setHandler(
    cancelCampaignUpdate,
    async (raw) => people.during(raw, () => campaign.cancel(checks().campaign.cancelCampaignInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().campaign.cancelCampaignInputSchema, raw, (request) => state.checkCancel(request));
      },
    },
  );

  while (!state.finished) {
    if (!state.busy && continueAsNewDue(gates)) {
      await drain(deliveries);
      await continueAsNew<typeof campaignWorkflow>(input, state.carry());
    }
    const seen = state.changes;
    const next = state.nextTimer();
    if (await waitUntil(state.clock, next?.at, () => state.changes !== seen)) await campaign.fire(next!);
  }

  await drain(deliveries);
}

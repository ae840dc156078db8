import { setHandler, workflowInfo } from '@temporalio/workflow';
import type { AgencyWorkflowInput } from '../../domain/agency-input';
import { ActionClock } from '../common/action-clock';
import { ActingPeople } from '../common/acting-people';
import { CodeGates, GATES } from '../common/code-gates';
import { registerProvenUpdates } from '../common/proven-updates';
import { campaignEventSignal } from '../campaign/definitions';
import { Deliveries } from '../common/deliveries';
import { drain, waitUntil } from '../common/wait';
import { AgencyHandlers } from './handlers';
import { AGENCY_UPDATES } from './actions';
import { agencyStateQuery, reminderPlanQuery } from './definitions';
import { AgencyNotices } from './notices';
import { AgencyWorkflowState } from './state';
import { AgencyUpdateChecks } from './update-checks';
import { CalendarHandlers } from './calendar-handlers';
import { CampaignEventHandlers } from './campaign-event-handlers';
import { SupportHandlers } from './support-handlers';
import { SuspensionHandlers } from './suspension-handlers';
import { ExtensionHandlers } from './extension-handlers';
import { ExtensionState } from './extension-state';

/** One agency in one campaign, from assignment to approval. */
export async function agencyWorkflow(input: AgencyWorkflowInput): Promise<void> {
  const { workflowId } = workflowInfo();
  const people = new ActingPeople();
  const state = new AgencyWorkflowState(input, workflowId, new ActionClock(input.clock, people));
  const notices = new AgencyNotices(input, workflowId);
  const deliveries = new Deliveries();
  const gates = new CodeGates();
  const agency = new AgencyHandlers(state, notices, deliveries, people, gates);
  const suspensions = new SuspensionHandlers(state, notices, agency.recorder, gates);
  const support = new SupportHandlers(state, notices, agency.recorder, deliveries);
  const calendars = new CalendarHandlers(state, notices, agency.recorder);
  const campaignEvents = new CampaignEventHandlers(state, agency.recorder);
  const extensionState = new ExtensionState(state);
  const extensions = new ExtensionHandlers(state, extensionState, notices, agency.recorder, deliveries);

  setHandler(agencyStateQuery, () => ({ ...state.snapshot(), ...extensionState.summary() }));
  setHandler(reminderPlanQuery, () => state.reminderPlan());

  registerProvenUpdates(
    { campaignId: input.campaignId, holders: { reviewer: input.reviewer, operator: input.serviceCenter } },
    people,
    {
      state,
      checks: new AgencyUpdateChecks(state),
      extensionState,
      agency,
      support,
      suspensions,
      calendars,
      extensions,
    },
    AGENCY_UPDATES,
  );
  setHandler(campaignEventSignal, (event: unknown) => campaignEvents.campaignEvent(event));

  agency.publish();

  for (;;) {
    while (!state.finished) {
      const seen = state.changes;
      // An extension request's answer timers join the deadline's; without a request there are none.
      const [next] = [...state.timers(), ...extensionState.timers()].sort((a, b) => a.at - b.at);
      if (await waitUntil(state.clock, next?.at, () => state.changes !== seen)) {
        if ('requestId' in next!) await extensions.fire(next);
        else await agency.fire(next!);
      }
    }
    await agency.flushed();
    // A final transition whose record was refused put the state back (AgencyRecorder.transition).
    if (state.finished || !gates.follows(GATES.refusedEndGoesOn)) break;
  }

  await drain(deliveries);
}

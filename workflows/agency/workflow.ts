import { setHandler, workflowInfo } from '@temporalio/workflow';
import type { AgencyWorkflowInput } from '../../domain/agency-input';
import { CampaignClock } from '../../domain/clock';
import { ActingPeople } from '../common/acting-people';
import { provenUpdate, registerProvenUpdates } from '../common/proven-updates';
import { campaignEventSignal } from '../campaign/definitions';
import { checks } from '../common/lazy-checks';
import { Deliveries } from '../common/deliveries';
import { drain, waitUntil } from '../common/wait';
import { AgencyHandlers } from './handlers';
import {
  acceptListUpdate,
  agencyStateQuery,
  answerExtensionUpdate,
  answerSupportUpdate,
  changeCalendarUpdate,
  escalateUpdate,
  extendDeadlineUpdate,
  reminderPlanQuery,
  remindNowUpdate,
  requestExtensionUpdate,
  requestSupportUpdate,
  resumeDeadlineUpdate,
  returnListUpdate,
  submitListUpdate,
  suspendDeadlineUpdate,
  withdrawUpdate,
} from './definitions';
import { AgencyNotices } from './notices';
import { AgencyWorkflowState } from './state';
import { CalendarHandlers } from './calendar-handlers';
import { CampaignEventHandlers } from './campaign-event-handlers';
import { SupportHandlers } from './support-handlers';
import { SuspensionHandlers } from './suspension-handlers';
import { ExtensionHandlers, provenActor } from './extension-handlers';
import { ExtensionState } from './extension-state';

/** One agency in one campaign, from assignment to approval. */
export async function agencyWorkflow(input: AgencyWorkflowInput): Promise<void> {
  const { workflowId } = workflowInfo();
  const state = new AgencyWorkflowState(input, workflowId, new CampaignClock(input.clock));
  const notices = new AgencyNotices(input, workflowId);
  const deliveries = new Deliveries();
  const people = new ActingPeople();
  const agency = new AgencyHandlers(state, notices, deliveries, people);
  const suspensions = new SuspensionHandlers(state, notices, agency.recorder);
  const support = new SupportHandlers(state, notices, agency.recorder, deliveries);
  const calendars = new CalendarHandlers(state, notices, agency.recorder);
  const campaignEvents = new CampaignEventHandlers(state, agency.recorder);
  const extensionState = new ExtensionState(state);
  const extensions = new ExtensionHandlers(state, extensionState, notices, agency.recorder, deliveries);
  const canReach = (audience: 'agency' | 'reviewer') => notices.recipients[audience].length > 0;

  setHandler(agencyStateQuery, () => ({ ...state.snapshot(), ...extensionState.summary() }));
  setHandler(reminderPlanQuery, () => state.reminderPlan());

  registerProvenUpdates(
    { campaignId: input.campaignId, holders: { reviewer: input.reviewer, operator: input.serviceCenter } },
    people,
    [
      provenUpdate({
        definition: submitListUpdate,
        schema: () => checks().agency.submitListInputSchema,
        check: (request) => state.checkSubmit(request),
        handle: (request) => agency.submit(request),
      }),
      provenUpdate({
        definition: returnListUpdate,
        schema: () => checks().agency.returnListInputSchema,
        check: (request) => state.checkReturn(request),
        handle: (request) => agency.returnList(request),
      }),
      provenUpdate({
        definition: acceptListUpdate,
        schema: () => checks().agency.acceptListInputSchema,
        check: (request) => state.checkAccept(request),
        handle: (request) => agency.accept(request),
      }),
      provenUpdate({
        definition: withdrawUpdate,
        schema: () => checks().agency.withdrawInputSchema,
        check: (request) => state.checkWithdraw(request),
        handle: (request) => agency.withdraw(request),
      }),
      provenUpdate({
        definition: extendDeadlineUpdate,
        schema: () => checks().agency.extendDeadlineInputSchema,
        check: (request) => state.checkExtend(request),
        handle: (request) => agency.extend(request),
      }),
      provenUpdate({
        definition: remindNowUpdate,
        schema: () => checks().agency.remindNowInputSchema,
        check: (request) => state.checkRemind(request, canReach),
        handle: (request) => agency.remindNow(request),
      }),
      provenUpdate({
        definition: escalateUpdate,
        schema: () => checks().agency.escalateInputSchema,
        check: (request) => state.checkEscalate(request),
        handle: (request) => agency.escalateByHand(request),
      }),
      provenUpdate({
        definition: requestSupportUpdate,
        schema: () => checks().agency.supportRequestInputSchema,
        check: () => undefined,
        handle: (request) => support.requestSupport(request),
      }),
      provenUpdate({
        definition: answerSupportUpdate,
        schema: () => checks().agency.supportAnswerInputSchema,
        check: (request) => state.checkAnswer(request),
        handle: (request) => support.answerSupport(request),
      }),
      provenUpdate({
        definition: suspendDeadlineUpdate,
        schema: () => checks().suspension.suspendDeadlineInputSchema,
        check: (request) => state.checkSuspend(request),
        handle: (request) => suspensions.suspend(request),
      }),
      provenUpdate({
        definition: resumeDeadlineUpdate,
        schema: () => checks().suspension.resumeDeadlineInputSchema,
        check: (request) => state.checkResume(request),
        handle: (request) => suspensions.resume(request),
      }),
      provenUpdate({
        definition: changeCalendarUpdate,
        schema: () => checks().calendar.changeCalendarInputSchema,
        check: (request) => state.checkCalendarChange(request),
        handle: (request) => calendars.change(request),
      }),
      provenUpdate({
        definition: requestExtensionUpdate,
        schema: () => checks().agency.requestExtensionInputSchema,
        check: (request) => extensionState.checkRequest(request),
        handle: (request, claims) => extensions.request(request, provenActor(claims)),
      }),
      provenUpdate({
        definition: answerExtensionUpdate,
        schema: () => checks().agency.answerExtensionInputSchema,
        check: (request) => extensionState.checkAnswer(request),
        handle: (request, claims) => extensions.answer(request, provenActor(claims)),
      }),
    ],
  );
  setHandler(campaignEventSignal, (event: unknown) => campaignEvents.campaignEvent(event));

  agency.publish();

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
  await drain(deliveries);
}

import { setHandler, workflowInfo } from '@temporalio/workflow';
import type { AgencyWorkflowInput } from '../../domain/agency-input';
import { CampaignClock } from '../../domain/clock';
import { validate } from '../../domain/validate';
import { ActingPeople } from '../common/acting-people';
import { CodeGates, GATES } from '../common/code-gates';
import { checkActorProof } from '../common/actor-proof';
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
  const gates = CodeGates.atStart();
  const { workflowId } = workflowInfo();
  const state = new AgencyWorkflowState(input, workflowId, new CampaignClock(input.clock));
  state.lateByDomainRule = gates.follows(GATES.oneLatenessRule);
  const notices = new AgencyNotices(input, workflowId, gates);
  const deliveries = new Deliveries();
  const people = new ActingPeople(input.trustedKeys, gates);
  const agency = new AgencyHandlers(state, notices, deliveries, gates, people);
  const suspensions = new SuspensionHandlers(state, notices, agency.recorder);
  const support = new SupportHandlers(state, notices, agency.recorder, deliveries);
  const calendars = new CalendarHandlers(state, notices, agency.recorder, gates);
  const campaignEvents = new CampaignEventHandlers(state, agency.recorder, gates);
  const extensionState = new ExtensionState(state);
  const extensions = new ExtensionHandlers(state, extensionState, notices, agency.recorder, deliveries, gates);
  const proven = (raw: unknown) =>
    checkActorProof(input.trustedKeys, raw, { campaignId: input.campaignId, agencyCode: input.agency.code });
  const canReach = (audience: 'agency' | 'reviewer') => notices.recipients[audience].length > 0;

  setHandler(agencyStateQuery, () => ({ ...state.snapshot(), ...extensionState.summary() }));
  setHandler(reminderPlanQuery, () => state.reminderPlan());

  setHandler(
    submitListUpdate,
    async (raw) => people.during(raw, () => agency.submit(checks().agency.submitListInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().agency.submitListInputSchema, raw, (request) => state.checkSubmit(request));
      },
    },
  );
  setHandler(
    returnListUpdate,
    async (raw) => people.during(raw, () => agency.returnList(checks().agency.returnListInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().agency.returnListInputSchema, raw, (request) => state.checkReturn(request));
      },
    },
  );
  setHandler(
    acceptListUpdate,
    async (raw) => people.during(raw, () => agency.accept(checks().agency.acceptListInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().agency.acceptListInputSchema, raw, (request) => state.checkAccept(request));
      },
    },
  );
  setHandler(
    withdrawUpdate,
    async (raw) => people.during(raw, () => agency.withdraw(checks().agency.withdrawInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().agency.withdrawInputSchema, raw, (request) => state.checkWithdraw(request));
      },
    },
  );
  setHandler(
    extendDeadlineUpdate,
    async (raw) => people.during(raw, () => agency.extend(checks().agency.extendDeadlineInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().agency.extendDeadlineInputSchema, raw, (request) => state.checkExtend(request));
      },
    },
  );
  setHandler(
    remindNowUpdate,
    async (raw) => people.during(raw, () => agency.remindNow(checks().agency.remindNowInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().agency.remindNowInputSchema, raw, (request) => state.checkRemind(request, canReach));
      },
    },
  );
  setHandler(
    escalateUpdate,
    async (raw) => people.during(raw, () => agency.escalateByHand(checks().agency.escalateInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().agency.escalateInputSchema, raw, (request) => state.checkEscalate(request));
      },
    },
  );
  setHandler(
    requestSupportUpdate,
    async (raw) =>
      people.during(raw, () => support.requestSupport(checks().agency.supportRequestInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().agency.supportRequestInputSchema, raw, () => undefined);
      },
    },
  );
  setHandler(
    answerSupportUpdate,
    async (raw) => people.during(raw, () => support.answerSupport(checks().agency.supportAnswerInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().agency.supportAnswerInputSchema, raw, (request) => state.checkAnswer(request));
      },
    },
  );
  setHandler(
    suspendDeadlineUpdate,
    async (raw) =>
      people.during(raw, () => suspensions.suspend(checks().suspension.suspendDeadlineInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().suspension.suspendDeadlineInputSchema, raw, (request) => state.checkSuspend(request));
      },
    },
  );
  setHandler(
    resumeDeadlineUpdate,
    async (raw) =>
      people.during(raw, () => suspensions.resume(checks().suspension.resumeDeadlineInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().suspension.resumeDeadlineInputSchema, raw, (request) => state.checkResume(request));
      },
    },
  );
  setHandler(
    changeCalendarUpdate,
    async (raw) => people.during(raw, () => calendars.change(checks().calendar.changeCalendarInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().calendar.changeCalendarInputSchema, raw, (request) => state.checkCalendarChange(request));
      },
    },
  );
  setHandler(
    requestExtensionUpdate,
    async (raw) =>
      people.during(raw, () =>
        extensions.request(checks().agency.requestExtensionInputSchema.parse(raw), provenActor(raw)),
      ),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().agency.requestExtensionInputSchema, raw, (request) => extensionState.checkRequest(request));
      },
    },
  );
  setHandler(
    answerExtensionUpdate,
    async (raw) =>
      people.during(raw, () =>
        extensions.answer(checks().agency.answerExtensionInputSchema.parse(raw), provenActor(raw)),
      ),
    {
      validator: (raw) => {
        proven(raw);
        validate(checks().agency.answerExtensionInputSchema, raw, (request) => extensionState.checkAnswer(request));
      },
    },
  );
  setHandler(campaignEventSignal, (event: unknown) => campaignEvents.campaignEvent(event));

  agency.publish();
  agency.assigned();

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

import { patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { AgencyWorkflowInput } from '../../domain/agency-input';
import { CampaignClock } from '../../domain/clock';
import { validate } from '../../domain/validate';
import { ActingPeople } from '../common/acting-people';
import { checkActorProof } from '../common/actor-proof';
import { campaignEventSignal } from '../campaign/messages';
import { Deliveries } from '../common/deliveries';
import { drain, waitUntil } from '../common/wait';
import { AgencyHandlers } from './handlers';
import {
  acceptListInputSchema,
  acceptListUpdate,
  agencyStateQuery,
  answerExtensionInputSchema,
  answerExtensionUpdate,
  answerSupportUpdate,
  escalateInputSchema,
  escalateUpdate,
  extendDeadlineInputSchema,
  extendDeadlineUpdate,
  reminderPlanQuery,
  remindNowInputSchema,
  remindNowUpdate,
  requestExtensionInputSchema,
  requestExtensionUpdate,
  requestSupportUpdate,
  returnListInputSchema,
  returnListUpdate,
  submitListInputSchema,
  submitListUpdate,
  supportAnswerInputSchema,
  supportRequestInputSchema,
  withdrawInputSchema,
  withdrawUpdate,
} from './messages';
import { AgencyNotices } from './notices';
import { AgencyWorkflowState } from './state';
import { CalendarHandlers } from './calendar-handlers';
import { changeCalendarInputSchema, changeCalendarUpdate } from './calendar-messages';
import { SupportHandlers } from './support-handlers';
import { SuspensionHandlers } from './suspension-handlers';
import { ExtensionHandlers, provenActor } from './extension-handlers';
import { ExtensionState } from './extension-state';
import {
  resumeDeadlineInputSchema,
  resumeDeadlineUpdate,
  suspendDeadlineInputSchema,
  suspendDeadlineUpdate,
} from './suspension-messages';

/** One agency in one campaign, from assignment to approval. */
export async function agencyWorkflow(input: AgencyWorkflowInput): Promise<void> {
  const { workflowId } = workflowInfo();
  const state = new AgencyWorkflowState(input, workflowId, new CampaignClock(input.clock));
  state.lateByDomainRule = patched('one-lateness-rule');
  const notices = new AgencyNotices(input, workflowId);
  const deliveries = new Deliveries();
  const people = new ActingPeople(input.trustedKeys);
  const agency = new AgencyHandlers(state, notices, deliveries, people);
  const suspensions = new SuspensionHandlers(state, notices, agency.recorder);
  const support = new SupportHandlers(state, notices, agency.recorder, deliveries);
  const calendars = new CalendarHandlers(state, notices, agency.recorder);
  const extensionState = new ExtensionState(state);
  const extensions = new ExtensionHandlers(state, extensionState, notices, agency.recorder, deliveries);
  const proven = (raw: unknown) =>
    checkActorProof(input.trustedKeys, raw, { campaignId: input.campaignId, agencyCode: input.agency.code });
  const canReach = (audience: 'agency' | 'reviewer') => notices.recipients[audience].length > 0;

  setHandler(agencyStateQuery, () => ({ ...state.snapshot(), ...extensionState.summary() }));
  setHandler(reminderPlanQuery, () => state.reminderPlan());

  setHandler(
    submitListUpdate,
    async (raw) => people.during(raw, () => agency.submit(submitListInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(submitListInputSchema, raw, (request) => state.checkSubmit(request));
      },
    },
  );
  setHandler(
    returnListUpdate,
    async (raw) => people.during(raw, () => agency.returnList(returnListInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(returnListInputSchema, raw, (request) => state.checkReturn(request));
      },
    },
  );
  setHandler(
    acceptListUpdate,
    async (raw) => people.during(raw, () => agency.accept(acceptListInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(acceptListInputSchema, raw, (request) => state.checkAccept(request));
      },
    },
  );
  setHandler(withdrawUpdate, async (raw) => people.during(raw, () => agency.withdraw(withdrawInputSchema.parse(raw))), {
    validator: (raw) => {
      proven(raw);
      validate(withdrawInputSchema, raw, (request) => state.checkWithdraw(request));
    },
  });
  setHandler(
    extendDeadlineUpdate,
    async (raw) => people.during(raw, () => agency.extend(extendDeadlineInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(extendDeadlineInputSchema, raw, (request) => state.checkExtend(request));
      },
    },
  );
  setHandler(
    remindNowUpdate,
    async (raw) => people.during(raw, () => agency.remindNow(remindNowInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(remindNowInputSchema, raw, (request) => state.checkRemind(request, canReach));
      },
    },
  );
  setHandler(
    escalateUpdate,
    async (raw) => people.during(raw, () => agency.escalateByHand(escalateInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(escalateInputSchema, raw, (request) => state.checkEscalate(request));
      },
    },
  );
  setHandler(
    requestSupportUpdate,
    async (raw) => people.during(raw, () => support.requestSupport(supportRequestInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(supportRequestInputSchema, raw, () => undefined);
      },
    },
  );
  setHandler(
    answerSupportUpdate,
    async (raw) => people.during(raw, () => support.answerSupport(supportAnswerInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(supportAnswerInputSchema, raw, (request) => state.checkAnswer(request));
      },
    },
  );
  setHandler(
    suspendDeadlineUpdate,
    async (raw) => people.during(raw, () => suspensions.suspend(suspendDeadlineInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(suspendDeadlineInputSchema, raw, (request) => state.checkSuspend(request));
      },
    },
  );
  setHandler(
    resumeDeadlineUpdate,
    async (raw) => people.during(raw, () => suspensions.resume(resumeDeadlineInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(resumeDeadlineInputSchema, raw, (request) => state.checkResume(request));
      },
    },
  );
  setHandler(
    changeCalendarUpdate,
    async (raw) => people.during(raw, () => calendars.change(changeCalendarInputSchema.parse(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(changeCalendarInputSchema, raw, (request) => state.checkCalendarChange(request));
      },
    },
  );
  setHandler(
    requestExtensionUpdate,
    async (raw) =>
      people.during(raw, () => extensions.request(requestExtensionInputSchema.parse(raw), provenActor(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(requestExtensionInputSchema, raw, (request) => extensionState.checkRequest(request));
      },
    },
  );
  setHandler(
    answerExtensionUpdate,
    async (raw) => people.during(raw, () => extensions.answer(answerExtensionInputSchema.parse(raw), provenActor(raw))),
    {
      validator: (raw) => {
        proven(raw);
        validate(answerExtensionInputSchema, raw, (request) => extensionState.checkAnswer(request));
      },
    },
  );
  setHandler(campaignEventSignal, (event: unknown) => agency.campaignEvent(event));

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

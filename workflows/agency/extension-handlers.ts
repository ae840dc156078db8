import type { z } from 'zod';
import type { Actor } from '../common/update-declarations';
import { deadlineDay } from '../../domain/deadline-display';
import {
  answerDeadlineOf,
  unansweredEscalationKey,
  type ExtensionRequest,
  type ExtensionTimer,
} from '../../domain/extension-requests';
import { database } from '../common/activity-proxies';
import { GATES } from '../common/code-gates';
import type { Deliveries } from '../common/deliveries';
import type { ExtensionState } from './extension-state';
import type { answerExtensionInputSchema, requestExtensionInputSchema } from './messages';
import type { AgencyNotices } from './notices';
import type { AgencyRecorder } from './recorder';
import type { AgencyWorkflowState } from './state';

/**
 * An agency asks for a later deadline; the Service Center grants (possibly another day) or refuses,
 * within its own answer deadline: a reminder on that day, then one escalation if still unanswered.
 * A grant moves the running deadline as the Service Center's own extension does, so the timer and
 * the reminders follow; a refusal changes nothing.
 */
export class ExtensionHandlers {
  constructor(
    private readonly state: AgencyWorkflowState,
    private readonly extensions: ExtensionState,
    private readonly notices: AgencyNotices,
    private readonly recorder: AgencyRecorder,
    private readonly deliveries: Deliveries,
  ) {}

  async request(
    input: z.output<typeof requestExtensionInputSchema>,
    actor: Actor,
    { deadline, workingDays }: { deadline: string; workingDays: number },
  ): Promise<ExtensionRequest> {
    const { state, extensions, notices } = this;
    const running = state.activeDeadline()!;
    const now = state.clock.nowDate();
    const request: ExtensionRequest = {
      id: extensions.nextId(),
      kind: running.kind,
      currentDeadline: running.at,
      requestedDeadline: deadline,
      workingDays,
      reason: input.reason,
      requestedBy: actor.person.personName,
      requestedAs: actor.role === 'operator' ? 'operator' : 'agency',
      requestedAt: now.toISOString(),
      answerDeadline: answerDeadlineOf(now, extensions.policy, state.calendar),
      status: 'pending',
    };
    const before = state.checkpoint();
    extensions.requested(request);
    this.recorder.publish();
    await this.recorder.recordEvent(
      'extension_request',
      actor.name,
      {
        assignment: { overdue: state.facts.overdue },
        details: { ...request, person: actor.person.personName, role: actor.role },
      },
      (seq) =>
        notices.message(
          `${request.id}:requested:${seq}`,
          'extension_requested',
          notices.recipients.serviceCenter,
          this.requestParams(request),
        ),
      { before, takeBack: () => extensions.notRecorded(request.id), gate: GATES.unrecordedRequestTakenBack },
    );
    return { ...request };
  }

  async answer(
    input: z.output<typeof answerExtensionInputSchema>,
    actor: Actor,
    { deadline }: { deadline?: string },
  ): Promise<ExtensionRequest> {
    const { state, extensions, notices } = this;
    const { facts } = state;
    const grant = input.decision === 'grant';
    const before = state.checkpoint();
    const unanswered = { ...extensions.find(input.requestId)! };
    const request = extensions.answered(input.requestId, {
      status: grant ? 'granted' : 'refused',
      decidedBy: actor.name,
      decidedAt: state.clock.nowIso(),
      ...(input.reason && { answer: input.reason }),
      ...(grant && { grantedDeadline: deadline }),
    });
    // As the Service Center's own extension: the running deadline moves, the timer loop replans.
    if (grant) state.deadlineMoved(request.kind, deadline!);
    this.recorder.publish();
    const escalation = unansweredEscalationKey(state.workflowId, request.id);
    if (state.escalated.has(escalation))
      await this.recorder.persist(() => database.resolveEscalation({ key: escalation, at: request.decidedAt! }));
    await this.recorder.recordEvent(
      grant ? 'extension_grant' : 'extension_refuse',
      actor.name,
      {
        assignment: { ...(grant && { [`${request.kind}Deadline`]: deadline }), overdue: facts.overdue },
        details: {
          requestId: request.id,
          kind: request.kind,
          previousDeadline: request.currentDeadline,
          requestedDeadline: request.requestedDeadline,
          grantedDeadline: request.grantedDeadline,
          answer: request.answer,
          person: actor.person.personName,
          role: actor.role,
        },
      },
      (seq) =>
        notices.message(
          `${request.id}:answer:${seq}`,
          grant ? 'extension_granted' : 'extension_refused',
          notices.recipients.agency,
          notices.with({
            requestId: request.id,
            deadlineKind: request.kind,
            currentDeadline: request.currentDeadline,
            requestedDeadline: request.requestedDeadline,
            grantedDeadline: request.grantedDeadline,
            answer: request.answer,
            decidedBy: actor.name,
          }),
        ),
      { before, takeBack: () => extensions.answerNotRecorded(unanswered), gate: GATES.unrecordedRequestTakenBack },
    );
    return { ...request };
  }

  /** The answer deadline's day came (remind the Service Center) or passed (escalate, once). */
  async fire(timer: ExtensionTimer): Promise<void> {
    const { extensions, notices } = this;
    const request = extensions.find(timer.requestId)!;
    if (timer.type === 'extension_reminder') {
      extensions.answerReminderSent(timer.key);
      this.deliveries.deliver(
        notices.message(
          `reminder:${timer.key}`,
          'extension_answer_reminder',
          notices.recipients.serviceCenter,
          this.requestParams(request),
        ),
      );
      return;
    }
    await this.recorder.escalate('extension_unanswered', timer.key, 'serviceCenter', {
      deadline: request.answerDeadline,
      evidence: {
        requestId: request.id,
        requestedDeadline: deadlineDay(request.requestedDeadline),
        requestedBy: request.requestedBy,
        reason: request.reason,
      },
    });
  }

  private requestParams(request: ExtensionRequest) {
    return this.notices.with({
      agencyCode: this.state.input.agency.code,
      requestId: request.id,
      deadlineKind: request.kind,
      currentDeadline: request.currentDeadline,
      requestedDeadline: request.requestedDeadline,
      workingDays: request.workingDays,
      reason: request.reason,
      requestedBy: request.requestedBy,
      answerDeadline: request.answerDeadline,
    });
  }
}

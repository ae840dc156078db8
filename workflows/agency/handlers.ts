import { initialReturnCount } from '../../temporal/search-attributes';
import type { z } from 'zod';
import { deadlineAudience, type AgencyTimer } from '../../domain/deadlines';
import { OVERDUE_ESCALATION } from '../../domain/escalations';
import { diffLists, formatDiff } from '../../domain/list-diff';
import { boundedFindings, PAYLOAD_LIMITS } from '../../domain/payload-limits';
import type { Delivery } from '../../domain/deliverables/checker';
import type { DeliveryCheck } from '../../domain/deliverables/issues';
import { diffDeliveries, formatDeliveryDiff } from '../../domain/deliverables/delivery-diff';
import { addWorkingDays, countWorkingDays } from '../../domain/working-days';
import type { ActingPeople } from '../common/acting-people';
import { GATES, type CodeGates } from '../common/code-gates';
import type { Actor } from '../common/update-declarations';
import type { ListCheck } from '../../domain/list-quality';
import type { Deliveries } from '../common/deliveries';
import type {
  acceptListInputSchema,
  escalateInputSchema,
  extendDeadlineInputSchema,
  remindNowInputSchema,
  returnListInputSchema,
  submitDeliveryInputSchema,
  submitListInputSchema,
  withdrawInputSchema,
  Deadlines,
  RemindNowReceipt,
  TransitionReceipt,
} from './messages';
import type { AgencyNotices } from './notices';
import { AgencyRecorder } from './recorder';
import { recordVersion, type VersionParts } from './versions';
import type { AgencyWorkflowState } from './state';

/** What each message and each timer of an agency workflow does. */
export class AgencyHandlers {
  readonly recorder: AgencyRecorder;

  constructor(
    private readonly state: AgencyWorkflowState,
    private readonly notices: AgencyNotices,
    private readonly deliveries: Deliveries,
    people: ActingPeople,
    gates: CodeGates,
  ) {
    const { input } = state;
    const notice = notices.message(
      'assigned',
      'assigned',
      notices.recipients.agency,
      notices.with({
        deadline: input.submissionDeadline,
        initialStage: input.initialStage,
        reason: input.initialReason,
        ...(input.deliverable && {
          task: input.deliverable.title,
          howToSubmit: 'Điền và nộp trên dondoc, tại trang của cơ quan (đường dẫn bên dưới).',
        }),
      }),
    );
    // The notice is written in the assignment's own transaction and delivered by the outbox relay:
    // registration is one commit and one workflow task.
    this.recorder = new AgencyRecorder(state, notices, deliveries, people, notice, gates);
  }

  private get versionParts(): VersionParts {
    return { state: this.state, notices: this.notices, deliveries: this.deliveries, recorder: this.recorder };
  }

  /** Whether anyone of an audience has an address to be reminded at. */
  readonly canReach = (audience: 'agency' | 'reviewer'): boolean => this.notices.recipients[audience].length > 0;

  /** Recomputes the state and shows it in the Web UI. */
  publish(): void {
    this.recorder.publish();
  }

  /** Every write recorded, in order. */
  flushed(): Promise<unknown> {
    return this.recorder.flushed();
  }

  /** Agency: submit the Article 4 list (first time, or again after a return). */
  submit(
    request: z.output<typeof submitListInputSchema>,
    actor: Actor,
    checked: ListCheck,
  ): Promise<TransitionReceipt> {
    const { state } = this;
    // Past N findings the rest are counted, so the history, the records and the notice stay bounded.
    const findings = boundedFindings(checked.findings);
    return recordVersion(this.versionParts, actor, {
      content: request.list,
      source: request.source,
      findings,
      changes: formatDiff(diffLists(state.lastList, request.list)),
      last: { list: request.list },
    });
  }

  /** Agency: submit a delivery of the campaign's declared deliverable (first time, or after a return). */
  deliver(
    request: z.output<typeof submitDeliveryInputSchema>,
    actor: Actor,
    checked: DeliveryCheck<Delivery>,
  ): Promise<TransitionReceipt> {
    const { state } = this;
    const delivery = checked.value!;
    const findings = checked.findings
      .slice(0, PAYLOAD_LIMITS.recordedFindings)
      .map(({ path, message, code }) => ({ path, message, code: code ?? 'finding' }));
    return recordVersion(this.versionParts, actor, {
      content: delivery,
      source: request.source,
      findings,
      changes: formatDeliveryDiff(
        state.input.deliverable!,
        diffDeliveries(state.input.deliverable!, state.lastDelivery, delivery),
      ),
      last: { delivery },
    });
  }

  /** Reviewer: return with reasons; returned too often is perfunctory work, escalated. */
  async returnList(request: z.output<typeof returnListInputSchema>, actor: Actor): Promise<TransitionReceipt> {
    const { state, notices } = this;
    const { input, facts } = state;
    const returnCount = facts.returnCount + 1;
    const resubmissionOrigin = { from: state.clock.nowIso(), workingDays: input.policy.resubmissionWorkingDays };
    const resubmissionDeadline = addWorkingDays(
      new Date(resubmissionOrigin.from),
      resubmissionOrigin.workingDays,
      state.calendar,
    ).toISOString();
    const result = await this.recorder.transition(
      'return',
      actor.name,
      {
        decision: { version: facts.version, decision: 'returned', reasons: request.reasons },
        assignment: { returnCount, resubmissionDeadline, reviewDeadline: null, stageReason: request.reasons.overall },
      },
      () => state.returned({ returnCount, resubmissionDeadline, resubmissionOrigin, reason: request.reasons.overall }),
      (seq) => [
        notices.message(
          `${seq}:returned`,
          'returned',
          notices.recipients.agency,
          notices.with({
            version: facts.version,
            reasons: request.reasons,
            resubmissionDeadline,
          }),
        ),
      ],
    );
    result.notices.forEach((notice) => this.deliveries.deliver(notice));
    // A list launched "returned" (a re-review the letter ordered) was not returned in this campaign.
    const campaignReturns = facts.returnCount - initialReturnCount(input.initialStage);
    const threshold = input.policy.perfunctoryReturnCount;
    if (campaignReturns >= threshold) {
      await this.recorder.escalate('perfunctory', `${state.workflowId}:perfunctory`, 'agency', {
        evidence: {
          returnCount: facts.returnCount,
          campaignReturns,
          rule: `Danh sách bị trả lại từ ${threshold} lần trở lên trong chiến dịch này (chính sách của chiến dịch); lần trả lại trước khi chiến dịch bắt đầu không tính.`,
          lastReasons: request.reasons.overall,
        },
      });
    }
    return result.receipt;
  }

  /** Reviewer: accept. */
  async accept(request: z.output<typeof acceptListInputSchema>, actor: Actor): Promise<TransitionReceipt> {
    const { state, notices } = this;
    const { facts } = state;
    const result = await this.recorder.transition(
      'accept',
      actor.name,
      {
        decision: {
          version: facts.version,
          decision: 'accepted',
          reasons: request.note ? { note: request.note } : undefined,
        },
        assignment: { reviewDeadline: null, stageReason: null },
      },
      () => state.accepted(),
      (seq) => [
        notices.message(
          `${seq}:accepted`,
          'accepted',
          notices.recipients.agency,
          notices.with({
            version: facts.version,
            note: request.note,
          }),
        ),
      ],
    );
    result.notices.forEach((notice) => this.deliveries.deliver(notice));
    return result.receipt;
  }

  /** Service Center: drop the agency from the campaign. */
  async withdraw(request: z.output<typeof withdrawInputSchema>, actor: Actor): Promise<TransitionReceipt> {
    const { receipt } = await this.recorder.transition(
      'withdraw',
      actor.name,
      { assignment: { stageReason: request.reason }, details: { reason: request.reason } },
      () => this.state.reasonGiven(request.reason),
    );
    return receipt;
  }

  /** Service Center: move a deadline while the workflow runs; the timer follows. */
  async extend(request: z.output<typeof extendDeadlineInputSchema>, actor: Actor): Promise<Deadlines> {
    const { state, notices } = this;
    const { facts } = state;
    const kind = request.kind ?? state.activeDeadline()!.kind;
    const deadline = new Date(request.deadline).toISOString();
    const before = state.checkpoint();
    state.deadlineMoved(kind, deadline);
    this.recorder.publish();
    await this.recorder.recordEvent(
      'extend',
      actor.name,
      {
        assignment: { [`${kind}Deadline`]: deadline, overdue: facts.overdue },
        details: { kind, reason: request.reason },
      },
      (seq) =>
        notices.message(
          `${seq}:extended`,
          'deadline_extended',
          notices.recipients[deadlineAudience(kind)],
          notices.with({
            deadlineKind: kind,
            deadline,
            reason: request.reason,
          }),
        ),
      { before, gate: GATES.unrecordedChangeTakenBack },
    );
    return { ...facts.deadlines };
  }

  /** Service Center: remind now, outside the schedule (after a meeting, or an agency gone quiet). */
  async remindNow(request: z.output<typeof remindNowInputSchema>, actor: Actor): Promise<RemindNowReceipt> {
    const { state, notices } = this;
    const { facts } = state;
    const active = state.activeDeadline()!;
    const deadline = new Date(active.at);
    const now = state.clock.nowDate();
    const workingDaysLeft = countWorkingDays(now, deadline, state.calendar);
    const workingDaysLate =
      now.getTime() > deadline.getTime() ? countWorkingDays(deadline, now, state.calendar) : undefined;
    const onDemand = {
      deadline: active.at,
      workingDaysLeft,
      workingDaysLate,
      note: request.note,
      requestedBy: actor.name,
    };
    const before = state.checkpoint();
    const seq = await this.recorder.recordEvent(
      'remind',
      actor.name,
      {
        assignment: { overdue: facts.overdue },
        details: { kind: active.kind, deadline: active.at, workingDaysLeft, workingDaysLate, note: request.note },
      },
      (seq) =>
        active.kind === 'review'
          ? notices.message(
              `remind:${seq}`,
              'review_reminder',
              notices.recipients.reviewer,
              notices.with({
                ...onDemand,
                version: facts.version,
              }),
            )
          : notices.message(
              `remind:${seq}`,
              'reminder',
              notices.recipients.agency,
              notices.with({
                ...onDemand,
                deadlineKind: active.kind,
              }),
            ),
      { before, gate: GATES.unrecordedChangeTakenBack },
    );
    return {
      kind: active.kind,
      deadline: active.at,
      workingDaysLeft,
      workingDaysLate,
      audience: deadlineAudience(active.kind),
      notificationKey: `${state.workflowId}:remind:${seq}`,
    };
  }

  /** Service Center: report the agency to the Office by hand. */
  async escalateByHand(
    request: z.output<typeof escalateInputSchema>,
    actor: Actor,
  ): Promise<{ escalationKey: string }> {
    const { state } = this;
    const key = `${state.workflowId}:manual:${state.nextEventSeq()}`;
    await this.recorder.escalate('manual', key, 'agency', {
      evidence: { reason: request.reason, by: actor.name, stage: state.facts.stage },
      actor: actor.name,
    });
    return { escalationKey: key };
  }

  /** A planned instant came: the deadline passed (escalate) or a reminder is due (send it). */
  async fire(timer: AgencyTimer): Promise<void> {
    const { state, notices } = this;
    const { facts } = state;
    if (timer.type === 'deadline') {
      const escalate = () =>
        this.recorder.escalate(OVERDUE_ESCALATION[timer.kind], timer.key, deadlineAudience(timer.kind), {
          deadline: timer.deadline,
          evidence: { stage: facts.stage, version: facts.version, returnCount: facts.returnCount },
        });
      // The escalation is recorded first: by the lateness rule it is what makes the agency late now.
      const raised = escalate();
      this.recorder.publish();
      await raised;
      return;
    }
    const reminder = state.takeDueReminders(timer);
    const params = { deadline: reminder.deadline, workingDaysLeft: reminder.offset };
    const key = `reminder:${reminder.key}`;
    this.deliveries.deliver(
      reminder.kind === 'review'
        ? notices.message(
            key,
            'review_reminder',
            notices.recipients.reviewer,
            notices.with({ ...params, version: facts.version }),
          )
        : notices.message(
            key,
            'reminder',
            notices.recipients.agency,
            notices.with({ ...params, deadlineKind: reminder.kind }),
          ),
    );
  }
}

import type { z } from 'zod';
import { deadlineAudience } from '../../domain/deadlines';
import { resumedDeadline, type DeadlineSuspension, type SuspensionDecision } from '../../domain/suspension';
import { database } from '../common/activity-proxies';
import { GATES, type CodeGates } from '../common/code-gates';
import type { Actor } from '../common/update-declarations';
import type { AgencyNotices } from './notices';
import type { AgencyRecorder } from './recorder';
import type { AgencyWorkflowState } from './state';
import type { resumeDeadlineInputSchema, ResumeReceipt, suspendDeadlineInputSchema } from './suspension-messages';

/** Service Center: stop an agency's running deadline while it is blocked, and start it again. */
export class SuspensionHandlers {
  constructor(
    private readonly state: AgencyWorkflowState,
    private readonly notices: AgencyNotices,
    private readonly recorder: AgencyRecorder,
    private readonly gates: CodeGates,
  ) {}

  /**
   * Suspends from the instant the person acted. When the worker reached the Update only after the
   * deadline passed, its overdue escalation, raised meanwhile, is resolved: the deadline was
   * suspended before it passed.
   */
  async suspend(
    request: z.output<typeof suspendDeadlineInputSchema>,
    actor: Actor,
    checked: SuspensionDecision,
  ): Promise<DeadlineSuspension> {
    const { state } = this;
    const atProof = this.gates.follows(GATES.suspensionAtProof);
    const suspension: DeadlineSuspension = { ...(atProof ? checked.atProof : checked.atWorkerTime!), by: actor.name };
    const lateKey = atProof ? state.raisedLatenessKey() : undefined;
    const before = state.checkpoint();
    state.suspended(suspension);
    this.recorder.publish();
    await this.recorder.recordEvent(
      'suspend',
      actor.name,
      {
        assignment: { overdue: state.facts.overdue },
        details: {
          kind: suspension.kind,
          deadline: suspension.deadline,
          workingDaysLeft: suspension.workingDaysLeft,
          reason: request.reason,
        },
      },
      () => undefined,
      { before, gate: GATES.unrecordedChangeTakenBack },
    );
    if (lateKey) await this.recorder.persist(() => database.resolveEscalation({ key: lateKey, at: suspension.since }));
    return suspension;
  }

  async resume(request: z.output<typeof resumeDeadlineInputSchema>, actor: Actor): Promise<ResumeReceipt> {
    const { state, notices } = this;
    const { facts } = state;
    const suspension = facts.suspension!;
    // A suspension whose deadline no longer runs (the list came meanwhile) just ends.
    const applies = state.isSuspended();
    const deadline = applies
      ? resumedDeadline(suspension, state.clock.nowDate(), state.calendar)
      : (facts.deadlines[suspension.kind] ?? suspension.deadline);
    const before = state.checkpoint();
    state.resumed(applies ? { kind: suspension.kind, deadline } : undefined);
    this.recorder.publish();
    const reason =
      `Tiếp tục tính thời hạn sau thời gian tạm dừng (${suspension.reason}): còn ${suspension.workingDaysLeft} ngày làm việc` +
      (request.note ? `. ${request.note}` : '');
    await this.recorder.recordEvent(
      'resume',
      actor.name,
      {
        assignment: { ...(applies && { [`${suspension.kind}Deadline`]: deadline }), overdue: facts.overdue },
        details: {
          kind: suspension.kind,
          previousDeadline: suspension.deadline,
          deadline,
          workingDaysLeft: suspension.workingDaysLeft,
          suspendedSince: suspension.since,
          note: request.note,
        },
      },
      (seq) =>
        applies
          ? notices.message(
              `${seq}:resumed`,
              'deadline_extended',
              notices.recipients[deadlineAudience(suspension.kind)],
              notices.with({ deadlineKind: suspension.kind, deadline, reason }),
            )
          : undefined,
      { before, gate: GATES.unrecordedChangeTakenBack },
    );
    return {
      kind: suspension.kind,
      previousDeadline: suspension.deadline,
      deadline,
      workingDaysLeft: suspension.workingDaysLeft,
    };
  }
}

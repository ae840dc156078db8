import type { z } from 'zod';
import { applyCalendarChange } from '../../domain/calendar-change';
import { deadlineAudience, overdueEscalationKey, plannedTimers, type ActiveDeadline } from '../../domain/deadlines';
import { GATES } from '../common/code-gates';
import type { Actor } from '../common/update-declarations';
import type { AgencyNotices } from './notices';
import type { AgencyRecorder } from './recorder';
import type { AgencyWorkflowState } from './state';
import type { CalendarChangeReceipt, changeCalendarInputSchema } from './calendar-messages';

/**
 * A changed working-day calendar: deadlines counted in working days (resubmission, review) are
 * counted again from where they started; reminders before any deadline follow from the timer plan.
 * What was already sent or raised for the running deadline stays done for its new date.
 */
export class CalendarHandlers {
  constructor(
    private readonly state: AgencyWorkflowState,
    private readonly notices: AgencyNotices,
    private readonly recorder: AgencyRecorder,
  ) {}

  async change(request: z.output<typeof changeCalendarInputSchema>, actor: Actor): Promise<CalendarChangeReceipt> {
    const { state, notices } = this;
    const { facts } = state;
    const deadlinesBefore = { ...facts.deadlines };
    const runningBefore = state.activeDeadline();
    const sentBefore = runningBefore ? this.doneFor(runningBefore) : { offsets: [], escalated: false };

    const before = { checkpoint: state.checkpoint(), calendar: state.calendar, version: facts.calendarVersion };
    // A named day is set whichever kind of day it is (corrections withdraw days off and make-up days).
    state.calendarChanged(applyCalendarChange(state.calendar, request), request.version);
    const runningAfter = state.activeDeadline();
    if (runningAfter && runningBefore && runningAfter.at !== runningBefore.at)
      state.alreadyDone(this.carriedOver(runningAfter, sentBefore));
    this.recorder.publish();

    const after = { ...facts.deadlines };
    const moved = runningAfter && runningBefore && runningAfter.at !== runningBefore.at ? runningAfter : undefined;
    await this.recorder.recordEvent(
      'calendar',
      actor.name,
      {
        assignment: {
          ...(deadlinesBefore.resubmission !== after.resubmission && { resubmissionDeadline: after.resubmission }),
          ...(deadlinesBefore.review !== after.review && { reviewDeadline: after.review }),
          overdue: facts.overdue,
        },
        details: { version: request.version, basis: request.basis, before: deadlinesBefore, after },
      },
      (seq) =>
        moved
          ? notices.message(
              `${seq}:calendar`,
              'deadline_extended',
              notices.recipients[deadlineAudience(moved.kind)],
              notices.with({
                deadlineKind: moved.kind,
                deadline: moved.at,
                reason: `Lịch làm việc thay đổi theo ${request.basis}; thời hạn được tính lại theo số ngày làm việc.`,
              }),
            )
          : undefined,
      {
        before: before.checkpoint,
        takeBack: () => state.calendarChanged(before.calendar, before.version),
        gate: GATES.unrecordedChangeTakenBack,
      },
    );
    return { version: request.version, before: deadlinesBefore, after };
  }

  /** Offsets of the reminders sent for a deadline, and whether its escalation was raised. */
  private doneFor(running: ActiveDeadline): { offsets: number[]; escalated: boolean } {
    const prefix = `${running.kind}:${running.at}:`;
    const offsets = [...this.state.remindersDone]
      .filter((key) => key.startsWith(prefix))
      .map((key) => Number(key.slice(prefix.length)));
    return { offsets, escalated: this.state.escalated.has(overdueEscalationKey(this.state.workflowId, running)) };
  }

  /** The timers of the deadline's new date that stand for what was already sent or raised for its old one. */
  private carriedOver(
    running: ActiveDeadline,
    done: { offsets: number[]; escalated: boolean },
  ): { reminders: string[]; escalations: string[] } {
    const { state } = this;
    const carried = { reminders: [] as string[], escalations: [] as string[] };
    for (const timer of plannedTimers(running, {
      workflowId: state.workflowId,
      reminderOffsets: state.input.policy.reminderOffsets,
      calendar: state.calendar,
      remindersDone: new Set(),
      escalated: new Set(),
    })) {
      if (timer.type === 'reminder' && done.offsets.includes(timer.offset)) carried.reminders.push(timer.key);
      if (timer.type === 'deadline' && done.escalated) carried.escalations.push(timer.key);
    }
    return carried;
  }
}

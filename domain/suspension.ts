import type { ActiveDeadline } from './deadlines';
import type { DeadlineKind } from './stages';
import { addWorkingDays, countWorkingDays, type WorkCalendar } from './working-days';

// Suspending an agency's clock (dừng tính thời gian): while the agency is legitimately blocked its
// running deadline stops; on resume it gets back the working days it had left, counted from the
// resume date. The day of the suspension counts as used, the day of the resume does not (a period
// starts the day after its event, Civil Code art. 147).

export interface DeadlineSuspension {
  kind: DeadlineKind;
  /** The deadline as it stood when suspended. */
  deadline: string;
  /** Working days after the suspension's day up to and including the deadline's day. */
  workingDaysLeft: number;
  since: string;
  by: string;
  reason: string;
}

/** A suspension as its Update's check decided it: from the person's instant, and from the worker's. */
export interface SuspensionDecision {
  atProof: Omit<DeadlineSuspension, 'by'>;
  atWorkerTime?: Omit<DeadlineSuspension, 'by'>;
}

/** The suspension of a running deadline at `now`; refused (Vietnamese) when it has already passed. */
export function suspendDeadline(
  running: ActiveDeadline,
  now: Date,
  calendar: WorkCalendar,
  reason: string,
): Omit<DeadlineSuspension, 'by'> {
  if (now.getTime() > Date.parse(running.at))
    throw new Error(
      'Thời hạn đang chạy đã qua nên không thể tạm dừng; hãy gia hạn (campaign extend) nếu cơ quan có lý do chính đáng.',
    );
  return {
    kind: running.kind,
    deadline: running.at,
    workingDaysLeft: countWorkingDays(now, new Date(running.at), calendar),
    since: now.toISOString(),
    reason,
  };
}

/** The deadline after a resume at `now`: the working days that were left, counted from `now`'s day. */
export function resumedDeadline(suspension: DeadlineSuspension, now: Date, calendar: WorkCalendar): string {
  return addWorkingDays(now, suspension.workingDaysLeft, calendar).toISOString();
}

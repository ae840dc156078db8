import { DEFAULT_POLICY } from './policy';
import { createLatenessCalculator, deadlineEnd, isLate, runningDeadline, type LatenessFacts } from './lateness';
import { ACCEPTED_STAGES, inStages, type DeadlineKind } from './stages';
import { countWorkingDays, workingDaysLate, type WorkCalendar } from './working-days';

// The colour status officials read on a task (còn hạn / sắp đến hạn / quá hạn / hoàn thành đúng hạn /
// hoàn thành trễ hạn), computed once from the one lateness rule (lateness.ts). The admin script's
// `campaign status`, the report and the portal all ask `createDeadlineStatusCalculator`.

export const DEADLINE_STATUSES = ['on_track', 'due_soon', 'overdue', 'done_on_time', 'done_late', 'suspended'] as const;
export type DeadlineStatusClass = (typeof DEADLINE_STATUSES)[number];

export const DEADLINE_STATUS_LABELS: Record<DeadlineStatusClass, string> = {
  on_track: 'Còn hạn',
  due_soon: 'Sắp đến hạn',
  overdue: 'Quá hạn',
  done_on_time: 'Hoàn thành đúng hạn',
  done_late: 'Hoàn thành trễ hạn',
  suspended: 'Tạm dừng tính hạn',
};

export interface DeadlineStatus {
  status: DeadlineStatusClass;
  label: string;
  /** The running deadline (absent once the agency's part is done). */
  deadline?: { kind: DeadlineKind; at: string };
  /** Whose deadline it is: the agency's list, or the reviewer's review of it. */
  owner?: 'agency' | 'reviewer';
  /** While the deadline runs and is not missed: working days after today up to its last day (0 = today is the last). */
  workingDaysLeft?: number;
  /**
   * Working days past the deadline: while overdue, up to today (0 on a day off right after it); once
   * done late, up to the day the accepted list came. 0 otherwise.
   */
  workingDaysOverdue: number;
}

export interface DeadlineStatusFacts extends LatenessFacts {
  /** When the agency last sent its list (the accepted one, once accepted). */
  lastSubmittedAt: Date | null;
}

export interface DeadlineStatusOptions {
  /** "Sắp đến hạn" from this many working days before the last day (default: the first reminder offset). */
  dueSoonWorkingDays?: number;
}

/** The first (largest) reminder offset of a policy: when a deadline starts to be "sắp đến hạn". */
export function dueSoonWorkingDays(reminderOffsets: readonly number[] | undefined): number {
  const offsets = reminderOffsets && reminderOffsets.length > 0 ? reminderOffsets : DEFAULT_POLICY.reminderOffsets;
  return Math.max(...offsets);
}

/**
 * The status of each agency at `now` (null for a withdrawn agency, or a stage dondoc does not know).
 * Overdue is exactly `isLate`; done on time or late is the report's lateness of the accepted list.
 * Memoized by deadline and day, like the lateness calculator: thousands of agencies share a few.
 */
export function createDeadlineStatusCalculator(
  calendar: WorkCalendar,
  now: Date,
  options: DeadlineStatusOptions = {},
): (facts: DeadlineStatusFacts) => DeadlineStatus | null {
  const soon = options.dueSoonWorkingDays ?? dueSoonWorkingDays(undefined);
  const lateness = createLatenessCalculator(calendar, now);
  const ends = new Map<number, Date>();
  const endOf = (at: Date): Date => {
    let end = ends.get(at.getTime());
    if (!end) {
      end = deadlineEnd(at, calendar);
      ends.set(at.getTime(), end);
    }
    return end;
  };
  return (facts) => {
    if (inStages(ACCEPTED_STAGES, facts.stage)) {
      const late = lateness({
        stage: facts.stage,
        submissionDeadline: facts.deadlines.submission,
        resubmissionDeadline: facts.deadlines.resubmission,
        lastSubmittedAt: facts.lastSubmittedAt,
      });
      const days = late?.daysLate ?? 0;
      const status: DeadlineStatusClass = days > 0 ? 'done_late' : 'done_on_time';
      return { status, label: DEADLINE_STATUS_LABELS[status], workingDaysOverdue: days };
    }
    const running = runningDeadline(facts.stage, facts.deadlines);
    if (!running) return null;
    const base = {
      deadline: { kind: running.kind, at: running.at.toISOString() },
      owner: running.kind === 'review' ? ('reviewer' as const) : ('agency' as const),
    };
    if (facts.suspended)
      return { ...base, status: 'suspended', label: DEADLINE_STATUS_LABELS.suspended, workingDaysOverdue: 0 };
    const end = endOf(running.at);
    if (isLate(facts, now, calendar)) {
      const days = now.getTime() > end.getTime() ? workingDaysLate(end, now, calendar) : 0;
      return { ...base, status: 'overdue', label: DEADLINE_STATUS_LABELS.overdue, workingDaysOverdue: days };
    }
    const left = countWorkingDays(now, end, calendar);
    const status: DeadlineStatusClass = left <= soon ? 'due_soon' : 'on_track';
    return { ...base, status, label: DEADLINE_STATUS_LABELS[status], workingDaysLeft: left, workingDaysOverdue: 0 };
  };
}

/** One line for people: "Quá hạn 3 ngày làm việc", "Sắp đến hạn (còn 2 ngày làm việc)", "Còn hạn (hạn cuối hôm nay)". */
export function describeDeadlineStatus(status: DeadlineStatus): string {
  switch (status.status) {
    case 'overdue':
    case 'done_late':
      return status.workingDaysOverdue > 0
        ? `${status.label} ${status.workingDaysOverdue} ngày làm việc`
        : status.label;
    case 'on_track':
    case 'due_soon':
      return status.workingDaysLeft === 0
        ? `${status.label} (hôm nay là ngày cuối)`
        : `${status.label} (còn ${status.workingDaysLeft} ngày làm việc)`;
    default:
      return status.label;
  }
}

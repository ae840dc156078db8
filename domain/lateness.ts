import { endsAtMidnight } from './deadline-display';
import { isLateEscalation } from './escalations';
import {
  activeDeadlineKind,
  inStages,
  PENDING_STAGES,
  STAGES,
  WITHDRAWN_STAGES,
  type DeadlineKind,
  type Stage,
} from './stages';
import { localDay, moveToWorkingDayEnd, workingDaysLate, type WorkCalendar } from './working-days';

// The one lateness rule. The admin script (`--late`, `campaign status`) and the report's list for the
// Chairman both ask `isLate`; the report measures how late with `createLatenessCalculator`.

/** An agency's deadlines as stored. */
export interface StoredDeadlines {
  submission: Date;
  resubmission: Date | null;
  review: Date | null;
}

/** The deadline the agency (or the reviewer) is working against in its stage, if any. */
export function runningDeadline(
  stage: string,
  deadlines: StoredDeadlines,
): { kind: DeadlineKind; at: Date } | undefined {
  if (!(STAGES as readonly string[]).includes(stage)) return undefined;
  const kind = activeDeadlineKind(stage as Stage, deadlines.resubmission !== null);
  const at = kind ? deadlines[kind] : null;
  return kind && at ? { kind, at } : undefined;
}

/**
 * When a deadline really ends: 24:00 of its last day, moved to the end of the next working day when
 * that day is a weekend or holiday (Civil Code arts. 147–148). A 00:00 deadline ends the day before.
 */
export function deadlineEnd(deadline: Date, calendar: WorkCalendar): Date {
  return moveToWorkingDayEnd(endsAtMidnight(deadline) ? new Date(deadline.getTime() - 1) : deadline, calendar);
}

/** What the lateness rule looks at, as the database stores it. */
export interface LatenessFacts {
  stage: string;
  deadlines: StoredDeadlines;
  /** The flag the agency workflow keeps (set when it escalates a missed deadline). */
  overdue: boolean;
  /** The running deadline is suspended (the Service Center paused it): it does not run, so it is not late. */
  suspended: boolean;
  /** The agency's escalations that are still open. */
  openEscalations: readonly { kind: string; deadline: Date | null }[];
}

/**
 * Late: the agency (or its reviewer) has a running deadline, and the system already recorded that
 * deadline missed (the overdue flag; an open overdue escalation for it, or missing at consolidation),
 * or its end has passed. The recorded facts alone are not enough: they are written when the workflow
 * acts, so an agency whose workflow has not run since its deadline passed still reads overdue =
 * false. An escalation for an earlier deadline (since extended) does not make the agency late now,
 * and a suspended deadline is not late.
 */
export function isLate(facts: LatenessFacts, now: Date, calendar: WorkCalendar): boolean {
  const running = runningDeadline(facts.stage, facts.deadlines);
  if (!running || facts.suspended) return false;
  if (facts.overdue) return true;
  const recorded = facts.openEscalations.some(
    (e) => isLateEscalation(e.kind) && (e.deadline === null || e.deadline.getTime() === running.at.getTime()),
  );
  return recorded || now.getTime() > deadlineEnd(running.at, calendar).getTime();
}

/** Which deadline an agency's own lateness is measured against. */
export type LatenessBasis = 'submission' | 'resubmission';

export interface Lateness {
  basis: LatenessBasis;
  /** The deadline as stored. */
  deadline: string;
  /** Working days after the deadline's end until the list came, or until `at` while it has not come. */
  daysLate: number;
  /** True when the list has not come yet: the count still grows. */
  ongoing: boolean;
}

export interface LatenessInput {
  stage: string;
  submissionDeadline: Date;
  resubmissionDeadline: Date | null;
  lastSubmittedAt: Date | null;
}

/**
 * How late each agency's list is, in working days, at `at` (null for a withdrawn agency). Memoized by
 * local days: thousands of agencies share a few deadlines and one day.
 */
export function createLatenessCalculator(calendar: WorkCalendar, at: Date): (input: LatenessInput) => Lateness | null {
  const cache = new Map<string, number>();
  const late = (deadline: Date, until: Date): number => {
    const key = `${deadline.toISOString()}|${localDay(until)}`;
    let days = cache.get(key);
    if (days === undefined) {
      days = workingDaysLate(deadlineEnd(deadline, calendar), until, calendar);
      cache.set(key, days);
    }
    return days;
  };
  return (input) => {
    if (inStages(WITHDRAWN_STAGES, input.stage)) return null;
    // After a return in the system the list owed is the resubmission; an agency that started
    // returned (re-review) still owes it by the submission deadline.
    const basis: LatenessBasis = input.resubmissionDeadline ? 'resubmission' : 'submission';
    const deadline = input.resubmissionDeadline ?? input.submissionDeadline;
    const ongoing = inStages(PENDING_STAGES, input.stage);
    const until = ongoing ? at : (input.lastSubmittedAt ?? at);
    return { basis, deadline: deadline.toISOString(), daysLate: late(deadline, until), ongoing };
  };
}

import { localDay, moveToWorkingDayEnd, workingDaysLate, type WorkCalendar } from '../domain/working-days';
import type { AgencyRow, LatenessBasis, LatenessBucket } from './model';

// Lateness in working days (Civil Code arts. 147–148): a deadline falling on a weekend or holiday
// first moves to the end of the next working day, then every working day after it counts, up to
// the day the list came (or the report's day while it has not come). Tết and nghỉ bù do not count.

const PENDING_STAGES = new Set(['assigned', 'returned']);

export interface LatenessInput {
  stage: string;
  submissionDeadline: Date;
  resubmissionDeadline: Date | null;
  lastSubmittedAt: Date | null;
}

/** Memoized by local days: thousands of agencies share a few deadlines and one report day. */
export function createLatenessCalculator(calendar: WorkCalendar, at: Date) {
  const cache = new Map<string, number>();
  const late = (deadline: Date, until: Date): number => {
    const key = `${localDay(deadline)}|${localDay(until)}`;
    let days = cache.get(key);
    if (days === undefined) {
      days = workingDaysLate(moveToWorkingDayEnd(deadline, calendar), until, calendar);
      cache.set(key, days);
    }
    return days;
  };

  return (input: LatenessInput): AgencyRow['lateness'] => {
    if (input.stage === 'withdrawn') return null;
    // After a return in the system the list owed is the resubmission; a re-review agency (returned
    // before the system) still owes it by the submission deadline.
    const basis: LatenessBasis = input.resubmissionDeadline ? 'resubmission' : 'submission';
    const deadline = input.resubmissionDeadline ?? input.submissionDeadline;
    const ongoing = PENDING_STAGES.has(input.stage);
    const until = ongoing ? at : (input.lastSubmittedAt ?? at);
    return { basis, deadline: deadline.toISOString(), daysLate: late(deadline, until), ongoing };
  };
}

const BUCKETS: { label: string; min: number; max: number }[] = [
  { label: 'Không trễ hạn', min: 0, max: 0 },
  { label: '1–2 ngày', min: 1, max: 2 },
  { label: '3–5 ngày', min: 3, max: 5 },
  { label: '6–10 ngày', min: 6, max: 10 },
  { label: 'Trên 10 ngày', min: 11, max: Number.POSITIVE_INFINITY },
];

/** How many agencies are late by how many working days (withdrawn agencies left out). */
export function latenessDistribution(rows: AgencyRow[]): LatenessBucket[] {
  const counts = BUCKETS.map(() => 0);
  for (const row of rows) {
    if (!row.lateness) continue;
    const i = BUCKETS.findIndex((b) => row.lateness!.daysLate >= b.min && row.lateness!.daysLate <= b.max);
    counts[i]! += 1;
  }
  return BUCKETS.map((b, i) => ({ label: b.label, count: counts[i]! }));
}

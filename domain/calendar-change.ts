import { addWorkingDays, isWeekend, type WorkCalendar } from './working-days';

// An official announcement that changes the working-day calendar after launch (a day off, nghỉ
// bù, or a make-up working day), and what it does to deadlines counted in working days. Pure: the
// agency workflow applies it to its own state.

export interface CalendarAnnouncement {
  /** Weekdays that become days off. */
  daysOff: string[];
  /** Weekend days that become working days (ngày làm bù). */
  workingDays: string[];
  /** The legal basis: the decision's or the letter's number. */
  basis: string;
}

/**
 * The calendar with each named day set: a day off is not worked, a working day is, whether the day
 * is a weekday or a weekend (so a correction can withdraw a day off or a make-up day).
 */
export function applyCalendarChange(
  calendar: WorkCalendar,
  change: Pick<CalendarAnnouncement, 'daysOff' | 'workingDays'>,
): WorkCalendar {
  const holidays = new Set(calendar.holidays);
  const working = new Set(calendar.workingWeekendDays);
  for (const day of change.daysOff) {
    if (isWeekend(day)) working.delete(day);
    else holidays.add(day);
  }
  for (const day of change.workingDays) {
    if (isWeekend(day)) working.add(day);
    else holidays.delete(day);
  }
  return { ...calendar, holidays: [...holidays].sort(), workingWeekendDays: [...working].sort() };
}

/** Where a deadline counted in working days starts, and how many: enough to count it again. */
export interface WorkingDayOrigin {
  from: string;
  workingDays: number;
}

/** The deadline of an origin on a calendar (the rule the campaign states: N working days after `from`). */
export function reproject(origin: WorkingDayOrigin, calendar: WorkCalendar): string {
  return addWorkingDays(new Date(origin.from), origin.workingDays, calendar).toISOString();
}

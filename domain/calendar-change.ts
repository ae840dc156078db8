import { addWorkingDays, type WorkCalendar } from './working-days';

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

/** The calendar with the announcement applied; a day named off stops being a make-up day and vice versa. */
export function applyAnnouncement(calendar: WorkCalendar, announcement: CalendarAnnouncement): WorkCalendar {
  const holidays = new Set(calendar.holidays.filter((day) => !announcement.workingDays.includes(day)));
  const working = new Set(calendar.workingWeekendDays.filter((day) => !announcement.daysOff.includes(day)));
  announcement.daysOff.forEach((day) => holidays.add(day));
  announcement.workingDays.forEach((day) => working.add(day));
  return { holidays: [...holidays].sort(), workingWeekendDays: [...working].sort() };
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

// Working-day arithmetic for deadlines (Civil Code arts. 147–148), in Vietnam local dates.
// Imported by workflow code, so it must stay pure and deterministic: no imports, no Intl, no clock.
// Vietnam is UTC+7 all year (no DST), so a fixed offset gives the local date exactly.

/** Local dates 'YYYY-MM-DD' (Asia/Ho_Chi_Minh). */
export interface WorkCalendar {
  /** Weekdays that are days off (public holidays, Tết, nghỉ bù, swapped days). */
  holidays: string[];
  /** Saturdays/Sundays that are working days (make-up days, ngày làm bù). */
  workingWeekendDays: string[];
  /** The last local day the calendar knows; a deadline past it cannot be counted on it. */
  coversUntil?: string;
}

/** Weekends only: for tests and demos, not for real deadlines. */
export const WORK_CALENDAR_NONE: WorkCalendar = Object.freeze({ holidays: [], workingWeekendDays: [] });

const OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// Bounds every day-by-day walk, so a corrupt calendar cannot hang a workflow task.
const MAX_WALK_DAYS = 366 * 5;

/** Midnight UTC of the local date, as epoch ms; rejects malformed or impossible dates. */
function dayMs(day: string): number {
  const m = DAY_PATTERN.exec(day);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== day) throw new RangeError(`no such date: ${day}`);
  return ms;
}

function dayFromMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function checkInstant(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return ms;
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working-day count must be an integer >= 0, got ${n}`);
}

/** The local date one day later (n = 1) or earlier (n = -1). */
export function shiftDay(day: string, n: number): string {
  return dayFromMs(dayMs(day) + n * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(day: string): number {
  return new Date(dayMs(day)).getUTCDay();
}

export function isWeekend(day: string): boolean {
  const wd = weekday(day);
  return wd === 0 || wd === 6;
}

/** 'YYYY-MM-DD' in Asia/Ho_Chi_Minh. */
export function localDay(instant: Date): string {
  return dayFromMs(checkInstant(instant) + OFFSET_MS);
}

/** Mon–Fri not in holidays, or a make-up weekend day. */
export function isWorkingDay(day: string, calendar: WorkCalendar): boolean {
  dayMs(day);
  if (calendar.workingWeekendDays.includes(day)) return true;
  if (isWeekend(day)) return false;
  return !calendar.holidays.includes(day);
}

/** A period ends at 24:00 local, i.e. 23:59:59.999+07:00 (Civil Code art. 148). */
export function endOfDay(day: string): Date {
  return new Date(dayMs(day) + DAY_MS - 1 - OFFSET_MS);
}

/** `hour`:00 local on that day (08:00 by default, the start of office hours). */
export function startOfWorkingDay(day: string, hour = 8): Date {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`hour must be 0–23, got ${hour}`);
  return new Date(dayMs(day) + hour * 60 * 60 * 1000 - OFFSET_MS);
}

/** The first working day on or after `day` (step 1) or on or before it (step -1). */
function nearestWorkingDay(day: string, calendar: WorkCalendar, step: 1 | -1): string {
  let d = day;
  for (let i = 0; i < MAX_WALK_DAYS; i++) {
    if (isWorkingDay(d, calendar)) return d;
    d = shiftDay(d, step);
  }
  throw new RangeError(`no working day within ${MAX_WALK_DAYS} days of ${day}`);
}

/** The n-th working day strictly after (step 1) or before (step -1) `day`. */
function nthWorkingDay(day: string, n: number, calendar: WorkCalendar, step: 1 | -1): string {
  let d = day;
  let counted = 0;
  for (let i = 0; counted < n; i++) {
    if (i >= MAX_WALK_DAYS) throw new RangeError(`fewer than ${n} working days within ${MAX_WALK_DAYS} days of ${day}`);
    d = shiftDay(d, step);
    if (isWorkingDay(d, calendar)) counted++;
  }
  return d;
}

/**
 * Deadline of a period of n working days starting at `from` (Civil Code arts. 147–148): the day of
 * `from` is not counted, and the period ends at 24:00 of the n-th working day after it.
 * n = 0 is the end of `from`'s day if it is a working day, else the end of the next working day.
 */
export function addWorkingDays(from: Date, n: number, calendar: WorkCalendar): Date {
  checkCount(n);
  const day = localDay(from);
  if (n === 0) return endOfDay(nearestWorkingDay(day, calendar, 1));
  return endOfDay(nthWorkingDay(day, n, calendar, 1));
}

/** A period ending on a weekend/holiday ends at 24:00 of the next working day; on a working day, at 24:00 of that day. */
export function moveToWorkingDayEnd(deadline: Date, calendar: WorkCalendar): Date {
  return endOfDay(nearestWorkingDay(localDay(deadline), calendar, 1));
}

/**
 * Reminder instant: `hour`:00 local on the working day n working days before the deadline's day
 * (n = 0: the deadline's day, or the working day before it if that is a day off).
 */
export function workingDaysBefore(deadline: Date, n: number, calendar: WorkCalendar, hour = 8): Date {
  checkCount(n);
  const day = localDay(deadline);
  const target = n === 0 ? nearestWorkingDay(day, calendar, -1) : nthWorkingDay(day, n, calendar, -1);
  return startOfWorkingDay(target, hour);
}

/**
 * Working days after `from`'s local day up to and including `to`'s local day (0 if `to` is not
 * on a later day). E.g. from Wed 07/02/2024 to Tue 05/03/2024 across Tết 2024 is 14.
 */
export function countWorkingDays(from: Date, to: Date, calendar: WorkCalendar): number {
  const start = localDay(from);
  const end = localDay(to);
  if (end <= start) return 0; // ISO dates compare as strings
  // Counted, not walked: the Monday-to-Friday days of (start, end] by whole weeks, then the
  // calendar's own days inside the range. A day is working when it is a make-up day, or a weekday
  // that is not a day off (isWorkingDay), so each listed day adjusts the count at most once.
  const first = dayMs(start) + DAY_MS;
  const last = dayMs(end);
  let count = weekdaysBetween(first, last);
  const inRange = (day: string) => day > start && day <= end && DAY_PATTERN.test(day) && validDay(day);
  const madeUp = new Set(calendar.workingWeekendDays.filter(inRange));
  for (const day of madeUp) if (isWeekend(day)) count++;
  for (const day of new Set(calendar.holidays.filter(inRange))) if (!madeUp.has(day) && !isWeekend(day)) count--;
  return count;
}

function validDay(day: string): boolean {
  try {
    dayMs(day);
    return true;
  } catch {
    return false;
  }
}

/** Monday-to-Friday days from `first` to `last` (midnights UTC of local dates), both included. */
function weekdaysBetween(first: number, last: number): number {
  const days = Math.round((last - first) / DAY_MS) + 1;
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  const startWeekday = new Date(first).getUTCDay();
  for (let i = 0; i < days % 7; i++) {
    const wd = (startWeekday + i) % 7;
    if (wd !== 0 && wd !== 6) count++;
  }
  return count;
}

/**
 * Working days late: working days after the deadline's local day up to and including `at`'s day.
 * 0 when `at` is on or before the deadline's day (lateness is counted in whole working days).
 * Pass a deadline already moved off weekends/holidays (moveToWorkingDayEnd).
 */
export function workingDaysLate(deadline: Date, at: Date, calendar: WorkCalendar): number {
  return countWorkingDays(deadline, at, calendar);
}

/**
 * Refuses (in Vietnamese) a deadline past the last day the calendar knows: working days counted
 * there would ignore that year's holidays. `what` names the deadline.
 */
export function checkWithinCalendar(deadline: Date, calendar: WorkCalendar, what: string): void {
  const day = localDay(deadline);
  if (calendar.coversUntil !== undefined && day > calendar.coversUntil)
    throw new RangeError(
      `${what} (${day.split('-').reverse().join('/')}) nằm ngoài lịch làm việc của chiến dịch, lịch chỉ tính đến ` +
        `${calendar.coversUntil.split('-').reverse().join('/')}; chọn ngày sớm hơn, hoặc cập nhật lịch trước.`,
    );
}

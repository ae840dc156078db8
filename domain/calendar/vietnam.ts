// Builds the Vietnamese civil-service working calendar outside workflow code (date-holidays is not
// deterministic-safe to bundle); workflows receive the resulting WorkCalendar as plain data.
import Holidays from 'date-holidays';
import { isWeekend, localDay, shiftDay, WORK_CALENDAR_NONE, type WorkCalendar } from '../working-days';
import { OFFICIAL_BREAKS, type OfficialBreak } from './adjustments';
import { calendarAtVersion, type Announcement } from './announcements';

export interface PublicHolidayDay {
  day: string;
  name: string;
}

// One instance: loading the country rules is the expensive part.
const vn = new Holidays('VN', { timezone: 'Asia/Ho_Chi_Minh' });

/**
 * Statutory public holidays of a year, one entry per local day. date-holidays returns Tết as one
 * 5-day entry starting on the eve (2024: 09/02–13/02) plus a 1-day entry for lunar 1/1, and only
 * 02/9 for National Day (the adjacent day is chosen yearly, so it comes from OFFICIAL_BREAKS).
 */
export function publicHolidayDays(year: number): PublicHolidayDay[] {
  // date-holidays derives the lunar days anew on every call (tens of ms a year); a year's are fixed.
  let days = holidaysByYear.get(year);
  if (!days) {
    days = computePublicHolidayDays(year);
    holidaysByYear.set(year, days);
  }
  return days.map((d) => ({ ...d }));
}

const holidaysByYear = new Map<number, readonly PublicHolidayDay[]>();

function computePublicHolidayDays(year: number): PublicHolidayDay[] {
  const byDay = new Map<string, string>();
  for (const h of vn.getHolidays(year)) {
    if (h.type !== 'public') continue; // many 'observance' entries are not days off
    // end is exclusive (local midnight after the last day)
    const last = localDay(new Date(h.end.getTime() - 1));
    for (let d = localDay(h.start); d <= last; d = shiftDay(d, 1)) {
      if (!byDay.has(d)) byDay.set(d, h.name);
    }
  }
  return [...byDay].map(([day, name]) => ({ day, name })).sort((a, b) => (a.day < b.day ? -1 : 1));
}

function breakDays(b: OfficialBreak): string[] {
  const days: string[] = [];
  for (let d = b.from; d <= b.to; d = shiftDay(d, 1)) days.push(d);
  return days;
}

const yearOf = (day: string) => Number(day.slice(0, 4));

/**
 * Working calendar for civil servants, years fromYear..toYear inclusive:
 * 1. statutory public holidays from date-holidays (type 'public', multi-day entries expanded);
 * 2. official yearly breaks (adjustments.ts): every weekday inside is off, make-up Saturdays work;
 * 3. Labour Code 2019 art. 112(3) nghỉ bù for any public holiday on a Sat/Sun that no official break
 *    covers: the next weekday not already off becomes a day off (e.g. Giỗ Tổ Sun 26/04/2026 → Mon 27/04).
 */
export function buildVietnamCalendar(fromYear: number, toYear: number): WorkCalendar {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
    throw new RangeError(`bad year range ${fromYear}..${toYear}`);
  }
  const inRange = (day: string) => yearOf(day) >= fromYear && yearOf(day) <= toYear;

  const off = new Set<string>();
  const covered = new Set<string>(); // days inside an official break
  const working = new Set<string>();
  for (const b of OFFICIAL_BREAKS) {
    for (const d of breakDays(b)) {
      covered.add(d);
      if (!isWeekend(d)) off.add(d);
    }
    for (const d of b.makeUpDays) working.add(d);
  }

  // No public holiday falls late in December, so a year's nghỉ bù never spills into the next one.
  const statutory: string[] = [];
  for (let y = fromYear; y <= toYear; y++) statutory.push(...publicHolidayDays(y).map((h) => h.day));
  for (const d of statutory) if (!isWeekend(d)) off.add(d);

  // Chronological, so consecutive weekend holidays (30/4 Sat + 1/5 Sun) take Mon then Tue.
  for (const d of statutory) {
    if (!isWeekend(d) || covered.has(d)) continue;
    let c = shiftDay(d, 1);
    while (isWeekend(c) || off.has(c)) c = shiftDay(c, 1);
    off.add(c);
  }

  return {
    holidays: [...off].filter(inRange).sort(),
    workingWeekendDays: [...working].filter((d) => inRange(d) && isWeekend(d)).sort(),
    coversUntil: `${toYear}-12-31`,
  };
}

/** Calendar covering the local years of the earliest deadline through the latest deadline + 1. */
export function vietnamCalendarFor(deadlines: Date[]): WorkCalendar {
  if (deadlines.length === 0) throw new RangeError('vietnamCalendarFor needs at least one deadline');
  const years = deadlines.map((d) => yearOf(localDay(d)));
  return buildVietnamCalendar(Math.min(...years), Math.max(...years) + 1);
}

/**
 * A campaign's working-day calendar: weekends only when its definition says so, else the Vietnamese
 * civil-service calendar over the years of the dates given (and the next), at the calendar version
 * given with the stored announcements (version 1, the law's, when none are given).
 */
export function campaignCalendar(
  kind: string | undefined,
  dates: Date[],
  announced?: { all: readonly Announcement[]; version: number },
): WorkCalendar {
  if (kind === 'weekends-only') return WORK_CALENDAR_NONE;
  const law = vietnamCalendarFor(dates);
  return announced ? calendarAtVersion(law, announced.all, announced.version) : law;
}

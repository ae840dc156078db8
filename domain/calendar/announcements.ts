import { applyCalendarChange } from '../calendar-change';
import { isWeekend, isWorkingDay, type WorkCalendar } from '../working-days';

// The working-day calendar as versioned data: version 1 is what the law gives (date-holidays, lunar
// Tết and Giỗ Tổ at UTC+7, nghỉ bù) with the yearly breaks in adjustments.ts; every official
// announcement stored after it (days off, make-up working days, each with its legal basis) is the
// next version. A correction names the version it replaces: that one's days go back to what the
// versions before it said, and the correction's own days apply. Pure: the rows come from the database.

export interface Announcement {
  version: number;
  basis: string;
  daysOff: string[];
  workingDays: string[];
  /** The version this one replaces. */
  corrects?: number | null;
  note?: string | null;
  recordedBy?: string;
  recordedAt?: Date;
}

export interface CalendarChange {
  daysOff: string[];
  workingDays: string[];
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const display = (day: string) => day.split('-').reverse().join('/');

function realDay(day: string): boolean {
  const m = DAY.exec(day);
  if (!m) return false;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === day;
}

/**
 * What is wrong with an announcement an operator gives (Vietnamese, naming the field), or nothing:
 * days off are weekdays, make-up days are Saturdays or Sundays, no day twice, a basis is named, and a
 * correction names a version that exists and is not itself replaced.
 */
export function announcementProblems(
  change: CalendarChange & { basis: string; corrects?: number },
  existing: readonly Announcement[],
): string[] {
  const problems: string[] = [];
  if (change.basis.trim().length === 0)
    problems.push('Căn cứ pháp lý (basis): cần nêu số, ngày văn bản thông báo nghỉ hoặc làm bù.');
  if (change.daysOff.length + change.workingDays.length === 0 && change.corrects === undefined)
    problems.push('Thông báo cần ít nhất một ngày nghỉ (daysOff) hoặc ngày làm bù (workingDays).');
  for (const [field, days] of [
    ['daysOff', change.daysOff],
    ['workingDays', change.workingDays],
  ] as const)
    for (const day of days) {
      if (!realDay(day)) problems.push(`${field}: "${day}" không phải một ngày có thật dạng YYYY-MM-DD.`);
      else if (field === 'daysOff' && isWeekend(day))
        problems.push(`daysOff: ${display(day)} là thứ Bảy hoặc Chủ nhật, vốn đã là ngày nghỉ.`);
      else if (field === 'workingDays' && !isWeekend(day))
        problems.push(`workingDays: ngày làm bù ${display(day)} phải là thứ Bảy hoặc Chủ nhật.`);
    }
  for (const day of change.daysOff)
    if (change.workingDays.includes(day))
      problems.push(`${display(day)} vừa là ngày nghỉ vừa là ngày làm bù; chỉ chọn một.`);
  if (change.corrects !== undefined) {
    const target = existing.find((a) => a.version === change.corrects);
    if (!target) problems.push(`corrects: không có thông báo phiên bản ${change.corrects} để đính chính.`);
    else {
      const replacedBy = existing.find((a) => a.corrects === change.corrects);
      if (replacedBy)
        problems.push(
          `corrects: phiên bản ${change.corrects} đã được đính chính bởi phiên bản ${replacedBy.version}; đính chính phiên bản ${replacedBy.version}.`,
        );
    }
  }
  return problems;
}

/** The announcements in force at a version: up to it, less those a later one (up to it) replaced. */
export function announcementsInForce(all: readonly Announcement[], version: number): Announcement[] {
  const upTo = all.filter((a) => a.version <= version).sort((a, b) => a.version - b.version);
  const replaced = new Set(upTo.map((a) => a.corrects).filter((v): v is number => typeof v === 'number'));
  return upTo.filter((a) => !replaced.has(a.version));
}

/** The calendar at a version: the law's (`law`) with the announcements in force applied in order. */
export function calendarAtVersion(law: WorkCalendar, all: readonly Announcement[], version: number): WorkCalendar {
  return announcementsInForce(all, version).reduce((calendar, a) => applyCalendarChange(calendar, a), law);
}

/** The latest version: 1 when nothing was announced after the law. */
export function latestVersion(all: readonly Announcement[]): number {
  return Math.max(1, ...all.map((a) => a.version));
}

/**
 * What a running workflow on version `from` must change to be on version `to`: every day an
 * announcement names whose status differs between the two (a correction can send a weekday back to
 * work, or a make-up Saturday back to rest).
 */
export function changeBetween(
  law: WorkCalendar,
  all: readonly Announcement[],
  from: number,
  to: number,
): CalendarChange {
  const before = calendarAtVersion(law, all, from);
  const after = calendarAtVersion(law, all, to);
  const named = new Set(
    all.filter((a) => a.version <= Math.max(from, to)).flatMap((a) => [...a.daysOff, ...a.workingDays]),
  );
  const change: CalendarChange = { daysOff: [], workingDays: [] };
  for (const day of [...named].sort()) {
    const was = isWorkingDay(day, before);
    const is = isWorkingDay(day, after);
    if (was && !is) change.daysOff.push(day);
    if (!was && is) change.workingDays.push(day);
  }
  return change;
}

export type DaySource = 'law' | 'announcement';

export interface CalendarDay {
  day: string;
  /** Off on a weekday, or worked on a weekend. */
  working: boolean;
  /** 'law': computed from the law (date-holidays, nghỉ bù, the yearly breaks of adjustments.ts); 'announcement': stored. */
  source: DaySource;
  /** The version and basis of the announcement that decides the day. */
  version?: number;
  basis?: string;
}

/**
 * Every day of the calendar that is not an ordinary weekday or weekend at a version, with where it
 * comes from: computed from the law, or an official announcement (with its version and basis).
 */
export function calendarDays(law: WorkCalendar, all: readonly Announcement[], version: number): CalendarDay[] {
  const deciding = new Map<string, Announcement>();
  for (const a of announcementsInForce(all, version))
    for (const d of [...a.daysOff, ...a.workingDays]) deciding.set(d, a);
  const calendar = calendarAtVersion(law, all, version);
  const special = new Set([...calendar.holidays, ...calendar.workingWeekendDays, ...deciding.keys()]);
  const days: CalendarDay[] = [];
  for (const day of [...special].sort()) {
    const working = isWorkingDay(day, calendar);
    if (working !== isWeekend(day)) continue; // an ordinary day again (an announcement withdrawn)
    const a = deciding.get(day);
    days.push({
      day,
      working,
      source: a ? 'announcement' : 'law',
      ...(a && { version: a.version, basis: a.basis }),
    });
  }
  return days;
}

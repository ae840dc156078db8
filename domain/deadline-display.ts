import { formatDate, formatDateTime } from './time';

// How a deadline or an instant reads for people, everywhere (notifications, the report, the admin
// script): Asia/Ho_Chi_Minh, dd/mm/yyyy. A deadline at exactly 00:00 local is 24:00 of the day
// before (a period ends at 24:00 of its last day, Civil Code art. 148).

/** True for a deadline at exactly 00:00 local: it ends the day before. */
export function endsAtMidnight(deadline: Date | string): boolean {
  const date = new Date(deadline);
  return formatDateTime(date).startsWith('00:00 ') && date.getTime() % 60_000 === 0;
}

/** The last day of a deadline: "04/03/2024" (a midnight deadline reads as the day before). */
export function deadlineDay(deadline: Date | string): string {
  const date = new Date(deadline);
  return formatDate(endsAtMidnight(date) ? new Date(date.getTime() - 1) : date);
}

/** When something happened: "10:15 ngày 04/03/2024". */
export function formatInstant(instant: Date | string): string {
  const [time, day] = formatDateTime(instant).split(' ');
  return `${time} ngày ${day}`;
}

/** A deadline with its hour, for sentences: "23:59 ngày 04/03/2024", "24:00 ngày 11/03/2024". */
export function deadlineWithTime(deadline: Date | string): string {
  return endsAtMidnight(deadline) ? `24:00 ngày ${deadlineDay(deadline)}` : formatInstant(deadline);
}

/** A deadline in short: "hết ngày 04/03/2024" when it ends a day (23:59 or 24:00), else "10:00 ngày 04/03/2024". */
export function formatDeadline(deadline: Date | string): string {
  const endsDay = endsAtMidnight(deadline) || formatDateTime(deadline).startsWith('23:59 ');
  return endsDay ? `hết ngày ${deadlineDay(deadline)}` : formatInstant(deadline);
}

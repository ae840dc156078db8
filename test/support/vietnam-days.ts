// Days as a person in Vietnam sees and types them, for tests that fill date fields.

const DAY_MS = 86_400_000;

/** The day of an instant in Vietnam, as yyyy-mm-dd. */
export const vnDay = (ms: number): string => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);

/** The first Monday-to-Friday day at least `days` after the day of `ms` (a calendar of weekends only). */
export function weekdayAfter(ms: number, days: number): string {
  let at = Date.parse(`${vnDay(ms)}T00:00:00Z`) + days * DAY_MS;
  while ([0, 6].includes(new Date(at).getUTCDay())) at += DAY_MS;
  return new Date(at).toISOString().slice(0, 10);
}

/** A yyyy-mm-dd day as typed into a form: dd/mm/yyyy. */
export const typedDay = (day: string): string => day.split('-').reverse().join('/');

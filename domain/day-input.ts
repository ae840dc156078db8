import { z } from 'zod';

// Days and deadlines as people type them (the admin script's options, the portal's forms), read in
// Vietnam's time: one reading, so a date typed anywhere means the same instant.

const pad = (n: number) => String(n).padStart(2, '0');

function realDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `yyyy-mm-dd` or `dd/mm/yyyy` (d/m allowed) → `yyyy-mm-dd`; undefined when not a real day. */
export function parseDay(text: string): string | undefined {
  const value = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]].map(Number) : vn ? [vn[3], vn[2], vn[1]].map(Number) : [];
  if (year === undefined || month === undefined || day === undefined || !realDay(year, month, day)) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** `dd/mm/yyyy` only, the one date format the portal shows and asks for → `yyyy-mm-dd`; undefined otherwise. */
export function parseShownDay(text: string): string | undefined {
  const value = text.trim();
  return /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(value) ? parseDay(value) : undefined;
}

/**
 * A deadline as people write it → an ISO instant. `dd/mm/yyyy` (or `yyyy-mm-dd`) is the end of that
 * day in Vietnam (23:59:59+07:00); `dd/mm/yyyy HH:mm` is that minute in Vietnam; an ISO 8601
 * instant with an offset is taken as it is.
 */
export function parseDeadline(text: string): string | undefined {
  const value = text.trim();
  const withTime = /^(\S+)\s+(\d{1,2}):(\d{2})$/.exec(value);
  if (withTime) {
    const day = parseDay(withTime[1]!);
    const [hour, minute] = [Number(withTime[2]), Number(withTime[3])];
    return day && hour <= 23 && minute <= 59 ? `${day}T${pad(hour)}:${pad(minute)}:00+07:00` : undefined;
  }
  const day = parseDay(value);
  if (day) return `${day}T23:59:59+07:00`;
  return z.iso.datetime({ offset: true }).safeParse(value).success && !Number.isNaN(Date.parse(value))
    ? value
    : undefined;
}

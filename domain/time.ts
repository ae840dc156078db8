// Dates for people: Asia/Ho_Chi_Minh, dd/mm/yyyy (and HH:mm when the time matters).
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function pick(date: Date): Record<string, string> {
  return Object.fromEntries(parts.formatToParts(date).map((part) => [part.type, part.value]));
}

export function formatDate(date: Date | string): string {
  const p = pick(new Date(date));
  return `${p.day}/${p.month}/${p.year}`;
}

export function formatDateTime(date: Date | string): string {
  const p = pick(new Date(date));
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

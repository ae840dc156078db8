import { deadlineDay, formatInstant } from '../domain/deadline-display';
import { formatDate } from '../domain/time';
import { describeDeadlineStatus, type DeadlineStatus } from '../domain/deadline-status';

// Vietnamese figures for people: dd/mm/yyyy in Asia/Ho_Chi_Minh, 1.234 for thousands, 45,6 %.

const numbers = new Intl.NumberFormat('vi-VN');
const percents = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

export const fmtNumber = (n: number): string => numbers.format(n);

export function fmtPercent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${percents.format((part / whole) * 100)}%`;
}

// Intl formatting costs microseconds per call and a report of 10,000 agencies formats tens of
// thousands of dates, most of them the same few deadlines: remember them (bounded).
function memo(format: (iso: string) => string): (iso: string | null | undefined) => string {
  const cache = new Map<string, string>();
  return (iso) => {
    if (!iso) return '';
    let text = cache.get(iso);
    if (text === undefined) {
      if (cache.size > 100_000) cache.clear();
      text = format(iso);
      cache.set(iso, text);
    }
    return text;
  };
}

/** dd/mm/yyyy; a deadline at exactly 00:00 local is 24:00 of the day before (domain/deadline-display.ts). */
export const fmtDeadline = memo(deadlineDay);

export const fmtDate = memo((iso) => formatDate(iso));

/** "07:30 ngày 06/03/2024". */
export const fmtInstant = (iso: string): string => formatInstant(iso);

/** A local day YYYY-MM-DD as dd/mm/yyyy (no time zone involved). */
export function fmtDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** A local day as dd/mm, for chart axes. */
export const fmtDayShort = (day: string): string => fmtDay(day).slice(0, 5);

export function reportTitle(directiveNumber: string): string {
  return `Báo cáo tiến độ thực hiện Công văn ${directiveNumber}`;
}

export const ATTENTION_TITLE = 'Danh sách cơ quan chậm trễ / thực hiện mang tính đối phó';

/** How days late are counted, by the campaign's own calendar (a rehearsal's may rest on weekends only). */
export function latenessNote(calendar: { weekendsOnly?: boolean }): string {
  const daysOff = calendar.weekendsOnly
    ? 'chỉ không tính thứ Bảy, Chủ nhật (chiến dịch không dùng lịch nghỉ lễ)'
    : 'không tính thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ bù';
  return (
    'Số ngày trễ tính theo ngày làm việc: hạn rơi vào ngày nghỉ được chuyển sang hết ngày làm việc kế tiếp (Điều 148 Bộ luật Dân sự); ' +
    `${daysOff}. Với cơ quan chưa nộp, tính đến ngày lập báo cáo.`
  );
}

/** An agency's colour status as the report prints it: "Quá hạn 3 ngày làm việc" ('' for a withdrawn agency). */
export const fmtDeadlineStatus = (status: DeadlineStatus | null): string =>
  status ? describeDeadlineStatus(status) : '';

/** The summary's counts per colour status, the empty classes left out: "Còn hạn 2, Quá hạn 1". */
export function fmtStatusCounts(totals: readonly { label: string; count: number }[]): string {
  const shown = totals.filter((t) => t.count > 0);
  return shown.length === 0 ? '—' : shown.map((t) => `${t.label} ${fmtNumber(t.count)}`).join(', ');
}

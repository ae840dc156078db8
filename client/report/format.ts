import { formatDate, formatDateTime } from '../../shared/time';

// Vietnamese figures for people: dd/mm/yyyy in Asia/Ho_Chi_Minh, 1.234 for thousands, 45,6 %.

const numbers = new Intl.NumberFormat('vi-VN');
const percents = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

export const fmtNumber = (n: number): string => numbers.format(n);

export function fmtPercent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${percents.format((part / whole) * 100)}%`;
}

/** dd/mm/yyyy; a deadline at exactly 00:00 local is 24:00 of the day before (Civil Code art. 148). */
export function fmtDeadline(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  const midnight = formatDateTime(date).startsWith('00:00 ') && date.getTime() % 60_000 === 0;
  return formatDate(midnight ? new Date(date.getTime() - 1) : date);
}

export const fmtDate = (iso: string | null | undefined): string => (iso ? formatDate(iso) : '');

/** "07:30 ngày 06/03/2024". */
export function fmtInstant(iso: string): string {
  const [time, day] = formatDateTime(iso).split(' ');
  return `${time} ngày ${day}`;
}

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

export const LATENESS_NOTE =
  'Số ngày trễ tính theo ngày làm việc: hạn rơi vào ngày nghỉ được chuyển sang hết ngày làm việc kế tiếp (Điều 148 Bộ luật Dân sự); ' +
  'không tính thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ bù. Với cơ quan chưa nộp, tính đến ngày lập báo cáo.';

// Value rules shared by the declaration's schema (bounds written in the campaign file) and the
// delivery checker. Pure and free of zod, so workflow code loads it at no cost.

const DAY_MONTH_YEAR = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** `05/03/2024` → 20240305, or undefined when it is not a real calendar day written dd/mm/yyyy. */
export function dayNumber(text: string): number | undefined {
  const match = DAY_MONTH_YEAR.exec(text.trim());
  if (!match) return undefined;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2200) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days ? year * 10_000 + month * 100 + day : undefined;
}

// One formatter for every number: `toLocaleString` builds a new one at each call, and a form's
// checker and its diff name hundreds of numbers (the same result, ECMA-402 defines one by the other).
const VIETNAMESE_NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 6 });

/** A number as people read it in Vietnamese: 1.234.567,5. */
export function vietnameseNumber(value: number): string {
  return VIETNAMESE_NUMBER.format(value);
}

/**
 * Why a text column's pattern cannot be used, or undefined. It must compile as a Unicode regular
 * expression, and it may not nest quantifiers (`(a+)+`) nor refer back (`\1`): those can take time
 * exponential in the text's length, and the pattern runs inside the workflow on every delivery.
 */
export function patternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
  } catch {
    return 'không phải biểu thức chính quy hợp lệ';
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'có tham chiếu ngược (\\1, \\k<…>), không được dùng';
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)(?:[+*]|\{\d*,)/.test(pattern))
    return 'có lượng từ lồng nhau, ví dụ (a+)+, có thể chạy rất lâu';
  return undefined;
}

/** The pattern as the checker runs it: the whole text must match. */
export function anchoredPattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

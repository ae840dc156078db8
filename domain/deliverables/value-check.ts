import { visibleText } from '../text';
import type { IndicatorColumn, ValueColumn } from './fields';
import { anchoredPattern, dayNumber, vietnameseNumber } from './values';

// One typed value checked against its declaration: a table cell, a form field, an indicator cell.
// Compiled once per declaration (patterns built, option labels indexed); each check is pure and
// bounded by the value's declared length. Messages say what is wrong and how to fix it; the caller
// puts the location in front.

export type Value = string | number | boolean;
export type ValueResult = { ok: true; value: Value | undefined } | { ok: false; message: string };
export type ValueCheck = (raw: unknown) => ValueResult;

const refuse = (what: string, fix: string): ValueResult => ({ ok: false, message: `${what}. Cách sửa: ${fix}.` });

function range(min: number | undefined, max: number | undefined, unit: string | undefined): string {
  const u = unit ? ` ${unit}` : '';
  if (min !== undefined && max !== undefined) return `từ ${vietnameseNumber(min)} đến ${vietnameseNumber(max)}${u}`;
  if (min !== undefined) return `từ ${vietnameseNumber(min)}${u} trở lên`;
  if (max !== undefined) return `không quá ${vietnameseNumber(max)}${u}`;
  return unit ? `(đơn vị: ${unit})` : '';
}

/** Empty: absent, null, or text with nothing visible. */
export function isEmpty(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && visibleText(raw) === '');
}

type Checked = ValueColumn | IndicatorColumn;

/** The checker of one declared value; `bounds` narrows a number's range (an indicator's own maximum). */
export function compileValue(column: Checked, bounds: { min?: number; max?: number } = {}): ValueCheck {
  const check = compileFilled(column, bounds);
  return (raw) => {
    if (isEmpty(raw))
      return column.required
        ? refuse('Chưa điền', `điền ${column.label.toLocaleLowerCase('vi')}`)
        : { ok: true, value: undefined };
    return check(raw);
  };
}

// Long by design: one case per declared value type, each its own small check.
function compileFilled(column: Checked, bounds: { min?: number; max?: number }): ValueCheck {
  switch (column.type) {
    case 'text':
    case 'long-text': {
      const pattern = column.type === 'text' && column.pattern ? anchoredPattern(column.pattern) : undefined;
      const minLength = column.type === 'text' ? column.minLength : undefined;
      return (raw) => {
        if (typeof raw !== 'string' && typeof raw !== 'number') return refuse('Phải là chữ', 'ghi nội dung bằng chữ');
        const text = visibleText(String(raw));
        if (text.length > column.maxLength)
          return refuse(
            `Dài ${vietnameseNumber(text.length)} ký tự, tối đa ${vietnameseNumber(column.maxLength)}`,
            'rút gọn nội dung',
          );
        if (minLength !== undefined && text.length < minLength)
          return refuse(`Ngắn quá (${text.length} ký tự, tối thiểu ${minLength})`, 'ghi đầy đủ hơn');
        if (pattern && !pattern.test(text))
          return refuse(
            `"${text.slice(0, 80)}" không đúng dạng`,
            `ghi theo ${column.type === 'text' ? column.patternHint : ''}`,
          );
        return { ok: true, value: text };
      };
    }
    case 'integer':
    case 'number': {
      const min = maxOf(column.min, bounds.min);
      const max = minOf(column.max, bounds.max);
      const unit = column.unit;
      const integer = column.type === 'integer';
      const decimals = column.type === 'number' ? column.decimals : 0;
      const fix = `ghi ${integer ? 'một số nguyên' : 'một số'} ${range(min, max, unit)}`.trim();
      return (raw) => {
        if (typeof raw !== 'number' || !Number.isFinite(raw))
          return refuse(`"${String(raw).slice(0, 40)}" không phải là số`, fix);
        if (integer && !Number.isSafeInteger(raw)) return refuse(`${vietnameseNumber(raw)} không phải số nguyên`, fix);
        if (
          decimals !== undefined &&
          !integer &&
          Math.abs(raw * 10 ** decimals - Math.round(raw * 10 ** decimals)) > 1e-6
        )
          return refuse(
            `${vietnameseNumber(raw)} có quá ${decimals} chữ số thập phân`,
            `làm tròn đến ${decimals} chữ số thập phân`,
          );
        if ((min !== undefined && raw < min) || (max !== undefined && raw > max))
          return refuse(`${vietnameseNumber(raw)} nằm ngoài khoảng cho phép`, fix);
        return { ok: true, value: raw };
      };
    }
    case 'date': {
      const min = column.min === undefined ? undefined : dayNumber(column.min);
      const max = column.max === undefined ? undefined : dayNumber(column.max);
      const within = [column.min && `từ ${column.min}`, column.max && `đến ${column.max}`].filter(Boolean).join(' ');
      const fix = `ghi ngày dạng dd/mm/yyyy${within ? ` ${within}` : ''}, ví dụ ${column.min ?? '05/03/2024'}`;
      return (raw) => {
        const day = typeof raw === 'string' ? dayNumber(raw) : undefined;
        if (day === undefined) return refuse(`"${String(raw).slice(0, 40)}" không phải ngày dd/mm/yyyy có thật`, fix);
        if ((min !== undefined && day < min) || (max !== undefined && day > max))
          return refuse(`Ngày ${String(raw).trim()} nằm ngoài khoảng cho phép`, fix);
        const text = String(raw).trim();
        const [d, m, y] = text.split('/');
        return { ok: true, value: `${d!.padStart(2, '0')}/${m!.padStart(2, '0')}/${y}` };
      };
    }
    case 'choice': {
      const byText = new Map<string, string>();
      for (const option of column.options) {
        byText.set(option.value, option.value);
        byText.set(visibleText(option.label).toLocaleLowerCase('vi'), option.value);
      }
      const shown = column.options
        .slice(0, 12)
        .map((o) => `"${o.label}"`)
        .join(', ');
      const more = column.options.length > 12 ? ` (và ${column.options.length - 12} lựa chọn khác)` : '';
      return (raw) => {
        const text = typeof raw === 'string' ? visibleText(raw) : '';
        const value = byText.get(text) ?? byText.get(text.toLocaleLowerCase('vi'));
        if (value === undefined)
          return refuse(`"${String(raw).slice(0, 80)}" không có trong danh sách`, `chọn một trong: ${shown}${more}`);
        return { ok: true, value };
      };
    }
    case 'yes-no':
      return (raw) =>
        typeof raw === 'boolean'
          ? { ok: true, value: raw }
          : refuse(`"${String(raw).slice(0, 40)}" không phải có/không`, 'chọn Có hoặc Không');
  }
}

const maxOf = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);
const minOf = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

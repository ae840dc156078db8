import type { Value } from '../domain/deliverables/value-check';
import { foldText } from '../domain/list-quality';
import { visibleText } from '../domain/text';
import { formatDay, isDateFormat, type RawCell } from '../list-files/cells';
import { NO, YES, type TableColumn } from './columns';

// One cell turned into the typed value its column declares: numbers as Excel stores them or as
// Vietnamese people type them (1.234,5), days as Excel dates or dd/mm/yyyy text, choices and yes/no
// by their labels. Only the form is judged here; whether the value is allowed (bounds, lengths,
// patterns, options, a real day) is the delivery checker's (domain/deliverables/value-check.ts).

export type CellValue = { value?: Value } | { what: string; fix: string };

const TEXT_FORMAT_FIX = 'định dạng cột là Văn bản (Format Cells → Text) rồi nhập lại đúng nội dung';
const NUMBER_FIX =
  'ghi số bằng chữ số, không kèm đơn vị; dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân, ví dụ 1.234,5';
const DATE_FIX = 'ghi ngày dạng dd/mm/yyyy, ví dụ 05/03/2026';
const shown = (text: string) => `"${text.length > 60 ? `${text.slice(0, 60)}…` : text}"`;

/** A number as typed: `1.234,5` and `1234,5` (Vietnamese), `1234.5` and `1,234.5` (as Excel or English write it). */
function parseNumberText(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  const match = /^([+-]?)(.+)$/.exec(compact);
  if (!match) return undefined;
  const [, sign, body] = match as unknown as [string, string, string];
  let plain: string | undefined;
  if (/^\d+$/.test(body)) plain = body;
  else if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(body)) plain = body.replace(/\./g, '').replace(',', '.');
  else if (/^\d*,\d+$/.test(body)) plain = body.replace(',', '.');
  else if (/^\d{1,3}(,\d{3}){2,}(\.\d+)?$/.test(body) || /^\d{1,3}(,\d{3})+\.\d+$/.test(body))
    plain = body.replace(/,/g, '');
  else if (/^\d*\.\d+$/.test(body)) plain = body;
  if (plain === undefined) return undefined;
  const value = Number(`${sign}${plain}`);
  return Number.isFinite(value) ? value : undefined;
}

/** `5/3/2026`, `05-03-2026`, `05.03.2026` or `2026-03-05` → `05/03/2026`; undefined when it is no day's shape. */
function dayText(text: string): string | undefined {
  const pad = (n: string) => n.padStart(2, '0');
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (dmy) return `${pad(dmy[1]!)}/${pad(dmy[2]!)}/${dmy[3]}`;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return `${pad(iso[3]!)}/${pad(iso[2]!)}/${iso[1]}`;
  return undefined;
}

const YES_WORDS = new Set([YES, 'c', 'x', 'yes', 'y', 'true', '1', 'dung', 'đúng'].map((w) => foldText(w)));
const NO_WORDS = new Set([NO, 'k', 'ko', 'no', 'n', 'false', '0', 'sai'].map((w) => foldText(w)));

/** Reads cells of one column; choices are indexed once by their folded labels. */
export function compileCellReader(column: TableColumn): (cell: RawCell | undefined) => CellValue {
  const byFolded = new Map<string, string | null>();
  if (column.type === 'choice')
    for (const option of column.options)
      for (const name of [option.label, option.value]) {
        const folded = foldText(name);
        // Two options alike but for diacritics: neither is guessed, the checker asks for the exact one.
        const known = byFolded.get(folded);
        byFolded.set(folded, known === undefined || known === option.value ? option.value : null);
      }

  const fromText = (raw: string): CellValue => {
    const text = visibleText(raw);
    if (text === '') return {};
    switch (column.type) {
      case 'text':
      case 'long-text':
        return { value: text };
      case 'integer':
      case 'number': {
        const value = parseNumberText(text);
        if (value !== undefined) return { value };
        const kind = column.type === 'integer' ? 'số nguyên' : 'số';
        return {
          what: `${shown(text)} không phải ${kind}`,
          fix: column.type === 'integer' ? 'ghi số bằng chữ số, không kèm đơn vị, ví dụ 12' : NUMBER_FIX,
        };
      }
      case 'date': {
        const value = dayText(text);
        return value !== undefined ? { value } : { what: `${shown(text)} không phải ngày`, fix: DATE_FIX };
      }
      case 'choice': {
        const exact = column.options.find((o) => o.value === text || o.label === text);
        return { value: exact?.value ?? byFolded.get(foldText(text)) ?? text };
      }
      case 'yes-no': {
        const folded = foldText(text);
        if (YES_WORDS.has(folded)) return { value: true };
        if (NO_WORDS.has(folded)) return { value: false };
        return { what: `${shown(text)} không phải ${YES}/${NO}`, fix: `chọn ${YES} hoặc ${NO}` };
      }
    }
  };

  return (cell) => {
    if (!cell) return {};
    switch (cell.type) {
      case 'problem':
        return { what: cell.message, fix: cell.fix };
      case 'text':
        return fromText(cell.text);
      case 'date':
        if (column.type === 'date') return { value: formatDay(cell.value) };
        return {
          what: `ô chứa ngày ${formatDay(cell.value)}, không phải ${column.type === 'integer' || column.type === 'number' ? 'số' : 'chữ'} — Excel đã tự đổi nội dung thành ngày`,
          fix: column.type === 'integer' || column.type === 'number' ? NUMBER_FIX : TEXT_FORMAT_FIX,
        };
      case 'number':
        if (column.type === 'integer' || column.type === 'number') return { value: cell.value };
        if (column.type === 'date')
          return {
            what: `ô chứa số ${cell.value}, không phải ngày`,
            fix: `${DATE_FIX}, hoặc định dạng ô là ngày (Format Cells → Date)`,
          };
        if (column.type === 'yes-no') return fromText(String(cell.value));
        if (isDateFormat(cell.numFmt))
          return {
            what: `ô chứa số ${cell.value} được định dạng ngày tháng — Excel đã tự đổi nội dung thành ngày`,
            fix: TEXT_FORMAT_FIX,
          };
        return fromText(String(cell.value));
    }
  };
}

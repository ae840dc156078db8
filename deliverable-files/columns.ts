import type { TableDeclaration } from '../domain/deliverables';
import { VALUE_TYPE_LABELS, type ValueColumn } from '../domain/deliverables/fields';
import { vietnameseNumber } from '../domain/deliverables/values';
import { headerKey } from '../list-files/layout';
import { GUIDE_SHEET_NAME } from '../list-files/xlsx';

// How a declared table's columns appear in a spreadsheet: the header people read, the width, the
// number format, and what the column asks for in words (the input prompt, the guide sheet). The
// header is the label, its unit in brackets and (*) when required; headers are matched on the label
// alone (headerKey drops bracketed remarks and stars), so people may drop the unit or the mark.

export type TableColumn = ValueColumn;

export const YES = 'Có';
export const NO = 'Không';

/** The header row's text of a column: `Số lượng (chiếc) (*)`. */
export function columnHeader(column: TableColumn): string {
  const unit = 'unit' in column && column.unit ? ` (${column.unit})` : '';
  return `${column.label}${unit}${column.required ? ' (*)' : ''}`;
}

/** Excel's number format for the column's cells: text stays text, days show as dd/mm/yyyy. */
export function columnFormat(column: TableColumn): string | undefined {
  switch (column.type) {
    case 'text':
    case 'long-text':
    case 'choice':
    case 'yes-no':
      return '@';
    case 'integer':
      return '#,##0';
    case 'number':
      return column.decimals === undefined
        ? undefined
        : column.decimals === 0
          ? '#,##0'
          : `#,##0.${'0'.repeat(column.decimals)}`;
    case 'date':
      return 'dd/mm/yyyy';
  }
}

/** Width in characters: room for the header and for a typical value of the type. */
export function columnWidth(column: TableColumn): number {
  const byType = {
    text: column.type === 'text' ? Math.min(40, Math.max(14, Math.ceil(column.maxLength / 8))) : 0,
    'long-text': 50,
    integer: 12,
    number: 18,
    date: 13,
    choice: column.type === 'choice' ? Math.max(...column.options.map((o) => o.label.length)) + 4 : 0,
    'yes-no': 10,
  }[column.type];
  return Math.min(60, Math.max(byType, Math.ceil(columnHeader(column).length * 0.9) + 2));
}

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `từ ${vietnameseNumber(min)} đến ${vietnameseNumber(max)}`;
  if (min !== undefined) return `từ ${vietnameseNumber(min)} trở lên`;
  if (max !== undefined) return `không quá ${vietnameseNumber(max)}`;
  return '';
}

/** What the column asks for, in one sentence: the type, its bounds and unit, how to write it. */
export function columnRule(column: TableColumn): string {
  switch (column.type) {
    case 'text':
      return `Chữ, tối đa ${vietnameseNumber(column.maxLength)} ký tự${column.minLength ? `, tối thiểu ${column.minLength}` : ''}${column.patternHint ? `; ghi theo ${column.patternHint}` : ''}.`;
    case 'long-text':
      return `Đoạn văn, tối đa ${vietnameseNumber(column.maxLength)} ký tự.`;
    case 'integer':
      return `Số nguyên ${range(column.min, column.max)}${column.unit ? ` (đơn vị: ${column.unit})` : ''}, ví dụ ${vietnameseNumber(column.min ?? 12)}.`.replace(
        '  ',
        ' ',
      );
    case 'number': {
      const decimals =
        column.decimals === undefined
          ? ''
          : column.decimals === 0
            ? ', không có phần thập phân'
            : `, tối đa ${column.decimals} chữ số thập phân`;
      return `Số ${range(column.min, column.max)} (đơn vị: ${column.unit})${decimals}; dấu chấm ngăn nghìn, dấu phẩy trước phần thập phân, ví dụ 1.234,5.`.replace(
        '  ',
        ' ',
      );
    }
    case 'date':
      return `Ngày dạng dd/mm/yyyy${column.min ? ` từ ${column.min}` : ''}${column.max ? ` đến ${column.max}` : ''}, ví dụ ${column.min ?? '05/03/2026'}.`;
    case 'choice':
      return `Chọn một trong: ${column.options.map((o) => o.label).join('; ')}.`;
    case 'yes-no':
      return `Chọn ${YES} hoặc ${NO}.`;
  }
}

/** The column's kind as people read it ("số nguyên"). */
export const columnKind = (column: TableColumn) => VALUE_TYPE_LABELS[column.type];

/** The hidden sheet of the choice lists (the guide's name is the list template's). */
export const CHOICES_SHEET = 'Danh mục lựa chọn';

/** The data sheet's name: the title, without the characters Excel refuses, cut to Excel's 31. */
export function dataSheetName(declaration: TableDeclaration): string {
  const clean = declaration.title
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^'+|'+$/g, '')
    .trim();
  const space = clean.slice(0, 31).lastIndexOf(' ');
  const name = clean.length <= 31 ? clean : clean.slice(0, space >= 15 ? space : 31).trim();
  // Excel compares sheet names without regard to case: the data sheet may not take another's name.
  const taken = [GUIDE_SHEET_NAME, CHOICES_SHEET].some((other) => matchKey(other) === matchKey(name));
  return name === '' || taken ? 'Dữ liệu' : name;
}

/** The header as matched: case, diacritics, spacing, (…) remarks and * marks aside. */
export const matchKey = headerKey;

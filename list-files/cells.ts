import { cleanCellText, type ColumnKey } from './layout';

// Cells as a file format hands them over, and the text of one cell for one column: dates and
// numbers that lost information on the way are problems with their fix.

/** A cell as the file gave it; formats decide how much they can tell (csv only has text). */
export type RawCell =
  | { type: 'text'; text: string }
  | { type: 'number'; value: number; numFmt?: string }
  | { type: 'date'; value: Date }
  | { type: 'problem'; message: string; fix: string };

export interface RawRow {
  /** Row number as shown to people (from 1). */
  row: number;
  /** By column index from 0. */
  cells: Map<number, RawCell>;
  /** A merge across columns touching this row, e.g. `A7:I7`. */
  mergedAcross?: string;
}

export interface RawSheet {
  /** Worksheet name; absent for csv. */
  sheet?: string;
  rows: RawRow[];
}

export interface CellLocation {
  sheet?: string;
  row?: number;
  column?: string;
}

export const CODE_FIX =
  'ghi mã dạng 1.002421 (mã quốc gia) hoặc 1.002421.000.00.00.H48 (mã của tỉnh), dùng dấu chấm, không có khoảng trắng';
const TEXT_FORMAT_FIX = 'định dạng cột là Văn bản (Format Cells → Text) rồi nhập lại đúng nội dung';

/** A date-like number format: d, m, y, h or s outside quoted text and [colour] sections. */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

export function formatDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
}

export type CellResult = { value?: string; problem?: { message: string; fix: string } };

/** The text of a cell for one column; dates and numbers that lost information are problems. */
export function cellText(key: ColumnKey, cell: RawCell | undefined): CellResult {
  if (!cell) return {};
  switch (cell.type) {
    case 'problem':
      return { problem: { message: cell.message, fix: cell.fix } };
    case 'date':
      return {
        problem: {
          message: `ô chứa ngày tháng ${formatDay(cell.value)} — Excel đã tự đổi nội dung thành ngày`,
          fix: TEXT_FORMAT_FIX,
        },
      };
    case 'number': {
      if (isDateFormat(cell.numFmt)) {
        return {
          problem: {
            message: `ô chứa số ${cell.value} được định dạng ngày tháng — Excel đã tự đổi nội dung thành ngày`,
            fix: TEXT_FORMAT_FIX,
          },
        };
      }
      if (key === 'code') {
        // 1.002421 typed into a General cell is stored as a number; 1.002420 becomes 1.00242.
        const decimals = /^0\.(0+)$/.exec(cell.numFmt ?? '')?.[1]?.length;
        const text = decimals === 6 ? cell.value.toFixed(6) : String(cell.value);
        if (/^\d\.\d{6}$/.test(text)) return { value: text };
        return {
          problem: {
            message: `Mã TTHC đang là số ${text}, không phải văn bản — Excel có thể đã bỏ mất chữ số 0 ở cuối`,
            fix: `${TEXT_FORMAT_FIX}; ${CODE_FIX}`,
          },
        };
      }
      return { value: String(cell.value) };
    }
    case 'text': {
      const text = cleanCellText(cell.text);
      return text === '' ? {} : { value: text };
    }
  }
}

/** (1) (2) (3) … or 1 2 3 … in every filled cell, at least three of them. */
export function isNumberingRow(row: RawRow): boolean {
  const cells = [...row.cells.values()].filter((cell) => cell.type !== 'text' || cleanCellText(cell.text) !== '');
  return (
    cells.length >= 3 &&
    cells.every(
      (cell) =>
        (cell.type === 'number' && Number.isInteger(cell.value)) ||
        (cell.type === 'text' && /^\(?\d{1,2}\)?$/.test(cleanCellText(cell.text))),
    )
  );
}

import type { ListFileIssue } from './errors';
import {
  LIST_COLUMNS,
  LIST_FILE_LIMITS,
  LIST_HEADERS,
  cleanCellText,
  columnLetter,
  columnSpec,
  matchHeader,
  type ColumnKey,
} from './layout';
import type { CellLocation, RawCell, RawRow } from './cells';

// Finds the header row of a list and the column of each known header, reporting unknown,
// repeated and missing headers.

export const HEADER_LIST = LIST_HEADERS.join(' | ');

export interface ListHeader {
  header: RawRow;
  /** The column index of each known header. */
  columns: Map<ColumnKey, number>;
}

/** The header among `rows` (non-blank, in order); undefined, with the problems in `issues`, when there is none fit to read under. */
export function readHeader(
  rows: RawRow[],
  issues: ListFileIssue[],
  at: (row: number | undefined, key?: ColumnKey) => CellLocation,
): ListHeader | undefined {
  const reported = issues.length;
  const issue = (row: number | undefined, key: ColumnKey | undefined, message: string, fix: string) =>
    issues.push({ ...at(row, key), message, fix });
  // The header row: the first of the first rows naming at least two known columns.
  const headerText = (cell: RawCell | undefined) => (cell?.type === 'text' ? cleanCellText(cell.text) : '');
  const header = rows
    .filter((row) => row.row <= rows[0]!.row + LIST_FILE_LIMITS.headerSearchRows - 1)
    .find((row) => [...row.cells.values()].filter((cell) => matchHeader(headerText(cell)) !== undefined).length >= 2);
  if (!header) {
    issue(
      rows[0]!.row,
      undefined,
      `không tìm thấy dòng tiêu đề trong ${LIST_FILE_LIMITS.headerSearchRows} dòng đầu; cần các cột ${HEADER_LIST}`,
      'dùng tệp mẫu (list-files/templates/mau-danh-sach-giay-to-so-hoa.xlsx): giữ nguyên dòng tiêu đề, mỗi dòng sau là một giấy tờ',
    );
    return undefined;
  }

  const columns = new Map<ColumnKey, number>();
  const unknown: string[] = [];
  for (const [index, cell] of [...header.cells.entries()].sort(([a], [b]) => a - b)) {
    const text = headerText(cell);
    if (text === '') continue;
    const key = matchHeader(text);
    if (!key) {
      unknown.push(`"${text}" (cột ${columnLetter(index)})`);
      issues.push({
        ...at(header.row),
        column: text,
        message: `tiêu đề "${text}" ở cột ${columnLetter(index)} không thuộc mẫu`,
        fix: `đổi lại đúng một trong các tên cột ${HEADER_LIST}, hoặc xóa cột này`,
      });
    } else if (columns.has(key)) {
      issue(
        header.row,
        key,
        `cột "${columnSpec(key).header}" có hai lần (cột ${columnLetter(columns.get(key)!)} và ${columnLetter(index)})`,
        'xóa hoặc đổi tên một trong hai cột',
      );
    } else {
      columns.set(key, index);
    }
  }
  for (const spec of LIST_COLUMNS) {
    if (!spec.required || columns.has(spec.key)) continue;
    const renamed = unknown.length > 0 ? `; có thể cột ${unknown.join(', ')} là cột này bị đổi tên` : '';
    issue(
      header.row,
      spec.key,
      `dòng tiêu đề thiếu cột "${spec.header}"${renamed}`,
      `đặt tiêu đề cột đúng là "${spec.header}" như trong tệp mẫu (${HEADER_LIST})`,
    );
  }
  return issues.length > reported ? undefined : { header, columns };
}

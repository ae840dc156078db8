import type { TableDeclaration } from '../domain/deliverables';
import type { RawRow } from '../list-files/cells';
import { LIST_FILE_LIMITS, cleanCellText, columnLetter } from '../list-files/layout';
import { columnHeader, matchKey, type TableColumn } from './columns';
import { problemAt, type ProblemList } from './problems';

// The header row of a declared table's sheet and the column under each header. A header is the
// column's label or key, whatever the case, diacritics, spacing, (unit) or (*) mark; two columns
// with the same label are told apart by their order. Unknown headers, a header given twice and a
// required column missing are problems; an optional column may be left out.

export interface TableHeader {
  /** The header's row number. */
  row: number;
  /** The declared column under each sheet column index. */
  columns: Map<number, TableColumn>;
}

const headerText = (row: RawRow, index: number) => {
  const cell = row.cells.get(index);
  return cell?.type === 'text' ? cleanCellText(cell.text) : '';
};

/** The declared columns by the key their header folds to, in declaration order. */
function headerIndex(declaration: TableDeclaration): Map<string, TableColumn[]> {
  const index = new Map<string, TableColumn[]>();
  for (const column of declaration.columns) {
    const labelKey = matchKey(column.label);
    index.set(labelKey, [...(index.get(labelKey) ?? []), column]);
  }
  for (const column of declaration.columns) {
    const keyKey = matchKey(column.key);
    if (!index.has(keyKey)) index.set(keyKey, [column]);
  }
  return index;
}

/** The header among the sheet's first rows, or undefined with the problems added. */
export function readTableHeader(
  declaration: TableDeclaration,
  rows: readonly RawRow[],
  sheet: string | undefined,
  problems: ProblemList,
): TableHeader | undefined {
  const before = problems.size;
  const index = headerIndex(declaration);
  const at = (row: number | undefined, column?: TableColumn) => ({
    ...(sheet !== undefined && { sheet }),
    ...(row !== undefined && { row }),
    ...(column && { column: column.label, columnKey: column.key }),
  });
  const all = declaration.columns.map((c) => `"${columnHeader(c)}"`).join(', ');
  const needed = Math.min(2, declaration.columns.length);
  const first = rows[0]?.row ?? 1;
  const header = rows
    .filter((row) => row.row < first + LIST_FILE_LIMITS.headerSearchRows)
    .find((row) => [...row.cells.keys()].filter((i) => index.has(matchKey(headerText(row, i)))).length >= needed);
  if (!header) {
    problems.add(
      problemAt(
        at(rows.length > 0 ? first : undefined),
        `không tìm thấy dòng tiêu đề trong ${LIST_FILE_LIMITS.headerSearchRows} dòng đầu`,
        `dùng tệp mẫu của chiến dịch: giữ nguyên dòng tiêu đề với các cột ${all}, mỗi dòng sau là một dòng của bảng`,
      ),
    );
    return undefined;
  }

  const columns = new Map<number, TableColumn>();
  const taken = new Map<string, number>();
  for (const i of [...header.cells.keys()].sort((a, b) => a - b)) {
    const text = headerText(header, i);
    if (text === '') continue;
    const key = matchKey(text);
    const candidates = index.get(key);
    const used = taken.get(key) ?? 0;
    const column = candidates?.[used];
    if (!candidates) {
      problems.add(
        problemAt(
          at(header.row),
          `tiêu đề "${text}" ở cột ${columnLetter(i)} không thuộc mẫu`,
          `đổi lại đúng một trong các tên cột ${all}, hoặc xóa cột này`,
        ),
      );
    } else if (!column) {
      problems.add(
        problemAt(
          at(header.row, candidates[0]),
          `cột có hai lần (lần nữa ở cột ${columnLetter(i)})`,
          'xóa hoặc đổi tên một trong hai cột',
        ),
      );
    } else {
      taken.set(key, used + 1);
      columns.set(i, column);
    }
  }
  const present = new Set(columns.values());
  for (const column of declaration.columns)
    if (column.required && !present.has(column))
      problems.add(
        problemAt(
          at(header.row, column),
          `dòng tiêu đề thiếu cột bắt buộc "${columnHeader(column)}"`,
          `thêm cột có tiêu đề "${columnHeader(column)}" như trong tệp mẫu`,
        ),
      );
  return problems.size > before ? undefined : { row: header.row, columns };
}

import { compileDeliverable, type TableDeclaration, type TableDelivery } from '../domain/deliverables';
import type { TableRow } from '../domain/deliverables/rule-sets';
import type { RawRow, RawSheet } from '../list-files/cells';
import { readCsvSheet } from '../list-files/csv';
import { ListFileError } from '../list-files/errors';
import { LIST_FILE_LIMITS, cleanCellText, columnLetter } from '../list-files/layout';
import { readXlsxSheet } from '../list-files/xlsx';
import { compileCellReader } from './cells';
import { dataSheetName, matchKey } from './columns';
import { readTableHeader } from './header';
import { readDeliveryJson } from './json';
import { ProblemList, fromListFileError, placeIssue, problemAt, type TableFileProblem } from './problems';

// An uploaded file of a declared table (.xlsx, .csv, or .json holding the delivery itself) read
// into the delivery the checker takes, each row remembered by the row people see in their file.
// The reader turns cells into typed values and says where a cell is not of its type; every rule of
// the declaration (bounds, required values, row keys, rule sets) is the checker's alone.

export type TableFileFormat = 'xlsx' | 'csv' | 'json';

export type TableUpload =
  | {
      ok: true;
      delivery: TableDelivery;
      /** The file's row of each delivery row (`sourceRows[0]` is the row of `delivery.rows[0]`). */
      sourceRows: number[];
      /** The sheet read (.xlsx only). */
      sheet?: string;
    }
  | { ok: false; problems: TableFileProblem[] };

export interface TableUploadCheck {
  ok: boolean;
  /** What refuses the upload, placed in the file. */
  problems: TableFileProblem[];
  /** Notes for the reviewer from the declaration's rule sets, placed in the file. */
  findings: TableFileProblem[];
  /** The delivery as the checker accepted it. */
  delivery?: TableDelivery;
}

const FILE = 'tệp tải lên';

const isBlank = (row: RawRow) =>
  [...row.cells.values()].every((cell) => cell.type === 'text' && cleanCellText(cell.text) === '');

/** The sheet's rows under the header as the delivery's rows, or the problems that stop it. */
function rowsOfSheet(declaration: TableDeclaration, raw: RawSheet): TableUpload {
  const problems = new ProblemList();
  const sheet = raw.sheet;
  const rows = raw.rows.filter((row) => !isBlank(row));
  const header = readTableHeader(declaration, rows, sheet, problems);
  if (!header) return { ok: false, problems: problems.problems() };
  const data = rows.filter((row) => row.row > header.row);
  if (data.length > declaration.maxRows) {
    problems.add(
      problemAt(
        sheet === undefined ? {} : { sheet },
        `bảng có ${data.length.toLocaleString('vi-VN')} dòng, tối đa ${declaration.maxRows.toLocaleString('vi-VN')}`,
        'bỏ các dòng trùng hoặc thừa, và xóa hẳn các dòng ví dụ hay dòng cộng ở cuối',
      ),
    );
    return { ok: false, problems: problems.problems() };
  }
  const readers = new Map([...header.columns].map(([index, column]) => [index, compileCellReader(column)] as const));
  const deliveryRows: TableRow[] = [];
  const sourceRows: number[] = [];
  for (const row of data) {
    const at = (column?: { label: string; key: string }) => ({
      ...(sheet !== undefined && { sheet }),
      row: row.row,
      ...(column && { column: column.label, columnKey: column.key }),
    });
    if (row.mergedAcross)
      problems.add(
        problemAt(
          at(),
          `các ô ${row.mergedAcross} bị gộp`,
          'chọn vùng đó và bỏ gộp ô (Merge & Center → Unmerge Cells)',
        ),
      );
    const values: TableRow = {};
    for (const [index, cell] of row.cells) {
      const column = header.columns.get(index);
      if (!column) {
        if (cell.type !== 'text' || cleanCellText(cell.text) !== '')
          problems.add(
            problemAt(
              at(),
              `ô ${columnLetter(index)}${row.row} có dữ liệu nhưng cột ${columnLetter(index)} không có tiêu đề`,
              'chuyển nội dung sang đúng cột của mẫu, hoặc xóa ô này',
            ),
          );
        continue;
      }
      const read = readers.get(index)!(cell);
      if ('what' in read) problems.add(problemAt(at(column), read.what, read.fix));
      else if (read.value !== undefined) values[column.key] = read.value;
    }
    deliveryRows.push(values);
    sourceRows.push(row.row);
  }
  if (!problems.empty) return { ok: false, problems: problems.problems() };
  return { ok: true, delivery: { rows: deliveryRows }, sourceRows, ...(sheet !== undefined && { sheet }) };
}

/**
 * Reads an uploaded table file into the delivery `compileDeliverable(declaration)` checks, or says
 * where the file cannot be read: not the format it claims, too large (bytes, unzipped parts, rows:
 * the declaration's maxRows), a header not the declaration's, a cell not of its column's type.
 */
export async function readTableUpload(
  declaration: TableDeclaration,
  bytes: Buffer,
  format: TableFileFormat,
): Promise<TableUpload> {
  const whole = (what: string, fix: string): TableUpload => ({ ok: false, problems: [problemAt({}, what, fix)] });
  if (bytes.length === 0) return whole('tệp rỗng (0 byte)', 'chọn đúng tệp đã lưu, hoặc dùng tệp mẫu');
  if (bytes.length > LIST_FILE_LIMITS.maxBytes)
    return whole(
      `tệp nặng ${(bytes.length / 1024 / 1024).toFixed(1)} MB, quá giới hạn ${LIST_FILE_LIMITS.maxBytes / 1024 / 1024} MB`,
      'bỏ hình ảnh và trang tính thừa, chỉ giữ trang dữ liệu',
    );
  try {
    if (format === 'json') return readDeliveryJson(declaration, bytes);
    const headers = new Set(declaration.columns.flatMap((c) => [matchKey(c.label), matchKey(c.key)]));
    const sheet =
      format === 'xlsx'
        ? await readXlsxSheet(bytes, FILE, dataSheetName(declaration))
        : readCsvSheet(bytes, FILE, (text) => headers.has(matchKey(text)));
    return rowsOfSheet(declaration, sheet);
  } catch (error) {
    if (error instanceof ListFileError) return { ok: false, problems: fromListFileError(error) };
    throw error;
  }
}

/** Reads the upload, then checks it against the declaration: every problem placed in the file. */
export async function checkTableUpload(
  declaration: TableDeclaration,
  bytes: Buffer,
  format: TableFileFormat,
): Promise<TableUploadCheck> {
  const upload = await readTableUpload(declaration, bytes, format);
  if (!upload.ok) return { ok: false, problems: upload.problems, findings: [] };
  const labels = new Map(declaration.columns.map((c) => [c.key, c.label]));
  const file = {
    ...(upload.sheet !== undefined && { sheet: upload.sheet }),
    sourceRows: upload.sourceRows,
    labelOf: (key: string) => labels.get(key),
  };
  const check = compileDeliverable(declaration)(upload.delivery);
  return {
    ok: check.ok,
    problems: check.errors.map((issue) => placeIssue(issue, file)),
    findings: check.findings.map((issue) => placeIssue(issue, file)),
    ...(check.value && { delivery: check.value as TableDelivery }),
  };
}

import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { foldText } from '../domain/list-quality';
import { MAX_CAMPAIGN_AGENCIES } from '../domain/campaign-definition';
import { ListFileError, formatListFileIssue, type ListFileIssue } from '../list-files';
import type { RawCell, RawSheet } from '../list-files/cells';
import { cleanCellText } from '../list-files/layout';
import { readXlsxSheet } from '../list-files/xlsx';
import { DIRECTORY_FIELDS, LEVEL_LABELS, readDirectoryEntry, type DirectoryEntry, type DirectoryField } from './entry';

// A directory import file (.xlsx or .csv): one agency per row under a header row. Every problem is
// collected and located (sheet, row, column) with its fix; a file with any problem stores nothing.

export const DIRECTORY_FILE_LIMITS = { maxBytes: 10 * 1024 * 1024, maxRows: MAX_CAMPAIGN_AGENCIES } as const;

/** Header words accepted for each field (compared without case, diacritics or punctuation). */
const HEADER_ALIASES: Record<DirectoryField, string[]> = {
  code: [DIRECTORY_FIELDS.code, 'Mã', 'code'],
  name: [DIRECTORY_FIELDS.name, 'Tên', 'Tên đơn vị', 'name'],
  level: [DIRECTORY_FIELDS.level, 'Cấp cơ quan', 'Loại cơ quan', 'level', 'kind'],
  district: [DIRECTORY_FIELDS.district, 'Quận, huyện', 'Huyện, thị xã, thành phố', 'Thuộc huyện', 'district'],
  email: [DIRECTORY_FIELDS.email, 'Thư điện tử', 'Địa chỉ email', 'e-mail'],
  electronicId: [
    DIRECTORY_FIELDS.electronicId,
    'Mã định danh',
    'Mã định danh điện tử (QĐ 20/2020/QĐ-TTg)',
    'Mã định danh cơ quan',
    'electronicId',
  ],
};
const HEADER_INDEX = new Map<string, DirectoryField>(
  (Object.keys(HEADER_ALIASES) as DirectoryField[]).flatMap((field) =>
    HEADER_ALIASES[field].map((alias) => [foldText(alias).trim(), field] as const),
  ),
);
const REQUIRED: DirectoryField[] = ['code', 'name', 'level'];
const HEADER_FIX = `dòng đầu là tiêu đề: ${Object.values(DIRECTORY_FIELDS).join(', ')} (Huyện, Email, Mã định danh điện tử có thể để trống)`;

/** The template's header and two example rows, as CSV: what the import page offers to download. */
export function directoryCsvTemplate(): string {
  const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return [
    Object.values(DIRECTORY_FIELDS),
    ['so-tu-phap', 'Sở Tư pháp', LEVEL_LABELS.department, '', 'stp@quangngai.gov.vn', ''],
    ['xa-21112', 'UBND xã Bình Châu, huyện Bình Sơn', LEVEL_LABELS.commune, 'Huyện Bình Sơn', '', ''],
  ]
    .map((row) => row.map(cell).join(','))
    .join('\r\n');
}

export class DirectoryFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ListFileIssue[],
  ) {
    super(
      `Không nhập được danh bạ cơ quan từ tệp "${file}" (${issues.length} lỗi):\n${issues.map(formatListFileIssue).join('\n')}`,
    );
    this.name = 'DirectoryFileError';
  }
}

function csvSheet(buffer: Buffer, file: string): RawSheet {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\uFEFF/, '');
  } catch {
    throw new DirectoryFileError(file, [
      { message: 'tệp không phải văn bản UTF-8', fix: 'trong Excel chọn Lưu thành → CSV UTF-8 (Comma delimited)' },
    ]);
  }
  // Excel in a Vietnamese locale saves CSV with semicolons: take the header's separator.
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, max_record_size: 64 * 1024 });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new DirectoryFileError(file, [
      {
        ...(line !== undefined && { row: line }),
        message: 'tệp CSV sai cú pháp (dấu ngoặc kép không đóng hoặc dòng quá dài)',
        fix: 'đặt ô có dấu phẩy trong ngoặc kép, hoặc lưu lại tệp từ Excel dạng CSV UTF-8',
      },
    ]);
  }
  return {
    rows: records.map((record, index) => ({
      row: index + 1,
      cells: new Map(record.map((cell, column) => [column, { type: 'text' as const, text: cell }])),
    })),
  };
}

async function sheetOf(file: string, buffer: Buffer): Promise<RawSheet> {
  const extension = path.extname(file).toLowerCase();
  if (buffer.length > DIRECTORY_FILE_LIMITS.maxBytes)
    throw new DirectoryFileError(file, [
      { message: 'tệp quá 10 MB', fix: 'bỏ hình ảnh và trang tính thừa, hoặc chia thành nhiều tệp' },
    ]);
  if (extension === '.csv') return csvSheet(buffer, file);
  if (extension !== '.xlsx')
    throw new DirectoryFileError(file, [
      { message: `tệp "${file}" không phải .xlsx hoặc .csv`, fix: 'lưu danh bạ thành tệp Excel (.xlsx) hoặc CSV' },
    ]);
  try {
    return await readXlsxSheet(buffer, file);
  } catch (error) {
    if (error instanceof ListFileError) throw new DirectoryFileError(file, error.issues);
    throw error;
  }
}

function cellValue(cell: RawCell | undefined): { text: string } | { problem: { message: string; fix: string } } {
  if (!cell) return { text: '' };
  switch (cell.type) {
    case 'text':
      return { text: cleanCellText(cell.text) };
    case 'number':
      return { text: String(cell.value) };
    case 'date':
      return {
        problem: { message: 'ô chứa ngày tháng', fix: 'định dạng cột là Văn bản (Format Cells → Text) rồi nhập lại' },
      };
    case 'problem':
      return { problem: { message: cell.message, fix: cell.fix } };
  }
}

type Locate = (row?: number, field?: DirectoryField) => Omit<ListFileIssue, 'message' | 'fix'>;
type SheetRow = Awaited<ReturnType<typeof sheetOf>>['rows'][number];

/** The agencies of an import file, or a DirectoryFileError with every located problem. */
export async function readDirectoryFile(file: string, buffer: Buffer): Promise<DirectoryEntry[]> {
  const sheet = await sheetOf(file, buffer);
  const issues: ListFileIssue[] = [];
  const at: Locate = (row, field) => ({
    ...(sheet.sheet !== undefined && { sheet: sheet.sheet }),
    ...(row !== undefined && { row }),
    ...(field && { column: DIRECTORY_FIELDS[field] }),
  });
  const rows = sheet.rows.filter((row) =>
    [...row.cells.values()].some((cell) => cell.type !== 'text' || cleanCellText(cell.text) !== ''),
  );
  const header = rows[0];
  if (!header) throw new DirectoryFileError(file, [{ ...at(), message: 'tệp không có dữ liệu', fix: HEADER_FIX }]);
  const columns = readColumns(header, at, issues);
  if (issues.length > 0) throw new DirectoryFileError(file, issues);
  const data = rows.slice(1);
  if (data.length === 0)
    throw new DirectoryFileError(file, [
      { ...at(), message: 'tệp chỉ có dòng tiêu đề', fix: 'mỗi dòng sau tiêu đề là một cơ quan' },
    ]);
  if (data.length > DIRECTORY_FILE_LIMITS.maxRows)
    throw new DirectoryFileError(file, [
      {
        ...at(),
        message: `tệp có ${data.length.toLocaleString('vi-VN')} dòng, quá ${DIRECTORY_FILE_LIMITS.maxRows.toLocaleString('vi-VN')}`,
        fix: 'chia thành nhiều tệp',
      },
    ]);
  const entries = readEntries(data, columns, at, issues);
  if (issues.length > 0) throw new DirectoryFileError(file, issues);
  return entries;
}

/** The header row's columns by field: each known, none twice, every required one there. */
function readColumns(header: SheetRow, at: Locate, issues: ListFileIssue[]): Map<DirectoryField, number> {
  const columns = new Map<DirectoryField, number>();
  for (const [index, cell] of header.cells) {
    const title = cell.type === 'text' ? cleanCellText(cell.text) : '';
    if (!title) continue;
    const field = HEADER_INDEX.get(foldText(title).trim());
    if (!field)
      issues.push({
        ...at(header.row),
        message: `cột "${title}" không có trong danh bạ`,
        fix: `${HEADER_FIX}; xóa cột thừa`,
      });
    else if (columns.has(field))
      issues.push({ ...at(header.row, field), message: 'cột này có hai lần', fix: 'giữ một cột, xóa cột còn lại' });
    else columns.set(field, index);
  }
  const missing = REQUIRED.filter((field) => !columns.has(field));
  if (missing.length > 0)
    issues.push({
      ...at(header.row),
      message: `thiếu cột ${missing.map((f) => `"${DIRECTORY_FIELDS[f]}"`).join(', ')} ở dòng tiêu đề`,
      fix: HEADER_FIX,
    });
  return columns;
}

/** One entry per data row; a code or electronic ID given twice is named at its second row. */
function readEntries(
  data: SheetRow[],
  columns: Map<DirectoryField, number>,
  at: Locate,
  issues: ListFileIssue[],
): DirectoryEntry[] {
  const entries: DirectoryEntry[] = [];
  const firstRowOf = { code: new Map<string, number>(), electronicId: new Map<string, number>() };
  for (const row of data) {
    const raw: Partial<Record<DirectoryField, string>> = {};
    let unreadable = false;
    for (const [field, index] of columns) {
      const value = cellValue(row.cells.get(index));
      if ('problem' in value) {
        issues.push({ ...at(row.row, field), ...value.problem });
        unreadable = true;
      } else raw[field] = value.text;
    }
    const known = new Set(columns.values());
    const stray = [...row.cells].find(
      ([index, cell]) => !known.has(index) && (cell.type !== 'text' || cleanCellText(cell.text) !== ''),
    );
    if (stray) {
      issues.push({
        ...at(row.row),
        message: `có dữ liệu ở cột thứ ${stray[0] + 1}, cột không có tiêu đề`,
        fix: 'xóa ô thừa; ô có dấu phẩy trong tệp CSV phải đặt trong ngoặc kép, ví dụ "Sở, ban, ngành"',
      });
      continue;
    }
    if (unreadable) continue;
    const { entry, problems } = readDirectoryEntry(raw);
    for (const p of problems) issues.push({ ...at(row.row, p.field), message: p.message, fix: p.fix });
    if (!entry) continue;
    for (const field of ['code', 'electronicId'] as const) {
      const value = entry[field];
      if (value === undefined) continue;
      const first = firstRowOf[field].get(value);
      if (first !== undefined)
        issues.push({
          ...at(row.row, field),
          message: `"${value}" đã có ở dòng ${first}`,
          fix: 'mỗi cơ quan chỉ ghi một dòng; sửa mã hoặc xóa dòng trùng',
        });
      else firstRowOf[field].set(value, row.row);
    }
    entries.push(entry);
  }
  return entries;
}

import ExcelJS from 'exceljs';
import { ListFileError, type ListFileIssue } from './errors';
import { LIST_FILE_LIMITS, columnLetter, headerKey } from './layout';
import type { RawCell, RawRow, RawSheet } from './cells';
import { ZipFormatError, isZip, readZipDirectory, readZipEntry, rewriteZip, type ZipEntry } from './zip';

// Reading the list sheet of an .xlsx. The archive is inspected first (sniffing what the file
// really is, bounding its expanded size, removing data validations that exceljs would expand cell
// by cell); then exceljs reads it and every cell becomes a RawCell.

export const LIST_SHEET_NAME = 'Danh sách';
export const GUIDE_SHEET_NAME = 'Hướng dẫn';

const SAVE_AS_XLSX =
  'mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng "Excel Workbook (*.xlsx)", hoặc dùng tệp mẫu';

function fail(file: string, message: string, fix: string, cause?: unknown): never {
  throw new ListFileError(file, [{ message, fix }], cause === undefined ? undefined : { cause });
}

/** What a buffer that is not an xlsx zip probably is, for the message. */
function describeNonZip(buffer: Buffer): string {
  if (buffer.length >= 8 && buffer.readUInt32BE(0) === 0xd0cf11e0) {
    return 'tệp là định dạng Excel cũ (.xls) hoặc tệp .xlsx có đặt mật khẩu, không phải .xlsx thông thường';
  }
  const head = buffer
    .subarray(0, 512)
    .toString('utf8')
    .replace(/^\ufeff/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<html') || head.startsWith('<!doctype') || head.startsWith('<table'))
    return 'tệp là trang HTML đổi đuôi .xlsx (thường do phần mềm khác xuất ra), không phải .xlsx';
  if (head.startsWith('{') || head.startsWith('[')) return 'tệp có nội dung JSON, không phải .xlsx';
  if (head.startsWith('%pdf')) return 'tệp là PDF, không phải .xlsx';
  if (!buffer.subarray(0, 512).includes(0))
    return 'tệp là văn bản thuần (có thể là CSV đổi đuôi .xlsx), không phải .xlsx';
  return 'tệp không phải .xlsx (không đúng cấu trúc tệp Excel)';
}

function xmlDecode(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[\da-f]+);/gi, (_m, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return named[entity.toLowerCase()] ?? '';
  });
}

/** Sheet name by worksheet part (`xl/worksheets/sheet1.xml`), from workbook.xml and its rels. */
function sheetNamesByPart(read: (name: string) => string | undefined): Map<string, string> {
  const result = new Map<string, string>();
  const workbook = read('xl/workbook.xml') ?? '';
  const rels = read('xl/_rels/workbook.xml.rels') ?? '';
  const targets = new Map<string, string>();
  for (const match of rels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const id = /\bId="([^"]*)"/.exec(match[1]!)?.[1];
    const target = /\bTarget="([^"]*)"/.exec(match[1]!)?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  for (const match of workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/g)) {
    const name = /\bname="([^"]*)"/.exec(match[1]!)?.[1];
    const id = /\br:id="([^"]*)"/.exec(match[1]!)?.[1] ?? /\b\w+:id="([^"]*)"/.exec(match[1]!)?.[1];
    const part = id ? targets.get(id) : undefined;
    if (name !== undefined && part) result.set(part.replace(/\/\.\//g, '/'), xmlDecode(name));
  }
  return result;
}

const EXCEL_MAX_ROWS = 1_048_576;
const EXCEL_MAX_COLUMNS = 16_384; // XFD

/** Cells of a merge reference `B2:D4` (or one cell), or undefined when it is not one Excel writes. */
export function mergeArea(ref: string): number | undefined {
  const match = /^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$/i.exec(ref.trim());
  if (!match) return undefined;
  const col = (letters: string) => [...letters.toUpperCase()].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
  const [c1, r1, c2, r2] = [col(match[1]!), Number(match[2]), col(match[3] ?? match[1]!), Number(match[4] ?? match[2])];
  if ([r1, r2].some((r) => r < 1 || r > EXCEL_MAX_ROWS) || [c1, c2].some((c) => c < 1 || c > EXCEL_MAX_COLUMNS))
    return undefined;
  return (Math.abs(r2 - r1) + 1) * (Math.abs(c2 - c1) + 1);
}

const UNMERGE = 'chọn vùng đó và bỏ gộp ô (Merge & Center → Unmerge Cells)';

/**
 * The merged ranges of one worksheet's XML, bounded before exceljs sees them: it expands every
 * merge cell by cell, so many merges, huge ones, or references it cannot parse (`A:A`) would cost
 * memory and time out of all proportion to the file. Returns the problems found (none when safe).
 */
function mergeProblems(xml: string, sheet: string): ListFileIssue[] {
  const limits = LIST_FILE_LIMITS;
  const issues: ListFileIssue[] = [];
  let count = 0;
  let total = 0;
  for (const match of xml.matchAll(/<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]*)"/g)) {
    const ref = match[1]!;
    if (++count > limits.maxMergedRanges) {
      return [
        {
          sheet,
          message: `trang tính có hơn ${limits.maxMergedRanges.toLocaleString('vi-VN')} vùng gộp ô`,
          fix: 'bỏ gộp ô trên toàn trang (chọn tất cả → Merge & Center → Unmerge Cells) rồi lưu lại',
        },
      ];
    }
    const area = mergeArea(ref);
    if (area === undefined) {
      issues.push({ sheet, message: `vùng gộp ô "${ref.slice(0, 40)}" không hợp lệ`, fix: UNMERGE });
    } else if (area > limits.maxMergeCells) {
      issues.push({ sheet, message: `vùng gộp ô ${ref} quá lớn (gộp cả cột hoặc cả dòng)`, fix: UNMERGE });
    } else {
      total += area;
    }
    if (issues.length >= limits.maxIssuesInMessage) return issues;
  }
  if (issues.length === 0 && total > limits.maxMergedCellsTotal)
    issues.push({
      sheet,
      message: `các vùng gộp ô phủ tổng cộng ${total.toLocaleString('vi-VN')} ô, quá ${limits.maxMergedCellsTotal.toLocaleString('vi-VN')} ô`,
      fix: 'bỏ gộp ô ở những vùng không cần (Merge & Center → Unmerge Cells) rồi lưu lại',
    });
  return issues;
}

/** Checks the archive and returns a buffer exceljs can load safely. */
export function prepareArchive(buffer: Buffer, file: string): Buffer {
  if (buffer.length === 0) fail(file, 'tệp rỗng (0 byte)', 'chọn đúng tệp danh sách đã lưu, hoặc dùng tệp mẫu');
  if (!isZip(buffer)) fail(file, describeNonZip(buffer), SAVE_AS_XLSX);
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(buffer);
  } catch (error) {
    if (!(error instanceof ZipFormatError)) throw error;
    fail(
      file,
      'tệp .xlsx bị hỏng hoặc không trọn vẹn (không đọc được cấu trúc nén)',
      `tải lại hoặc sao chép lại tệp; nếu vẫn lỗi, ${SAVE_AS_XLSX}`,
      error,
    );
  }
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  if (!byName.has('xl/workbook.xml')) {
    if (byName.has('mimetype') || byName.has('content.xml'))
      fail(file, 'tệp là bảng tính OpenDocument (.ods) đổi đuôi .xlsx', SAVE_AS_XLSX);
    if (byName.has('word/document.xml'))
      fail(file, 'tệp là văn bản Word (.docx) đổi đuôi .xlsx', 'nhập danh sách vào tệp mẫu Excel');
    fail(file, 'tệp nén không phải bảng tính Excel (thiếu xl/workbook.xml)', SAVE_AS_XLSX);
  }
  if (entries.some((entry) => entry.flags & 0x1))
    fail(file, 'tệp .xlsx được mã hóa', 'bỏ mật khẩu (File → Info → Protect Workbook) rồi lưu lại');
  const total = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  const tooLarge = () =>
    fail(
      file,
      `nội dung tệp khi giải nén vượt quá ${LIST_FILE_LIMITS.maxUnzippedBytes / 1024 / 1024} MB`,
      'bỏ hình ảnh, trang tính và định dạng thừa, chỉ giữ trang "Danh sách"; hoặc chia danh sách thành nhiều tệp',
    );
  if (total > LIST_FILE_LIMITS.maxUnzippedBytes) tooLarge();

  let budget = LIST_FILE_LIMITS.maxUnzippedBytes;
  const bytes = (entry: ZipEntry) => {
    try {
      const data = readZipEntry(buffer, entry, budget);
      budget -= data.length;
      return data;
    } catch (error) {
      if (error instanceof RangeError) tooLarge();
      fail(
        file,
        `tệp .xlsx bị hỏng (không giải nén được phần ${entry.name})`,
        `tải lại tệp; nếu vẫn lỗi, ${SAVE_AS_XLSX}`,
        error,
      );
    }
  };
  const text = (entry: ZipEntry) => bytes(entry).toString('utf8');
  const sheetNames = sheetNamesByPart((name) => (byName.has(name) ? text(byName.get(name)!) : undefined));

  const replacements = new Map<string, Buffer>();
  const issues: ListFileIssue[] = [];
  for (const entry of entries) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) {
      // Inflated once under the budget: a directory may understate sizes (a zip bomb).
      if (!entry.name.endsWith('/')) bytes(entry);
      continue;
    }
    const xml = text(entry);
    const sheet = sheetNames.get(entry.name) ?? entry.name;
    issues.push(...mergeProblems(xml, sheet));
    // Validations are not needed to read values, and exceljs expands their ranges cell by cell.
    const stripped = xml.replace(/<((?:\w+:)?)dataValidations\b[^>]*?(?:\/>|>[\s\S]*?<\/\1dataValidations>)/g, '');
    if (stripped !== xml) replacements.set(entry.name, Buffer.from(stripped, 'utf8'));
  }
  if (issues.length > 0) throw new ListFileError(file, issues);
  return replacements.size > 0 ? rewriteZip(buffer, entries, replacements) : buffer;
}

type Value = ExcelJS.CellValue;

/** A cell's value as a RawCell: formulas give their cached result, rich text its plain text. */
export function toRawCell(value: Value, numFmt: string | undefined): RawCell | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date)
    return Number.isNaN(value.getTime())
      ? { type: 'problem', message: 'ô chứa ngày tháng không hợp lệ', fix: 'nhập lại nội dung dạng văn bản' }
      : { type: 'date', value };
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value)
        ? { type: 'number', value, numFmt }
        : { type: 'problem', message: 'ô chứa số không hợp lệ', fix: 'nhập lại nội dung' };
    case 'string':
      return { type: 'text', text: value };
    case 'boolean':
      return { type: 'text', text: value ? 'TRUE' : 'FALSE' };
  }
  if ('error' in value) {
    return { type: 'problem', message: `ô có lỗi ${value.error}`, fix: 'sửa công thức hoặc nhập trực tiếp giá trị' };
  }
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    if (result === undefined || result === null || (typeof result === 'number' && Number.isNaN(result))) {
      return {
        type: 'problem',
        message: 'ô chứa công thức chưa có kết quả đã tính',
        fix: 'mở tệp bằng Excel và lưu lại để tính công thức, hoặc thay công thức bằng giá trị (Copy → Paste Values)',
      };
    }
    if (typeof result === 'object' && !(result instanceof Date) && 'error' in result) {
      return {
        type: 'problem',
        message: `công thức trong ô cho kết quả lỗi ${result.error}`,
        fix: 'sửa công thức hoặc thay bằng giá trị (Copy → Paste Values)',
      };
    }
    return toRawCell(result as Value, numFmt);
  }
  if ('richText' in value) return { type: 'text', text: value.richText.map((part) => part.text).join('') };
  if ('hyperlink' in value) {
    const text = (value as { text?: unknown }).text;
    if (typeof text === 'string') return { type: 'text', text };
    if (text && typeof text === 'object' && 'richText' in text) return toRawCell(text as Value, numFmt);
    return { type: 'text', text: value.hyperlink };
  }
  return { type: 'problem', message: 'ô có nội dung không đọc được', fix: 'nhập lại nội dung dạng văn bản' };
}

function toRawSheet(worksheet: ExcelJS.Worksheet): RawSheet {
  const rows: RawRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const raw: RawRow = { row: rowNumber, cells: new Map() };
    let mergeStart: ExcelJS.Cell | undefined;
    let mergeEnd: ExcelJS.Cell | undefined;
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const source = cell.isMerged ? cell.master : cell;
      const value = toRawCell(source.value, source.numFmt);
      if (value) raw.cells.set(colNumber - 1, value);
      // A merge across columns: a cell whose master sits in another column (rows below a
      // vertical merge have their master in the same column and read as repeated values).
      if (cell.isMerged && cell.master.col !== cell.col) {
        mergeStart ??= cell.master;
        mergeEnd = cell;
      }
    });
    if (mergeStart && mergeEnd)
      raw.mergedAcross = `${columnLetter(Number(mergeStart.col) - 1)}${mergeStart.row}:${mergeEnd.address}`;
    rows.push(raw);
  });
  return { sheet: worksheet.name, rows };
}

/** The data sheet: `name` when present, else the first visible sheet other than "Hướng dẫn". */
function chooseSheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  const sheets = workbook.worksheets;
  return (
    sheets.find((sheet) => headerKey(sheet.name) === headerKey(name)) ??
    sheets.find((sheet) => sheet.state === 'visible' && headerKey(sheet.name) !== headerKey(GUIDE_SHEET_NAME)) ??
    sheets.find((sheet) => headerKey(sheet.name) !== headerKey(GUIDE_SHEET_NAME))
  );
}

/** The data sheet of an .xlsx (by default the list's "Danh sách") as raw cells, after `prepareArchive`. */
export async function readXlsxSheet(buffer: Buffer, file: string, sheetName = LIST_SHEET_NAME): Promise<RawSheet> {
  const safe = prepareArchive(buffer, file);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(safe as unknown as ExcelJS.Buffer);
  } catch (error) {
    fail(
      file,
      `tệp .xlsx bị hỏng, Excel không đọc được (${(error as Error).message})`,
      `tải lại tệp; nếu vẫn lỗi, ${SAVE_AS_XLSX}`,
      error,
    );
  }
  const worksheet = chooseSheet(workbook, sheetName);
  if (!worksheet) fail(file, 'tệp không có trang tính nào', `thêm trang "${sheetName}" theo tệp mẫu`);
  return toRawSheet(worksheet);
}

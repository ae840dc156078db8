import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { readZipDirectory, rewriteZip } from '../../../list-files/zip';
import { mutatedList } from './lists';
import { described, preview, validList } from './values';
import { badSheet } from './list-sheet-mutations';
import { col, sheetOf, type Header } from './list-sheet';

// List files (.csv, .json, .xlsx) that must be refused, with where the problem is: a cell or row
// of the sheet, a JSON path, a line of JSON, or the file as a whole.

export type ExpectedLocation =
  | { kind: 'cell'; row?: number; column?: string }
  | { kind: 'path'; paths: string[] }
  | { kind: 'syntax' }
  | { kind: 'file' };

export interface ListFileCase {
  format: 'csv' | 'json' | 'xlsx';
  mutation: string;
  content: Buffer;
  expected: ExpectedLocation;
  what: string;
}

export function csvText(rows: string[][], options: { delimiter?: string; eol?: string; bom?: boolean } = {}): string {
  const { delimiter = ',', eol = '\n', bom = false } = options;
  const quote = (cell: string) => (/[",;\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return `${bom ? '\ufeff' : ''}${rows.map((row) => row.map(quote).join(delimiter)).join(eol)}${eol}`;
}
const csvStyle = fc.record({
  delimiter: fc.constantFrom(',', ';'),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
});

const describe = (c: ListFileCase): ListFileCase => described(c, `${c.format} ${c.mutation}: ${c.what}`);
export const badCsv: fc.Arbitrary<ListFileCase> = fc.tuple(badSheet, csvStyle).map(([s, style]) =>
  describe({
    format: 'csv',
    mutation: s.mutation,
    content: Buffer.from(csvText(s.rows, style)),
    expected: s.expected,
    what: `${s.what} (${JSON.stringify(style)})`,
  }),
);

/** JSON files: a bad list (sometimes written as a bare array of procedures), or broken syntax. */
const SYNTAX: [string, (valid: string, n: number) => string, boolean][] = [
  // Cut after a complete token, Node's JSON.parse says only "Unexpected end of JSON input": the whole file is at fault.
  ['truncated', (valid, n) => valid.slice(0, 1 + (n % (valid.length - 1))), false],
  ['trailing-comma', (valid) => valid.replace(/\}\s*$/, ',}'), true],
  ['single-quotes', (valid) => valid.replace(/"/g, "'"), true],
  ['unquoted-keys', (valid) => valid.replace(/"(\w+)":/g, '$1:'), true],
  ['two-documents', (valid) => `${valid}\n${valid}`, true],
  ['garbage-tail', (valid) => `${valid}\u0000\u0001`, true],
  ['missing-comma', (valid) => valid.replace(/",\s*"/, '" "'), true],
  // Node's JSON.parse names no position for these: located by file only.
  ['comment', (valid) => `// danh sách của Sở Tư pháp\n${valid}`, false],
  ['nan', (valid) => valid.replace(/"kind": ?"[^"]*"/, '"kind": NaN'), false],
];
const json = (value: unknown, pretty: boolean) => (pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value));
export const badJson: fc.Arbitrary<ListFileCase> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.tuple(mutatedList('json'), fc.boolean(), fc.boolean()).map(([m, pretty, bare]): ListFileCase => {
      const plain =
        m.list !== null &&
        typeof m.list === 'object' &&
        !Array.isArray(m.list) &&
        Object.keys(m.list).join() === 'procedures' &&
        Array.isArray((m.list as { procedures: unknown }).procedures);
      const value = plain && bare ? (m.list as { procedures: unknown }).procedures : m.list;
      return describe({
        format: 'json',
        mutation: m.mutation,
        content: Buffer.from(json(value, pretty)),
        expected: { kind: 'path', paths: m.paths },
        what: m.what,
      });
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...SYNTAX), validList(), fc.boolean(), fc.nat())
      .map(([[name, make, located], list, pretty, n]): ListFileCase => {
        const content = make(json(list, pretty), n);
        return describe({
          format: 'json',
          mutation: `syntax-${name}`,
          content: Buffer.from(content),
          expected: located ? { kind: 'syntax' } : { kind: 'file' },
          what: `JSON sai cú pháp (${name}): ${preview(content, 300)}`,
        });
      }),
  },
);

// ── .xlsx ────────────────────────────────────────────────────────────────────────────────────

type CellValue = ExcelJS.CellValue;

export async function workbookBuffer(
  rows: CellValue[][],
  options: { sheetName?: string; merge?: [number, number, number, number]; numFmt?: [number, number, string] } = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(options.sheetName ?? 'Danh sách');
  rows.forEach((cells, r) =>
    cells.forEach((value, c) => {
      if (value !== '' && value !== undefined) sheet.getCell(r + 1, c + 1).value = value;
    }),
  );
  if (options.merge) sheet.mergeCells(...options.merge);
  if (options.numFmt) sheet.getCell(options.numFmt[0], options.numFmt[1]).numFmt = options.numFmt[2];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Cell values Excel produces that are not what the column needs. */
const XLSX_CELLS: [string, Header, (row: number) => CellValue, string, string?][] = [
  ['code-number-lost-digit', 'Mã TTHC', () => 1.00242, 'số 1.00242 (Excel bỏ số 0 của 1.002420)'],
  ['code-number-integer', 'Mã TTHC', () => 1_002_421, 'số 1002421'],
  ['code-date', 'Mã TTHC', () => new Date('2024-03-04T00:00:00Z'), 'ô ngày tháng'],
  ['code-serial-date-format', 'Mã TTHC', () => 45_355, 'số 45355 định dạng ngày', 'dd/mm/yyyy'],
  [
    'code-formula-without-result',
    'Mã TTHC',
    (row) => ({ formula: `C${row}&""` }) as CellValue,
    'công thức chưa có kết quả',
  ],
  [
    'code-formula-error',
    'Mã TTHC',
    (row) => ({ formula: `VLOOKUP(C${row},Z:Z,1,0)`, result: { error: '#N/A' } }) as CellValue,
    'công thức cho #N/A',
  ],
  ['code-error-value', 'Mã TTHC', () => ({ error: '#REF!' }) as CellValue, 'ô lỗi #REF!'],
  [
    'code-rich-text-malformed',
    'Mã TTHC',
    () => ({ richText: [{ text: '1.00' }, { text: '24 21', font: { bold: true } }] }) as CellValue,
    'chữ định dạng "1.0024 21"',
  ],
  [
    'code-hyperlink-malformed',
    'Mã TTHC',
    () => ({ text: 'Xem mã TTHC', hyperlink: 'https://dichvucong.gov.vn' }) as CellValue,
    'liên kết thay cho mã',
  ],
  ['code-boolean', 'Mã TTHC', () => true, 'giá trị TRUE'],
  ['kind-number', 'Loại giấy tờ', () => 3, 'số 3'],
  ['kind-date', 'Loại giấy tờ', () => new Date('2024-02-07T00:00:00Z'), 'ô ngày tháng'],
  ['document-name-date', 'Tên giấy tờ', () => new Date('2024-02-07T00:00:00Z'), 'ô ngày tháng'],
];

/** A workbook to build (exceljs is asynchronous), shown by what is wrong with it. */
export interface LazyListFile {
  build(): Promise<ListFileCase>;
}
const lazy = (text: string, build: () => Promise<ListFileCase>): LazyListFile => described({ build }, `xlsx ${text}`);

/** A workbook whose sheet has one bad cell (an Excel cell type, or any sheet mutation), or a merge across columns. */
export const badXlsx: fc.Arbitrary<LazyListFile> = fc.oneof(
  fc
    .tuple(sheetOf(validList({ procedures: [2, 4], documents: [2, 3] })), fc.constantFrom(...XLSX_CELLS), fc.nat())
    .map(([s, [mutation, header, value, what, numFmt], p]) => {
      const rows: CellValue[][] = s.rows.map((r) => [...r]);
      const row = s.rowOf[p % s.rowOf.length]![0]!;
      rows[row - 1]![col(header)] = value(row);
      const text = `dòng ${row}, ${header}: ${what}`;
      return lazy(`${mutation}: ${text}`, async () => ({
        format: 'xlsx',
        mutation,
        content: await workbookBuffer(rows, numFmt ? { numFmt: [row, col(header) + 1, numFmt] } : {}),
        expected: { kind: 'cell', row, column: header },
        what: text,
      }));
    }),
  badSheet.map((s) =>
    lazy(`${s.mutation}: ${s.what}`, async () => ({
      format: 'xlsx',
      mutation: s.mutation,
      content: await workbookBuffer(s.rows),
      expected: s.expected,
      what: s.what,
    })),
  ),
  sheetOf(validList({ documents: [2, 3] })).map((s) => {
    const row = s.rowOf.find((rows) => rows.length >= 2)![1]!;
    const what = `dòng ${row}: gộp ô Tên giấy tờ và Loại giấy tờ`;
    return lazy(`merge-across: ${what}`, async () => ({
      format: 'xlsx',
      mutation: 'merge-across',
      content: await workbookBuffer(s.rows, { merge: [row, col('Tên giấy tờ') + 1, row, col('Loại giấy tờ') + 1] }),
      expected: { kind: 'cell', row },
      what,
    }));
  }),
);

export const patchZip = (buffer: Buffer, replacements: Record<string, Buffer>, rename?: [string, string]): Buffer => {
  const entries = readZipDirectory(buffer).map((e) => (rename && e.name === rename[0] ? { ...e, name: rename[1] } : e));
  return rewriteZip(buffer, entries, new Map(Object.entries(replacements)));
};

/** Sets a field of the central-directory record of `name` (a zip that lies, or claims encryption). */
export function patchCentralDirectory(buffer: Buffer, name: string, patch: (record: Buffer) => void): Buffer {
  const copy = Buffer.from(buffer);
  const nameBytes = Buffer.from(name, 'utf8');
  for (let offset = 0; offset + 46 <= copy.length; offset++) {
    if (copy.readUInt32LE(offset) !== 0x02014b50) continue;
    const length = copy.readUInt16LE(offset + 28);
    if (copy.subarray(offset + 46, offset + 46 + length).equals(nameBytes)) patch(copy.subarray(offset, offset + 46));
  }
  return copy;
}

import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { readZipDirectory, rewriteZip } from '../../../list-files/zip';
import { badLabelKind, mutatedList } from './lists';
import {
  badProcedureCode,
  described,
  national,
  preview,
  provincial,
  validList,
  type DocumentDraft,
  type ListDraft,
} from './values';

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

export const LIST_HEADER_ROW = [
  'STT',
  'Mã TTHC',
  'Tên TTHC',
  'Lĩnh vực',
  'Cơ quan/cấp thực hiện',
  'Tên giấy tờ',
  'Loại giấy tờ',
  'Căn cứ',
  'Ghi chú',
] as const;
type Header = (typeof LIST_HEADER_ROW)[number];
const col = (header: Header) => LIST_HEADER_ROW.indexOf(header);
const KIND_WRITTEN: Record<DocumentDraft['kind'], string[]> = {
  thanh_phan_ho_so: ['Thành phần hồ sơ', 'thanh_phan_ho_so', 'THÀNH PHẦN HỒ SƠ', 'Thanh phan ho so'],
  ket_qua: ['Kết quả', 'ket_qua', 'Kết quả giải quyết TTHC', 'ket qua'],
  y_kien: ['Ý kiến', 'y_kien', 'Kết quả kiểm tra, xác minh, ý kiến của cơ quan tham gia', 'Y KIEN'],
};

/** A list laid out as the template's sheet; how it is written (title, repeated codes, labels) varies. */
export interface Sheet {
  rows: string[][];
  headerRow: number;
  /** Row (1-based) of each document: rowOf[p][d]. */
  rowOf: number[][];
  list: ListDraft;
}

export const sheetOf = (list: fc.Arbitrary<ListDraft>): fc.Arbitrary<Sheet> =>
  fc.tuple(list, fc.boolean(), fc.boolean(), fc.nat()).map(([list, title, repeat, labels]) => {
    const rows: string[][] = title ? [['DANH SÁCH GIẤY TỜ CẦN SỐ HÓA'], []] : [];
    rows.push([...LIST_HEADER_ROW]);
    const headerRow = rows.length;
    let stt = 0;
    const rowOf = list.procedures.map((p) =>
      p.documents.map((doc, d) => {
        const first = d === 0 || repeat;
        const written = KIND_WRITTEN[doc.kind];
        rows.push([
          String(++stt),
          first ? p.code : '',
          first ? p.name : '',
          first ? (p.field ?? '') : '',
          first ? (p.level ?? '') : '',
          doc.name,
          written[(labels + stt) % written.length]!,
          doc.basis ?? '',
          doc.note ?? '',
        ]);
        return rows.length;
      }),
    );
    return { rows, headerRow, rowOf, list };
  });

interface SheetChange {
  expected: ExpectedLocation;
  what: string;
}
/** A change of a sheet, given a value and two numbers that pick a procedure and a document. */
type SheetMutation<V> = [
  name: string,
  value: fc.Arbitrary<V>,
  apply: (s: Sheet, v: V, p: number, d: number) => SheetChange,
  needs?: 'procedures' | 'documents',
];
const setCell = (s: Sheet, row: number, header: Header, value: string, what: string): SheetChange => {
  s.rows[row - 1]![col(header)] = value;
  return {
    expected: { kind: 'cell', row, column: header },
    what: `dòng ${row}, ${header} = ${preview(value)}: ${what}`,
  };
};
const docRow = (s: Sheet, p: number, d: number) => {
  const rows = s.rowOf[p % s.rowOf.length]!;
  return rows[d % rows.length]!;
};
const REQUIRED: Header[] = ['Mã TTHC', 'Tên TTHC', 'Tên giấy tờ', 'Loại giấy tờ'];
const UNKNOWN_HEADERS = [
  'Mã hồ sơ',
  'Tên văn bản',
  'Loại văn bản',
  'Code',
  'Kind',
  'Cột 1',
  'Ghi chú 2',
  'Tên TTHC mới',
  '?',
  'Số hiệu',
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each mutation draws its own kind of value
const SHEET_MUTATIONS: SheetMutation<any>[] = [
  [
    'header-drop-required',
    fc.constantFrom(...REQUIRED),
    (s, h: Header) => {
      for (const row of s.rows) if (row.length > col(h)) row.splice(col(h), 1);
      return { expected: { kind: 'cell', row: s.headerRow, column: h }, what: `bỏ cột "${h}"` };
    },
  ],
  [
    'header-unknown',
    fc.tuple(fc.nat({ max: 8 }), fc.constantFrom(...UNKNOWN_HEADERS)),
    (s, [i, text]: [number, string]) => {
      s.rows[s.headerRow - 1]![i] = text;
      return { expected: { kind: 'cell', row: s.headerRow, column: text }, what: `tiêu đề cột ${i + 1} là "${text}"` };
    },
  ],
  [
    'header-duplicate',
    fc.constantFrom(...LIST_HEADER_ROW.filter((h) => h !== 'STT')),
    (s, h: Header) => {
      s.rows.forEach((row, i) => {
        if (i >= s.headerRow - 1) row[LIST_HEADER_ROW.length] = row[col(h)] ?? '';
      });
      return { expected: { kind: 'cell', row: s.headerRow, column: h }, what: `cột "${h}" có hai lần` };
    },
  ],
  [
    'header-missing',
    fc.constant(0),
    (s) => {
      s.rows.splice(s.headerRow - 1, 1);
      return { expected: { kind: 'cell' }, what: 'không có dòng tiêu đề' };
    },
  ],
  [
    'header-too-low',
    fc.integer({ min: 10, max: 14 }),
    (s, n: number) => {
      s.rows.splice(s.headerRow - 1, 0, ...Array.from({ length: n }, (_v, i) => [`Dòng tiêu đề phụ ${i + 1}`]));
      return { expected: { kind: 'cell' }, what: `dòng tiêu đề ở dưới ${n} dòng chữ khác` };
    },
  ],
  [
    'no-data-rows',
    fc.constant(0),
    (s) => {
      s.rows.splice(s.headerRow);
      return { expected: { kind: 'cell', row: s.headerRow + 1 }, what: 'chỉ có dòng tiêu đề' };
    },
  ],
  [
    'code-malformed',
    badProcedureCode.filter((c) => c.length < 1_000),
    (s, v: string, p) => setCell(s, s.rowOf[p % s.rowOf.length]![0]!, 'Mã TTHC', v, 'mã sai dạng'),
  ],
  [
    'code-missing-first-row',
    fc.constantFrom('', ' ', '\u00a0'),
    (s, v: string) => setCell(s, s.rowOf[0]![0]!, 'Mã TTHC', v, 'dòng giấy tờ đầu tiên không có mã'),
  ],
  [
    'code-missing-new-name',
    fc.constant(''),
    (s, v: string, p) =>
      setCell(
        s,
        s.rowOf[1 + (p % (s.rowOf.length - 1))]![0]!,
        'Mã TTHC',
        v,
        'thiếu mã nhưng tên TTHC khác TTHC ở trên',
      ),
    'procedures',
  ],
  [
    'procedure-name-conflict',
    fc.constant(0),
    (s, _v, _p, d) => {
      const pi = s.list.procedures.findIndex((x) => x.documents.length >= 2);
      const row = s.rowOf[pi]![1 + (d % (s.rowOf[pi]!.length - 1))]!;
      s.rows[row - 1]![col('Mã TTHC')] = s.list.procedures[pi]!.code;
      return setCell(s, row, 'Tên TTHC', `${s.list.procedures[pi]!.name} (sửa đổi)`, 'cùng mã, tên TTHC khác');
    },
    'documents',
  ],
  [
    'procedure-name-missing',
    fc.constantFrom('', ' ', '\u00a0'),
    (s, v: string, p) => {
      const rows = s.rowOf[p % s.rowOf.length]!;
      for (const row of rows) s.rows[row - 1]![col('Tên TTHC')] = v;
      return {
        expected: { kind: 'cell', row: rows[0]!, column: 'Tên TTHC' },
        what: `TTHC ở dòng ${rows[0]} không có tên`,
      };
    },
  ],
  [
    'document-name-missing',
    fc.constantFrom('', '   ', '\u200b', '\u3000', '\u2060\u00ad', '\u180e'),
    (s, v: string, p, d) => setCell(s, docRow(s, p, d), 'Tên giấy tờ', v, 'không có tên giấy tờ'),
  ],
  [
    'kind-invalid',
    fc.oneof(badLabelKind, fc.constantFrom('45352', '04/03/2024', '#N/A')),
    (s, v: string, p, d) => setCell(s, docRow(s, p, d), 'Loại giấy tờ', v, 'loại không có trong danh mục'),
  ],
  [
    'kind-missing',
    fc.constantFrom('', ' ', '\t'),
    (s, v: string, p, d) => setCell(s, docRow(s, p, d), 'Loại giấy tờ', v, 'không có loại giấy tờ'),
  ],
  [
    'document-duplicate',
    fc.constantFrom('same', 'upper', 'nfd', 'spaced', 'zero-width'),
    (s, form: string, _p, d) => {
      const pi = s.list.procedures.findIndex((x) => x.documents.length >= 2);
      const first = s.list.procedures[pi]!.documents[0]!.name;
      const value = {
        same: first,
        upper: first.toUpperCase(),
        nfd: first.normalize('NFD'),
        spaced: first.replace(' ', '   '),
        'zero-width': `${first}\u200b`,
      }[form]!;
      return setCell(
        s,
        s.rowOf[pi]![1 + (d % (s.rowOf[pi]!.length - 1))]!,
        'Tên giấy tờ',
        value,
        `trùng dòng ${s.rowOf[pi]![0]}`,
      );
    },
    'documents',
  ],
  [
    'code-duplicate-forms',
    fc.constant(0),
    (s, _v, p) => {
      const pi = 1 + (p % (s.rowOf.length - 1));
      const first = s.list.procedures[0]!.code;
      const value = first.length > 8 ? national(first) : provincial(first);
      for (const row of s.rowOf[pi]!) if (s.rows[row - 1]![col('Mã TTHC')]) s.rows[row - 1]![col('Mã TTHC')] = value;
      return {
        expected: { kind: 'cell', row: s.rowOf[pi]![0]!, column: 'Mã TTHC' },
        what: `mã ${value} là dạng khác của ${first}`,
      };
    },
    'procedures',
  ],
  [
    'data-without-header',
    fc.tuple(fc.nat({ max: 2 }), fc.constantFrom('x', 'Ghi chú thêm', '1', 'Thành phần hồ sơ')),
    (s, [gap, text]: [number, string], p, d) => {
      const row = docRow(s, p, d);
      const cells = s.rows[row - 1]!;
      while (cells.length < LIST_HEADER_ROW.length + gap) cells.push('');
      cells.push(text);
      const letter = String.fromCharCode(65 + LIST_HEADER_ROW.length + gap);
      return {
        expected: { kind: 'cell', row, column: letter },
        what: `dòng ${row}: dữ liệu ở cột ${letter} không có tiêu đề`,
      };
    },
  ],
  [
    'date-or-serial-code',
    fc.constantFrom('04/03/2024', '45352', '2024-03-04', '4-Mar-24', '1.00E+00'),
    (s, v: string, p) => setCell(s, s.rowOf[p % s.rowOf.length]![0]!, 'Mã TTHC', v, 'Excel đổi mã thành ngày/số'),
  ],
];

const listFor = (needs?: 'procedures' | 'documents') =>
  needs === 'procedures'
    ? validList({ procedures: [2, 4] })
    : needs === 'documents'
      ? validList({ documents: [2, 4] })
      : validList();

/** A sheet with one cell, row or header problem. */
export const badSheet: fc.Arbitrary<Sheet & SheetChange & { mutation: string }> = fc.oneof(
  ...SHEET_MUTATIONS.map(([name, value, apply, needs]) =>
    fc.tuple(sheetOf(listFor(needs)), value, fc.nat(), fc.nat()).map(([sheet, v, p, d]) => {
      const s = { ...sheet, rows: sheet.rows.map((row) => [...row]) };
      return { ...s, ...apply(s, v, p, d), mutation: name };
    }),
  ),
);

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

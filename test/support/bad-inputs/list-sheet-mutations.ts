import fc from 'fast-check';
import { badLabelKind } from './lists';
import { badProcedureCode, national, preview, provincial, validList } from './values';
import { col, LIST_HEADER_ROW, sheetOf, type Header, type Sheet, type SheetChange } from './list-sheet';

// Sheets (the rows of a .csv or .xlsx list) with one cell, row or header problem, and where the
// error must point.

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

import fc from 'fast-check';
import { FILE_TYPES } from '../../domain/deliverables';

// Generated deliverable declarations with, for each typed value, what a valid delivery holds and
// values that must be refused: the property tests feed the same declarations to the launch schema
// and to the compiled checker.

export type Json = Record<string, unknown>;
export interface GeneratedValue {
  column: Json;
  valid: fc.Arbitrary<unknown>;
  broken: fc.Arbitrary<unknown>;
}

const letters = fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyàáạảãệộ0123456789'.split(''));
const word = (minLength: number, maxLength: number) => fc.string({ unit: letters, minLength, maxLength });
const label = fc.constantFrom(
  'Tên thiết bị',
  'Số lượng',
  'Ghi chú',
  'Ngày mua',
  'Loại',
  'Còn sử dụng',
  'Kinh phí dự kiến',
);
const pad = (n: number) => String(n).padStart(2, '0');

/** A value column of any type, its bounds drawn, with the values that fit and some that never do. */
function valueColumn(key: string): fc.Arbitrary<GeneratedValue> {
  const base = fc.record({ label, required: fc.boolean() });
  const missing = (required: boolean) => (required ? [fc.constant(null), fc.constant('  ')] : []);
  const filled = <T>(required: boolean, valid: fc.Arbitrary<T>) =>
    required ? valid : fc.option(valid, { nil: undefined });
  return fc.oneof(
    fc
      .record({ b: base, long: fc.boolean(), maxLength: fc.integer({ min: 3, max: 30 }) })
      .map(({ b, long, maxLength }) => ({
        column: { key, ...b, type: long ? 'long-text' : 'text', maxLength },
        valid: filled(b.required, word(1, maxLength)),
        broken: fc.oneof(word(maxLength + 1, maxLength + 5), fc.constant({ text: 'x' }), ...missing(b.required)),
      })),
    fc
      .record({ b: base, min: fc.integer({ min: -100, max: 100 }), span: fc.integer({ min: 0, max: 1000 }) })
      .map(({ b, min, span }) => ({
        column: { key, ...b, type: 'integer', min, max: min + span, unit: 'chiếc' },
        valid: filled(b.required, fc.integer({ min, max: min + span })),
        broken: fc.oneof(
          fc.integer({ min: min + span + 1, max: min + span + 100 }),
          fc.constant(min + 0.5),
          fc.constant('mười'),
          ...missing(b.required),
        ),
      })),
    fc
      .record({ b: base, decimals: fc.integer({ min: 0, max: 2 }), max: fc.integer({ min: 1, max: 1_000_000 }) })
      .map(({ b, decimals, max }) => ({
        column: { key, ...b, type: 'number', min: 0, max, unit: 'đồng', decimals },
        valid: filled(
          b.required,
          fc.integer({ min: 0, max: max * 10 ** decimals }).map((k) => k / 10 ** decimals),
        ),
        broken: fc.oneof(
          fc.constant(max + 1),
          fc.constant(-1),
          fc.constant(Number.NaN),
          fc.constant('1.000 đồng'),
          ...missing(b.required),
        ),
      })),
    base.map((b) => ({
      column: { key, ...b, type: 'date', min: '01/01/2020', max: '31/12/2026' },
      valid: filled(
        b.required,
        fc
          .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2020, max: 2026 }))
          .map(([d, m, y]) => `${pad(d)}/${pad(m)}/${y}`),
      ),
      broken: fc.oneof(
        fc.constantFrom('31/02/2024', '2024-03-05', '31/12/2019', '01/01/2027', '5 tháng 3'),
        ...missing(b.required),
      ),
    })),
    fc.record({ b: base, count: fc.integer({ min: 1, max: 6 }) }).map(({ b, count }) => {
      const options = Array.from({ length: count }, (_, i) => ({
        value: `lua-chon-${i + 1}`,
        label: `Lựa chọn ${i + 1}`,
      }));
      return {
        column: { key, ...b, type: 'choice', options },
        valid: filled(b.required, fc.constantFrom(...options.flatMap((o) => [o.value, o.label]))),
        broken: fc.oneof(fc.constantFrom('khong-co', `Lựa chọn ${count + 1}`, 7), ...missing(b.required)),
      };
    }),
    base.map((b) => ({
      column: { key, ...b, type: 'yes-no' },
      valid: filled(b.required, fc.boolean()),
      broken: fc.oneof(fc.constantFrom('có', 1, 'false'), ...missing(b.required)),
    })),
  );
}

export interface GeneratedTable {
  declaration: Json;
  columns: GeneratedValue[];
  rows: fc.Arbitrary<Json[]>;
}

/** A table keyed by an `id` column, and its valid rows (ids 1, 2, 3 …). */
export const generatedTable: fc.Arbitrary<GeneratedTable> = fc
  .integer({ min: 0, max: 5 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => valueColumn(`c${i + 1}`))))
  .map((columns) => {
    const id = {
      column: { key: 'id', label: 'Mã dòng', type: 'integer', required: true, min: 1 },
      valid: fc.constant(0),
      broken: fc.constant('abc'),
    };
    const all = [id, ...columns];
    const row = fc
      .tuple(...all.map((c) => c.valid))
      .map((values) => Object.fromEntries(all.map((c, i) => [c.column.key as string, values[i]])));
    return {
      declaration: { kind: 'table', title: 'Bảng thử', columns: all.map((c) => c.column), rowKey: ['id'], maxRows: 20 },
      columns: all,
      rows: fc.array(row, { minLength: 1, maxLength: 8 }).map((rows) => rows.map((r, i) => ({ ...r, id: i + 1 }))),
    };
  });

export interface GeneratedIndicators {
  field: Json;
  codes: string[];
  columnKeys: string[];
  values: fc.Arbitrary<Record<string, Record<string, number>>>;
}

/** An indicator table whose first indicator is the sum of the others, in every column. */
const generatedIndicators = (key: string): fc.Arbitrary<GeneratedIndicators> =>
  fc
    .record({ parts: fc.integer({ min: 2, max: 5 }), columns: fc.integer({ min: 1, max: 3 }) })
    .map(({ parts, columns }) => {
      const codes = Array.from({ length: parts + 1 }, (_, i) => `HS${pad(i + 1)}`);
      const columnKeys = Array.from({ length: columns }, (_, i) => `cot-${i + 1}`);
      const partValues = fc.array(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: columns, maxLength: columns }),
        { minLength: parts, maxLength: parts },
      );
      return {
        field: {
          key,
          label: 'Kết quả giải quyết hồ sơ',
          type: 'indicators',
          columns: columnKeys.map((k, i) => ({
            key: k,
            label: i === 0 ? 'Kỳ này' : `Cột ${i + 1}`,
            type: 'integer',
            min: 0,
          })),
          indicators: codes.map((code) => ({ code, label: `Chỉ tiêu ${code}`, unit: 'hồ sơ' })),
          checks: [{ rule: 'sum', total: codes[0], parts: codes.slice(1) }],
        },
        codes,
        columnKeys,
        values: partValues.map((rows) => {
          const table: Record<string, Record<string, number>> = {};
          rows.forEach((row, p) => (table[codes[p + 1]!] = Object.fromEntries(columnKeys.map((k, c) => [k, row[c]!]))));
          table[codes[0]!] = Object.fromEntries(
            columnKeys.map((k, c) => [k, rows.reduce((sum, row) => sum + row[c]!, 0)]),
          );
          return table;
        }),
      };
    });

const TYPE_NAMES = Object.keys(FILE_TYPES) as (keyof typeof FILE_TYPES)[];

/** A file field and the file references a valid delivery attaches (types as found in the content). */
const generatedFileField = (key: string) =>
  fc
    .record({
      accept: fc.shuffledSubarray(TYPE_NAMES, { minLength: 1, maxLength: 3 }),
      maxFiles: fc.integer({ min: 1, max: 3 }),
      maxSizeMB: fc.integer({ min: 1, max: 5 }),
    })
    .map(({ accept, maxFiles, maxSizeMB }) => {
      const file = (i: number, type: string, size: number) => ({
        sha256: i.toString(16).padStart(64, '0'),
        name: `tep-${i}.bin`,
        type,
        size,
      });
      const maxBytes = maxSizeMB * 1024 * 1024;
      const refused = TYPE_NAMES.find((t) => !accept.includes(t));
      return {
        field: { key, label: 'Văn bản kèm theo', type: 'file', required: true, accept, maxFiles, maxSizeMB },
        valid: fc
          .array(
            fc.record({
              type: fc.constantFrom(...accept.map((t) => FILE_TYPES[t])),
              size: fc.integer({ min: 1, max: maxBytes }),
            }),
            { minLength: 1, maxLength: maxFiles },
          )
          .map((files) => files.map((f, i) => file(i + 1, f.type, f.size))),
        broken: fc.constantFrom(
          [file(1, refused ? FILE_TYPES[refused] : 'text/plain', 100)],
          [file(1, FILE_TYPES[accept[0]!], maxBytes + 1)],
          Array.from({ length: maxFiles + 1 }, (_, i) => file(i + 1, FILE_TYPES[accept[0]!], 100)),
          [],
        ),
      };
    });

export interface GeneratedForm {
  declaration: Json;
  /** Every field of the form with its valid and broken values, by key; indicators apart. */
  fields: { key: string; valid: fc.Arbitrary<unknown>; broken: fc.Arbitrary<unknown> }[];
  indicators: GeneratedIndicators;
}

/** A form of one to three sections of typed fields, with one indicator table and one file field. */
export const generatedForm: fc.Arbitrary<GeneratedForm> = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 })
  .chain((sizes) =>
    fc.tuple(
      fc.tuple(
        ...sizes.map((size, s) =>
          fc.tuple(...Array.from({ length: size }, (_, i) => valueColumn(`f${s + 1}-${i + 1}`))),
        ),
      ),
      generatedIndicators('chi-tieu'),
      generatedFileField('van-ban'),
    ),
  )
  .map(([sections, indicators, files]) => ({
    declaration: {
      kind: 'form',
      title: 'Báo cáo thử',
      sections: [
        ...sections.map((fields, s) => ({
          key: `muc-${s + 1}`,
          title: `Mục ${s + 1}`,
          fields: fields.map((f) => f.column),
        })),
        { key: 'so-lieu', title: 'Số liệu', fields: [indicators.field, files.field] },
      ],
    },
    fields: [
      ...sections.flat().map((f) => ({ key: f.column.key as string, valid: f.valid, broken: f.broken })),
      { key: 'van-ban', valid: files.valid, broken: files.broken },
    ],
    indicators,
  }));

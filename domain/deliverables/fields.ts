import { z } from 'zod';
import { visibleText } from '../text';
import { DELIVERABLE_LIMITS as LIMITS } from './limits';
import { dayNumber, patternProblem } from './values';

// The typed values a deliverable declares: a table's columns, a form's fields, an indicator table's
// columns. Each type names its bounds; every refusal names what is wrong and how to fix it.

const VALUE_TYPES = ['text', 'long-text', 'integer', 'number', 'date', 'choice', 'yes-no'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

export const VALUE_TYPE_LABELS: Record<ValueType, string> = {
  text: 'chữ (một dòng)',
  'long-text': 'đoạn văn',
  integer: 'số nguyên',
  number: 'số có đơn vị',
  date: 'ngày dd/mm/yyyy',
  choice: 'chọn trong danh sách',
  'yes-no': 'có/không',
};

const fixed = (message: string) => ({ error: message });

/**
 * An object of the declaration: a key it does not know (a typo such as `requried`) is refused by
 * name with the keys it knows, never silently dropped; `shape` says what a wrong value should be.
 */
export function declared<S extends z.core.$ZodLooseShape>(shape: S, params: { error?: string } = {}) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Không có trường ${issue.keys.join(', ')}. Cách sửa: bỏ trường này hoặc sửa chính tả; các trường dùng được: ${known}.`
        : params.error,
  });
}

/** A label people read: a title, a column header, a unit. */
export const labelField = (what: string, example: string) =>
  z
    .string(fixed(`Thiếu ${what}. Cách sửa: ghi ${what}, ví dụ "${example}".`))
    .overwrite(visibleText)
    .min(1, `Thiếu ${what}. Cách sửa: ghi ${what}, ví dụ "${example}".`)
    .max(LIMITS.label, `${what} dài quá ${LIMITS.label} ký tự. Cách sửa: rút gọn, ghi phần giải thích vào hint.`);

/** A key: part of every path and of the data, so plain ASCII. */
export const keyField = (what: string, example: string) =>
  z
    .string(fixed(`Thiếu ${what} (key). Cách sửa: ghi một mã ngắn, ví dụ ${example}.`))
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
      `${what} (key) chỉ gồm chữ không dấu, số, gạch ngang, gạch dưới. Cách sửa: ví dụ ${example}.`,
    )
    .max(LIMITS.key, `${what} (key) dài quá ${LIMITS.key} ký tự. Cách sửa: dùng mã ngắn hơn, ví dụ ${example}.`);

const hint = z
  .string(fixed('Hướng dẫn (hint) phải là chữ. Cách sửa: ghi một câu hướng dẫn, hoặc bỏ trống.'))
  .overwrite(visibleText)
  .max(LIMITS.hint, `Hướng dẫn (hint) dài quá ${LIMITS.hint} ký tự. Cách sửa: rút gọn.`)
  .optional();

const common = {
  key: keyField('mã cột', 'so-luong'),
  label: labelField('tên cột (label)', 'Số lượng'),
  required: z
    .boolean(fixed('required phải là true hoặc false. Cách sửa: ghi required: true hoặc bỏ trống.'))
    .default(false),
  hint,
};

const length = (what: string, max: number) =>
  z
    .int(fixed(`${what} phải là số nguyên. Cách sửa: ghi một số từ 1 đến ${max}.`))
    .min(1, `${what} phải từ 1. Cách sửa: ghi một số từ 1 đến ${max}.`)
    .max(max, `${what} tối đa ${max}. Cách sửa: ghi một số từ 1 đến ${max}.`);

const bound = (what: string) =>
  z.number(fixed(`${what} phải là số. Cách sửa: ghi một số, ví dụ 0, hoặc bỏ trống.`)).optional();

const unit = labelField('đơn vị (unit)', 'đồng');

const day = (what: string) =>
  z
    .string(fixed(`${what} phải là ngày dd/mm/yyyy đặt trong ngoặc kép. Cách sửa: ví dụ "01/01/2020".`))
    .refine(
      (text) => dayNumber(text) !== undefined,
      `${what} không phải ngày dd/mm/yyyy có thật. Cách sửa: ví dụ "01/01/2020".`,
    )
    .optional();

const textColumn = declared({
  ...common,
  type: z.literal('text'),
  minLength: length('Độ dài tối thiểu (minLength)', 1_000).optional(),
  maxLength: length('Độ dài tối đa (maxLength)', 1_000).default(1_000),
  pattern: z
    .string(fixed("Mẫu (pattern) phải là chữ. Cách sửa: ghi biểu thức chính quy trong ngoặc đơn, ví dụ '\\d{4}'."))
    .max(LIMITS.pattern, `Mẫu (pattern) dài quá ${LIMITS.pattern} ký tự. Cách sửa: viết gọn hơn.`)
    .superRefine((pattern, ctx) => {
      const problem = patternProblem(pattern);
      if (problem)
        ctx.addIssue({
          code: 'custom',
          message: `Mẫu (pattern) ${problem}. Cách sửa: viết một biểu thức chính quy đơn giản, ví dụ '\\d\\.\\d{6}'.`,
        });
    })
    .optional(),
  patternHint: labelField('mô tả mẫu (patternHint)', 'dạng 1.002421').optional(),
});
const longTextColumn = declared({
  ...common,
  type: z.literal('long-text'),
  maxLength: length('Độ dài tối đa (maxLength)', 5_000).default(5_000),
});
const integerColumn = declared({
  ...common,
  type: z.literal('integer'),
  min: bound('min'),
  max: bound('max'),
  unit: unit.optional(),
});
const numberColumn = declared({
  ...common,
  type: z.literal('number'),
  min: bound('min'),
  max: bound('max'),
  unit,
  decimals: z
    .int(fixed('Số chữ số thập phân (decimals) phải là số nguyên từ 0 đến 6. Cách sửa: ví dụ 2.'))
    .min(0, 'Số chữ số thập phân (decimals) từ 0 đến 6. Cách sửa: ví dụ 2.')
    .max(6, 'Số chữ số thập phân (decimals) từ 0 đến 6. Cách sửa: ví dụ 2.')
    .optional(),
});
const dateColumn = declared({
  ...common,
  type: z.literal('date'),
  min: day('Ngày sớm nhất (min)'),
  max: day('Ngày muộn nhất (max)'),
});
const option = z.union(
  [
    z
      .string()
      .overwrite(visibleText)
      .min(1)
      .max(LIMITS.label)
      .transform((value) => ({ value, label: value })),
    declared({
      value: keyField('mã lựa chọn', 'ket_qua').or(z.string().overwrite(visibleText).min(1).max(LIMITS.label)),
      label: labelField('tên lựa chọn (label)', 'Kết quả'),
    }),
  ],
  fixed('Mỗi lựa chọn là một chữ, hoặc { value, label }. Cách sửa: ví dụ { value: ket_qua, label: "Kết quả" }.'),
);
const choiceColumn = declared({
  ...common,
  type: z.literal('choice'),
  options: z
    .array(
      option,
      fixed('Thiếu các lựa chọn (options). Cách sửa: ghi options: [ "Có", "Không" ] hoặc các { value, label }.'),
    )
    .min(1, 'Chưa có lựa chọn nào (options). Cách sửa: ghi ít nhất một lựa chọn.')
    .max(LIMITS.options, `Tối đa ${LIMITS.options} lựa chọn (options). Cách sửa: gộp bớt, hoặc dùng cột chữ.`),
});
const yesNoColumn = declared({ ...common, type: z.literal('yes-no') });

const VALUE_SCHEMAS = [
  textColumn,
  longTextColumn,
  integerColumn,
  numberColumn,
  dateColumn,
  choiceColumn,
  yesNoColumn,
] as const;

/** Checks every typed value's own consistency: bounds in order, options not repeated. */
function checkValueColumn(column: CheckedColumn, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (
    (column.type === 'integer' || column.type === 'number') &&
    column.min !== undefined &&
    column.max !== undefined &&
    column.min > column.max
  )
    issue('max', `max (${column.max}) nhỏ hơn min (${column.min}). Cách sửa: đổi chỗ hai giá trị.`);
  if (column.type === 'integer' && [column.min, column.max].some((v) => v !== undefined && !Number.isSafeInteger(v)))
    issue('min', 'Cột số nguyên phải có min, max là số nguyên. Cách sửa: bỏ phần thập phân.');
  if (column.type === 'date' && column.min && column.max && dayNumber(column.min)! > dayNumber(column.max)!)
    issue('max', `Ngày muộn nhất (${column.max}) ở trước ngày sớm nhất (${column.min}). Cách sửa: đổi chỗ hai ngày.`);
  if (column.type === 'text' && column.minLength !== undefined && column.minLength > column.maxLength)
    issue(
      'minLength',
      `minLength (${column.minLength}) lớn hơn maxLength (${column.maxLength}). Cách sửa: giảm minLength.`,
    );
  if (column.type === 'text' && column.pattern && !column.patternHint)
    issue(
      'patternHint',
      'Có mẫu (pattern) mà thiếu mô tả mẫu (patternHint). Cách sửa: ghi patternHint: "dạng 1.002421" để người nhập biết sửa thế nào.',
    );
  if (column.type === 'choice') {
    const seen = new Set<string>();
    column.options.forEach((o, i) => {
      if (seen.has(o.value))
        ctx.addIssue({
          code: 'custom',
          path: ['options', i],
          message: `Lựa chọn "${o.value}" bị lặp. Cách sửa: bỏ lựa chọn trùng.`,
        });
      seen.add(o.value);
    });
  }
}

const typeError = (kinds: readonly string[]) =>
  fixed(`Kiểu (type) không hợp lệ. Cách sửa: ghi type là một trong: ${kinds.join(', ')}.`);

/** A typed value: a table's column or a form's simple field. */
export const valueColumnSchema = z
  .discriminatedUnion('type', VALUE_SCHEMAS, typeError(VALUE_TYPES))
  .superRefine(checkValueColumn);
export type ValueColumn = z.output<(typeof VALUE_SCHEMAS)[number]>;
type NumberColumn = Extract<ValueColumn, { type: 'number' }>;
/** A value column, or an indicator column (whose unit the indicator gives). */
type CheckedColumn = Exclude<ValueColumn, NumberColumn> | (Omit<NumberColumn, 'unit'> & { unit?: string });

/** An indicator table's column ("Kỳ này", "Lũy kế"): a number. */
export const indicatorColumnSchema = z
  .discriminatedUnion(
    'type',
    [integerColumn, numberColumn.extend({ unit: unit.optional() })],
    typeError(['integer', 'number']),
  )
  .superRefine(checkValueColumn);
export type IndicatorColumn = z.output<typeof indicatorColumnSchema>;

export { VALUE_SCHEMAS, checkValueColumn, typeError };

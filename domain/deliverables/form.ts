import { z } from 'zod';
import { visibleText } from '../text';
import { DELIVERABLE_LIMITS as LIMITS } from './limits';
import { FILE_TYPES, type FileType } from './file-types';
import {
  declared,
  VALUE_SCHEMAS,
  checkValueColumn,
  indicatorColumnSchema,
  keyField,
  labelField,
  typeError,
} from './fields';

// A form deliverable: sections of typed fields, indicator tables (fixed rows = indicators, typed
// number columns, cross-checks) and file fields. A form of file fields only is a document submission.

const FILE_TYPE_NAMES = Object.keys(FILE_TYPES) as [FileType, ...FileType[]];

export const AGGREGATIONS = ['sum', 'average', 'min', 'max'] as const;

const indicatorCode = z
  .string({ error: 'Thiếu mã chỉ tiêu (code). Cách sửa: ghi một mã ngắn, ví dụ HS01.' })
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'Mã chỉ tiêu (code) chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang. Cách sửa: ví dụ HS01 hoặc 1.2.',
  )
  .max(LIMITS.indicatorCode, `Mã chỉ tiêu (code) dài quá ${LIMITS.indicatorCode} ký tự. Cách sửa: ví dụ HS01.`);

const indicator = declared(
  {
    code: indicatorCode,
    label: labelField('tên chỉ tiêu (label)', 'Số hồ sơ tiếp nhận'),
    unit: labelField('đơn vị (unit)', 'hồ sơ'),
    min: z.number({ error: 'min phải là số. Cách sửa: ví dụ 0.' }).optional(),
    max: z.number({ error: 'max (điểm hoặc giá trị tối đa) phải là số. Cách sửa: ví dụ 2.' }).optional(),
  },
  {
    error:
      'Mỗi chỉ tiêu là { code, label, unit }. Cách sửa: ví dụ { code: HS01, label: "Số hồ sơ tiếp nhận", unit: hồ sơ }.',
  },
);

const ref = z
  .string({ error: 'Thiếu mã chỉ tiêu hoặc mã cột. Cách sửa: ghi mã đã khai, ví dụ HS01.' })
  .min(1)
  .max(LIMITS.key);
const crossCheck = z.discriminatedUnion(
  'rule',
  [
    declared({
      rule: z.literal('sum'),
      total: ref,
      parts: z
        .array(ref, { error: 'Thiếu các phần (parts). Cách sửa: ghi parts: [ HS02, HS03 ].' })
        .min(2, 'Tổng phải có ít nhất hai phần (parts). Cách sửa: ghi parts: [ HS02, HS03 ].')
        .max(LIMITS.checkParts, `Tối đa ${LIMITS.checkParts} phần (parts). Cách sửa: bỏ phần trùng.`),
    }),
    declared({ rule: z.literal('not-above'), value: ref, limit: ref }),
  ],
  {
    error:
      'Phép kiểm tra (rule) phải là sum hoặc not-above. Cách sửa: ví dụ { rule: sum, total: HS01, parts: [ HS02, HS03 ] }.',
  },
);

const fieldCommon = {
  key: keyField('mã trường', 'ket-qua'),
  label: labelField('tên trường (label)', 'Kết quả giải quyết hồ sơ'),
  hint: z.string().overwrite(visibleText).max(LIMITS.hint).optional(),
};

const indicatorsField = declared({
  ...fieldCommon,
  type: z.literal('indicators'),
  /** Every cell must be filled (0 when nothing happened); `false` lets cells stay empty. */
  required: z.boolean().default(true),
  columns: z
    .array(indicatorColumnSchema, {
      error: 'Thiếu các cột (columns). Cách sửa: ví dụ [ { key: ky-nay, label: "Kỳ này", type: integer } ].',
    })
    .min(1, 'Bảng chỉ tiêu chưa có cột nào. Cách sửa: khai ít nhất một cột, ví dụ "Kỳ này".')
    .max(LIMITS.indicatorColumns, `Bảng chỉ tiêu có tối đa ${LIMITS.indicatorColumns} cột. Cách sửa: bỏ bớt cột.`),
  indicators: z
    .array(indicator, {
      error: 'Thiếu các chỉ tiêu (indicators). Cách sửa: ghi indicators: [ { code, label, unit }, … ].',
    })
    .min(1, 'Bảng chỉ tiêu chưa có chỉ tiêu nào. Cách sửa: khai ít nhất một chỉ tiêu.')
    .max(LIMITS.indicators, `Tối đa ${LIMITS.indicators} chỉ tiêu một bảng. Cách sửa: chia thành nhiều bảng.`),
  checks: z
    .array(crossCheck)
    .max(LIMITS.checks, `Tối đa ${LIMITS.checks} phép kiểm tra. Cách sửa: bỏ phép trùng.`)
    .default([]),
  /** How consolidation adds agencies' values up. */
  aggregate: z.enum(AGGREGATIONS, { error: `aggregate phải là một trong: ${AGGREGATIONS.join(', ')}.` }).default('sum'),
}).superRefine((field, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const columns = new Set<string>();
  field.columns.forEach((c, i) => {
    if (columns.has(c.key)) issue(['columns', i, 'key'], `Mã cột "${c.key}" bị trùng. Cách sửa: mỗi cột một mã riêng.`);
    columns.add(c.key);
  });
  const codes = new Set<string>();
  field.indicators.forEach((indicator, i) => {
    if (codes.has(indicator.code))
      issue(
        ['indicators', i, 'code'],
        `Mã chỉ tiêu "${indicator.code}" bị trùng. Cách sửa: mỗi chỉ tiêu một mã riêng.`,
      );
    if (columns.has(indicator.code))
      issue(['indicators', i, 'code'], `Mã chỉ tiêu "${indicator.code}" trùng mã một cột. Cách sửa: đặt mã khác.`);
    if (indicator.min !== undefined && indicator.max !== undefined && indicator.min > indicator.max)
      issue(
        ['indicators', i, 'max'],
        `max (${indicator.max}) nhỏ hơn min (${indicator.min}). Cách sửa: đổi chỗ hai giá trị.`,
      );
    codes.add(indicator.code);
  });
  field.checks.forEach((check, i) => {
    const refs = check.rule === 'sum' ? [check.total, ...check.parts] : [check.value, check.limit];
    const allIndicators = refs.every((r) => codes.has(r));
    const allColumns = refs.every((r) => columns.has(r));
    if (check.rule === 'sum' && !allIndicators)
      issue(
        ['checks', i],
        `Phép cộng (sum) nhắc tới chỉ tiêu không có: ${refs.filter((r) => !codes.has(r)).join(', ')}. Cách sửa: dùng mã chỉ tiêu đã khai.`,
      );
    else if (check.rule === 'not-above' && !allIndicators && !allColumns)
      issue(
        ['checks', i],
        `Phép so sánh (not-above) phải so hai chỉ tiêu hoặc hai cột đã khai (${check.value}, ${check.limit}). Cách sửa: sửa mã cho đúng.`,
      );
    else if (new Set(refs).size !== refs.length)
      issue(['checks', i], 'Phép kiểm tra nhắc một mã hai lần. Cách sửa: bỏ mã lặp.');
  });
});
export type IndicatorsField = z.output<typeof indicatorsField>;

const fileField = declared({
  ...fieldCommon,
  type: z.literal('file'),
  required: z.boolean().default(false),
  accept: z
    .array(
      z.enum(FILE_TYPE_NAMES, {
        error: `Loại tệp không nhận. Cách sửa: ghi một trong: ${FILE_TYPE_NAMES.join(', ')}.`,
      }),
      {
        error: 'Thiếu các loại tệp nhận (accept). Cách sửa: ví dụ accept: [ pdf ].',
      },
    )
    .min(1, 'Chưa có loại tệp nào (accept). Cách sửa: ví dụ accept: [ pdf ].')
    .max(LIMITS.acceptedTypes),
  maxSizeMB: z
    .number({ error: `Dung lượng tối đa (maxSizeMB) là số MB từ 0,1 đến ${LIMITS.fileMegabytes}. Cách sửa: ví dụ 10.` })
    .min(0.1, 'Dung lượng tối đa (maxSizeMB) từ 0,1 MB. Cách sửa: ví dụ 10.')
    .max(
      LIMITS.fileMegabytes,
      `Dung lượng tối đa (maxSizeMB) không quá ${LIMITS.fileMegabytes} MB. Cách sửa: ví dụ 10.`,
    )
    .default(10),
  maxFiles: z
    .int({ error: `Số tệp tối đa (maxFiles) là số nguyên từ 1 đến ${LIMITS.filesPerField}. Cách sửa: ví dụ 1.` })
    .min(1, 'Số tệp tối đa (maxFiles) từ 1. Cách sửa: ví dụ 1.')
    .max(LIMITS.filesPerField, `Số tệp tối đa (maxFiles) không quá ${LIMITS.filesPerField}. Cách sửa: ví dụ 5.`)
    .default(1),
});
export type FileField = z.output<typeof fileField>;

const [text, longText, integer, number, date, choice, yesNo] = VALUE_SCHEMAS;
const valueFields = [
  text.extend(fieldCommon),
  longText.extend(fieldCommon),
  integer.extend(fieldCommon),
  number.extend(fieldCommon),
  date.extend(fieldCommon),
  choice.extend(fieldCommon),
  yesNo.extend(fieldCommon),
] as const;
const FIELD_TYPES = ['text', 'long-text', 'integer', 'number', 'date', 'choice', 'yes-no', 'indicators', 'file'];
const formField = z
  .discriminatedUnion('type', [...valueFields, indicatorsField, fileField], typeError(FIELD_TYPES))
  .superRefine((field, ctx) => {
    if (field.type !== 'indicators' && field.type !== 'file') checkValueColumn(field, ctx);
  });
export type FormField = z.output<typeof formField>;

const section = declared(
  {
    key: keyField('mã mục', 'tinh-hinh-chung'),
    title: labelField('tên mục (title)', 'I. Tình hình chung'),
    fields: z
      .array(formField, { error: 'Thiếu các trường (fields). Cách sửa: ghi fields: [ { key, label, type }, … ].' })
      .min(1, 'Mục chưa có trường nào. Cách sửa: khai ít nhất một trường, hoặc bỏ mục.')
      .max(
        LIMITS.fieldsPerSection,
        `Một mục có tối đa ${LIMITS.fieldsPerSection} trường. Cách sửa: chia thành nhiều mục.`,
      ),
  },
  {
    error:
      'Mỗi mục là { key, title, fields }. Cách sửa: ví dụ { key: tinh-hinh-chung, title: "I. Tình hình chung", fields: [ … ] }.',
  },
);

export const formDeclarationSchema = declared({
  kind: z.literal('form'),
  title: labelField('tên sản phẩm (title)', 'Báo cáo tình hình giải quyết TTHC tháng'),
  sections: z
    .array(section, { error: 'Thiếu các mục (sections). Cách sửa: ghi sections: [ { key, title, fields }, … ].' })
    .min(1, 'Biểu mẫu chưa có mục nào. Cách sửa: khai ít nhất một mục.')
    .max(LIMITS.sections, `Tối đa ${LIMITS.sections} mục. Cách sửa: gộp bớt mục.`),
}).superRefine((form, ctx) => {
  const seenSections = new Set<string>();
  const seenFields = new Set<string>();
  let fields = 0;
  form.sections.forEach((s, i) => {
    if (seenSections.has(s.key))
      ctx.addIssue({
        code: 'custom',
        path: ['sections', i, 'key'],
        message: `Mã mục "${s.key}" bị trùng. Cách sửa: mỗi mục một mã riêng.`,
      });
    seenSections.add(s.key);
    s.fields.forEach((f, j) => {
      fields += 1;
      if (seenFields.has(f.key))
        ctx.addIssue({
          code: 'custom',
          path: ['sections', i, 'fields', j, 'key'],
          message: `Mã trường "${f.key}" đã dùng ở trường khác. Cách sửa: mỗi trường trong biểu mẫu một mã riêng.`,
        });
      seenFields.add(f.key);
    });
  });
  if (fields > LIMITS.fields)
    ctx.addIssue({
      code: 'custom',
      path: ['sections'],
      message: `Biểu mẫu có ${fields} trường, tối đa ${LIMITS.fields}. Cách sửa: bỏ bớt trường, hoặc chia thành nhiều sản phẩm.`,
    });
});
export type FormDeclaration = z.output<typeof formDeclarationSchema>;

/** A form of file fields only: a document submission (a signed letter, a plan). */
export function isDocumentSubmission(form: FormDeclaration): boolean {
  return form.sections.every((s) => s.fields.every((f) => f.type === 'file'));
}

import { z } from 'zod';
import { DELIVERABLE_LIMITS as LIMITS } from './limits';
import { declared, keyField, labelField, valueColumnSchema, type ValueColumn } from './fields';
import { RULE_SETS, RULE_SET_NAMES } from './rule-sets';

// A table deliverable: rows of typed columns (a list of procedures, of equipment, of projects),
// identified across versions by a row key, with optional named rule sets that span rows.

export const tableDeclarationSchema = declared({
  kind: z.literal('table'),
  title: labelField('tên sản phẩm (title)', 'Danh sách thiết bị cần thay thế'),
  columns: z
    .array(valueColumnSchema, {
      error: 'Thiếu các cột (columns). Cách sửa: ghi columns: [ { key, label, type }, … ].',
    })
    .min(1, 'Bảng chưa có cột nào (columns). Cách sửa: khai ít nhất một cột.')
    .max(LIMITS.columns, `Bảng có tối đa ${LIMITS.columns} cột. Cách sửa: bỏ bớt cột, hoặc chia thành nhiều sản phẩm.`),
  rowKey: z
    .array(keyField('mã cột', 'ten-thiet-bi'), {
      error: 'Thiếu khóa dòng (rowKey). Cách sửa: ghi rowKey: [ mã các cột xác định một dòng ], ví dụ [ ma-tai-san ].',
    })
    .min(1, 'Khóa dòng (rowKey) trống. Cách sửa: ghi ít nhất một mã cột.')
    .max(LIMITS.rowKeyColumns, `Khóa dòng (rowKey) có tối đa ${LIMITS.rowKeyColumns} cột. Cách sửa: bỏ bớt cột.`),
  rules: z
    .array(
      z.enum(RULE_SET_NAMES as [string, ...string[]], {
        error: `Bộ quy tắc không có. Cách sửa: ghi một trong: ${RULE_SET_NAMES.join(', ')}, hoặc bỏ trống.`,
      }),
      { error: `Bộ quy tắc (rules) là một danh sách. Cách sửa: ví dụ rules: [ ${RULE_SET_NAMES[0]} ].` },
    )
    .max(LIMITS.ruleSets, `Tối đa ${LIMITS.ruleSets} bộ quy tắc. Cách sửa: bỏ bộ trùng.`)
    .default([]),
  maxRows: z
    .int({ error: `Số dòng tối đa (maxRows) phải là số nguyên từ 1 đến ${LIMITS.rows}. Cách sửa: ví dụ 1000.` })
    .min(1, `Số dòng tối đa (maxRows) từ 1. Cách sửa: ví dụ 1000.`)
    .max(
      LIMITS.rows,
      `Số dòng tối đa (maxRows) không quá ${LIMITS.rows.toLocaleString('vi-VN')}. Cách sửa: chia thành nhiều sản phẩm.`,
    )
    .default(LIMITS.defaultRows),
}).superRefine((table, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const byKey = new Map<string, ValueColumn>();
  table.columns.forEach((column, i) => {
    if (byKey.has(column.key))
      issue(['columns', i, 'key'], `Mã cột "${column.key}" bị trùng. Cách sửa: mỗi cột một mã riêng.`);
    else byKey.set(column.key, column);
  });
  table.rowKey.forEach((key, i) => {
    const column = byKey.get(key);
    if (!column)
      issue(
        ['rowKey', i],
        `Khóa dòng nhắc tới cột "${key}" không có trong columns. Cách sửa: ghi mã của một cột đã khai.`,
      );
    else if (!column.required)
      issue(
        ['rowKey', i],
        `Cột "${key}" trong khóa dòng phải là cột bắt buộc. Cách sửa: ghi required: true cho cột này.`,
      );
  });
  table.rules.forEach((name, i) => {
    for (const [key, need] of Object.entries(RULE_SETS[name]!.requires)) {
      const column = byKey.get(key);
      if (!column || column.type !== need.type)
        issue(
          ['rules', i],
          `Bộ quy tắc ${name} cần cột "${key}" kiểu ${need.type}. Cách sửa: khai cột { key: ${key}, type: ${need.type} }, hoặc bỏ bộ quy tắc.`,
        );
      else if (need.options && column.type === 'choice') {
        const values = column.options.map((o) => o.value);
        if (need.options.some((v) => !values.includes(v)))
          issue(
            ['rules', i],
            `Bộ quy tắc ${name} cần cột "${key}" có các lựa chọn ${need.options.join(', ')}. Cách sửa: khai đủ các lựa chọn này.`,
          );
      }
    }
  });
});
export type TableDeclaration = z.output<typeof tableDeclarationSchema>;

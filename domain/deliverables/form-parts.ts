import type { ValueColumn } from './fields';
import type { FileField, FormDeclaration, IndicatorsField } from './form';
import type { Value } from './value-check';
import { vietnameseNumber } from './values';

// The parts of a form as consolidation, the missing-parts list and the diff name them: each simple
// field, each indicator table (its cells named by indicator and column) and each file field, in the
// declaration's order, with the words the checker uses to place a problem ("Mục …", "bảng …").

interface PartCommon {
  section: string;
  sectionTitle: string;
  /** `Mục "I. Tình hình chung", "Đánh giá chung"`: where the part is, as people read it. */
  where: string;
}
export type ValueField = Exclude<FormDeclaration['sections'][number]['fields'][number], IndicatorsField | FileField>;
export type FormPart =
  | (PartCommon & { type: 'value'; field: ValueField })
  | (PartCommon & { type: 'indicators'; field: IndicatorsField })
  | (PartCommon & { type: 'file'; field: FileField });

export function formParts(declaration: FormDeclaration): FormPart[] {
  return declaration.sections.flatMap((section) =>
    section.fields.map((field): FormPart => {
      const common = { section: section.key, sectionTitle: section.title };
      if (field.type === 'indicators')
        return { ...common, type: 'indicators', field, where: `Mục "${section.title}", bảng "${field.label}"` };
      const where = `Mục "${section.title}", "${field.label}"`;
      return field.type === 'file'
        ? { ...common, type: 'file', field, where }
        : { ...common, type: 'value', field, where };
    }),
  );
}

/** `chỉ tiêu HS01 "Tổng số hồ sơ phải giải quyết", cột "Kỳ này"` */
export function cellName(field: IndicatorsField, code: string, column: string): string {
  const indicator = field.indicators.find((i) => i.code === code);
  const columnLabel = field.columns.find((c) => c.key === column)?.label ?? column;
  return `chỉ tiêu ${code} "${indicator?.label ?? code}", cột "${columnLabel}"`;
}

/** Longest text a summary quotes; the rest is cut with "…". */
const SHOWN_TEXT = 200;

/** A value as a person reads it in a summary: text quoted and cut, numbers in Vietnamese, a choice by its label. */
export function shownValue(column: ValueColumn | undefined, value: Value | undefined): string {
  if (value === undefined) return '(trống)';
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (typeof value === 'number') return vietnameseNumber(value);
  if (column?.type === 'date') return value;
  const text = column?.type === 'choice' ? (column.options.find((o) => o.value === value)?.label ?? value) : value;
  const oneLine = text.replace(/\s+/g, ' ');
  return `"${oneLine.length > SHOWN_TEXT ? `${oneLine.slice(0, SHOWN_TEXT - 1)}…` : oneLine}"`;
}

/** A file's size as people read it: 980 B, 245 KB, 3,2 MB. */
export function shownSize(bytes: number): string {
  if (bytes < 1024) return `${vietnameseNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return `${vietnameseNumber(Math.round(bytes / 1024))} KB`;
  return `${vietnameseNumber(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;
}

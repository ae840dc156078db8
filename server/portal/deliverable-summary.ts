import type { DeliverableDeclaration } from '../../domain/deliverables';
import { VALUE_TYPE_LABELS, type ValueType } from '../../domain/deliverables/fields';

// A deliverable declaration as people read it on a page: its title and its parts (a table's
// columns; a form's sections and their fields, indicator tables and file fields), no keys shown.

export interface SummaryPart {
  label: string;
  /** What is delivered there, in words. */
  what: string;
  required: boolean;
}

export interface DeliverableSummary {
  title: string;
  kind: string;
  columns?: SummaryPart[];
  sections?: { title: string; fields: SummaryPart[] }[];
}

const typeWords = (type: ValueType, unit?: string) => `${VALUE_TYPE_LABELS[type]}${unit ? ` (${unit})` : ''}`;

export function summarizeDeliverable(declaration: DeliverableDeclaration): DeliverableSummary {
  if (declaration.kind === 'table')
    return {
      title: declaration.title,
      kind: 'Bảng nhiều dòng',
      columns: declaration.columns.map((c) => ({
        label: c.label,
        what: typeWords(c.type, 'unit' in c ? c.unit : undefined),
        required: c.required,
      })),
    };
  return {
    title: declaration.title,
    kind: 'Biểu mẫu',
    sections: declaration.sections.map((s) => ({
      title: s.title,
      fields: s.fields.map((f) => {
        if (f.type === 'indicators')
          return {
            label: f.label,
            what: `bảng chỉ tiêu: ${f.indicators.map((i) => i.label).join('; ')} — cột ${f.columns.map((c) => c.label).join(', ')}`,
            required: f.required,
          };
        if (f.type === 'file')
          return {
            label: f.label,
            what: `tệp ${f.accept.map((t) => t.toUpperCase()).join(', ')}, tối đa ${f.maxFiles} tệp, mỗi tệp ${f.maxSizeMB.toLocaleString('vi-VN')} MB`,
            required: f.required,
          };
        return { label: f.label, what: typeWords(f.type, 'unit' in f ? f.unit : undefined), required: f.required };
      }),
    })),
  };
}

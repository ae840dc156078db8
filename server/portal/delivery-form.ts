import type { DeliverableDeclaration, FileRef, FormDelivery } from '../../domain/deliverables';
import { FILE_TYPES } from '../../domain/deliverables';
import type { FormField } from '../../domain/deliverables/form';
import { vietnameseNumber } from '../../domain/deliverables/values';
import type { FormView } from './form-page';

// A declared form as the portal shows it, rendered on the server from the declaration (no client
// script needed), and read back from what the browser posts. Each input is named by the checker's
// path of its value (`fields.so-van-ban`, `fields.ho-so.HS01.ky-nay`), so every problem the checker
// finds lands beside the input it came from, and what the person typed is kept as typed.

export interface FormInput {
  name: string;
  id: string;
  label: string;
  hint?: string;
  type: FormField['type'];
  required: boolean;
  value: string;
  error?: string;
  options?: { value: string; label: string; selected: boolean }[];
  indicators?: {
    columns: { key: string; label: string }[];
    rows: { code: string; label: string; unit?: string; cells: FormCell[] }[];
    errors: string[];
  };
  file?: { accept: string; multiple: boolean; kept: FileRef[]; limits: string };
}
interface FormCell {
  name: string;
  id: string;
  label: string;
  value: string;
  invalid: boolean;
}

export interface DeliveryFormModel {
  title: string;
  sections: { key: string; title: string; inputs: FormInput[] }[];
}

/** An input's id: its path with the characters ids and anchors dislike replaced. */
export const inputId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The values of a delivery as the form's inputs hold them (a resubmission starts from the last version). */
export function formValuesOf(declaration: DeliverableDeclaration, delivery: FormDelivery | undefined) {
  const values: Record<string, string> = {};
  if (declaration.kind !== 'form' || !delivery) return values;
  for (const field of declaration.sections.flatMap((s) => s.fields)) {
    const value = delivery.fields[field.key];
    const name = `fields.${field.key}`;
    if (value === undefined) continue;
    if (field.type === 'indicators') {
      for (const [code, cells] of Object.entries(value as Record<string, Record<string, number>>))
        for (const [column, cell] of Object.entries(cells))
          values[`${name}.${code}.${column}`] = vietnameseNumber(cell);
    } else if (field.type === 'yes-no') values[name] = value ? 'co' : 'khong';
    else if (typeof value === 'number') values[name] = vietnameseNumber(value);
    else if (typeof value === 'string') values[name] = value;
  }
  return values;
}

/** The form to fill: every section's inputs with the values kept and the problems beside them. */
export function deliveryFormModel(
  declaration: Extract<DeliverableDeclaration, { kind: 'form' }>,
  form: FormView,
  keptFiles: Record<string, FileRef[]>,
): DeliveryFormModel {
  const errorsUnder = (prefix: string) =>
    Object.entries(form.state.errors)
      .filter(([path]) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`))
      .map(([, message]) => message);
  return {
    title: declaration.title,
    sections: declaration.sections.map((section) => ({
      key: section.key,
      title: section.title,
      inputs: section.fields.map((field): FormInput => {
        const name = `fields.${field.key}`;
        const base = {
          name,
          id: inputId(name),
          label: field.label,
          hint: field.hint,
          type: field.type,
          required: field.required,
          value: form.value(name),
          error: field.type === 'indicators' ? undefined : errorsUnder(name).join(' ') || undefined,
        };
        if (field.type === 'indicators') {
          const errors = errorsUnder(name);
          return {
            ...base,
            indicators: {
              columns: field.columns.map((c) => ({ key: c.key, label: c.label })),
              errors,
              rows: field.indicators.map((indicator) => ({
                code: indicator.code,
                label: indicator.label,
                unit: indicator.unit,
                cells: field.columns.map((column) => {
                  const cell = `${name}.${indicator.code}.${column.key}`;
                  return {
                    name: cell,
                    id: inputId(cell),
                    label: `${indicator.code} ${indicator.label}, ${column.label}`,
                    value: form.value(cell),
                    invalid: form.error(cell) !== undefined,
                  };
                }),
              })),
            },
          };
        }
        if (field.type === 'file') {
          const mb = vietnameseNumber(field.maxSizeMB);
          return {
            ...base,
            file: {
              accept: field.accept.map((type) => `.${type},${FILE_TYPES[type]}`).join(','),
              multiple: field.maxFiles > 1,
              kept: keptFiles[field.key] ?? [],
              limits: `Nhận tệp ${field.accept.map((t) => t.toUpperCase()).join(', ')}, mỗi tệp tối đa ${mb} MB, tối đa ${field.maxFiles} tệp.`,
            },
          };
        }
        if (field.type === 'choice')
          return {
            ...base,
            options: field.options.map((o) => ({ value: o.value, label: o.label, selected: o.value === base.value })),
          };
        return base;
      }),
    })),
  };
}

/**
 * A number as Vietnamese people type it: `1.234.567`, `12,5`, `1.234,5` (and `12.5` where the dot
 * cannot be a thousands separator). Anything else is kept as typed, for the checker to refuse.
 */
export function typedNumber(text: string): number | string {
  const compact = text.replace(/\s/g, '');
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(compact)) return Number(compact.replace(/\./g, '').replace(',', '.'));
  if (/^-?\d+(,\d+)?$/.test(compact)) return Number(compact.replace(',', '.'));
  if (/^-?\d+\.\d+$/.test(compact)) return Number(compact);
  return text;
}

/** The delivery the form's values make: typed values from text, files by their stored records. */
export function deliveryFromForm(
  declaration: Extract<DeliverableDeclaration, { kind: 'form' }>,
  values: Record<string, string>,
  files: Record<string, FileRef[]>,
): FormDelivery {
  const fields: FormDelivery['fields'] = {};
  for (const field of declaration.sections.flatMap((s) => s.fields)) {
    const name = `fields.${field.key}`;
    const text = (values[name] ?? '').trim();
    switch (field.type) {
      case 'indicators': {
        const table: Record<string, Record<string, number>> = {};
        for (const indicator of field.indicators)
          for (const column of field.columns) {
            const cell = (values[`${name}.${indicator.code}.${column.key}`] ?? '').trim();
            if (cell === '') continue;
            (table[indicator.code] ??= {})[column.key] = typedNumber(cell) as number;
          }
        fields[field.key] = table;
        break;
      }
      case 'file':
        if ((files[field.key] ?? []).length > 0) fields[field.key] = files[field.key]!;
        break;
      case 'yes-no':
        if (text === 'co' || text === 'khong') fields[field.key] = text === 'co';
        break;
      case 'integer':
      case 'number':
        if (text !== '') fields[field.key] = typedNumber(text) as number;
        break;
      default:
        if (text !== '') fields[field.key] = text;
    }
  }
  return { fields };
}

import type { DeliverableDeclaration, FileRef, FormDelivery } from '../../domain/deliverables';
import { FILE_TYPES } from '../../domain/deliverables';
import type { FormField, IndicatorsField } from '../../domain/deliverables/form';
import { cellName } from '../../domain/deliverables/form-parts';
import { vietnameseNumber } from '../../domain/deliverables/values';
import { attachedInputName, REMOVE_CHECKED, removeInputName } from '../deliveries/attached-files';
import { typesText } from '../files/content-type';
import type { FormView } from './form-page';

// A declared form as the portal shows it, rendered on the server from the declaration (no client
// script needed), and read back from what the browser posts. Each input is named by the checker's
// path of its value (`fields.so-van-ban`, `fields.ho-so.HS01.ky-nay`), so every problem the checker
// finds lands beside the input it came from (a cell's in its indicator's row), and what the person
// typed is kept as typed. After a return, the reviewer's reason for a place is shown beside it.

export interface FormInput {
  name: string;
  id: string;
  label: string;
  hint?: string;
  type: FormField['type'];
  required: boolean;
  value: string;
  error?: string;
  /** The reviewer's reason for this field, from the last return. */
  reason?: string;
  options?: { value: string; label: string; selected: boolean }[];
  indicators?: {
    columns: { key: string; label: string }[];
    /** Whether the table shows each indicator's maximum (some indicator declares one). */
    showsMax: boolean;
    rows: IndicatorRow[];
    /** Problems of the table as a whole (not of one cell). */
    errors: string[];
  };
  file?: {
    accept: string;
    multiple: boolean;
    /** The files the last delivered version holds. */
    kept: FileRef[];
    /** Files attached in a refused sending, delivered with the next one unless replaced. */
    attached: FileRef[];
    /** The hidden input carrying the attached files. */
    attachedName: string;
    attachedValue: string;
    limits: string;
    /** "Bỏ tệp này": an optional field's files, delivered or attached, left out of the next sending. */
    remove?: { name: string; id: string; value: string; checked: boolean; label: string };
  };
}
interface IndicatorRow {
  code: string;
  label: string;
  unit?: string;
  /** The declared maximum, written out ("10"). */
  max?: string;
  cells: FormCell[];
  /** The problems of this indicator's cells, without the place (they are shown in its row). */
  errors: { id: string; text: string }[];
  /** The reviewer's reason for this indicator, from the last return. */
  reason?: string;
}
interface FormCell {
  name: string;
  id: string;
  label: string;
  /** The column's label, shown above the input where the table stacks (a phone). */
  column: string;
  value: string;
  invalid: boolean;
  /** The id of the input's problem, when it has one. */
  errorId?: string;
}

/** What the form shows besides the values: files kept and attached, the last return's reasons. */
export interface FormContext {
  keptFiles: Record<string, FileRef[]>;
  attachedFiles: Record<string, FileRef[]>;
  /** Reason by place (`fields.x`, `fields.table.CODE`), from the last return. */
  reasons: ReadonlyMap<string, string>;
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

/**
 * A cell's problems as its row shows them: the place ("Mục …, bảng …, chỉ tiêu … "…"") shortened to
 * the indicator's code, with the column when the table has several ("HS01, Kỳ này: …"). The summary
 * above the form keeps the full text.
 */
function cellProblem(where: string, field: IndicatorsField, code: string, column: string, message: string) {
  const place = `${where}, ${cellName(field, code, column)}: `;
  const label = field.columns.find((c) => c.key === column)?.label ?? column;
  const shortPlace = field.columns.length === 1 ? code : `${code}, ${label}`;
  // Several problems of one cell come joined, each with its place.
  const problems = message.split(place).map((part) => part.trim());
  return problems.length > 1 && problems[0] === '' ? `${shortPlace}: ${problems.slice(1).join(' ')}` : message;
}

type FormDeclaration = Extract<DeliverableDeclaration, { kind: 'form' }>;
type FormSection = FormDeclaration['sections'][number];
type FileField = Extract<FormField, { type: 'file' }>;

/** The form to fill: every section's inputs with the values kept and the problems beside them. */
export function deliveryFormModel(
  declaration: FormDeclaration,
  form: FormView,
  context: FormContext,
): DeliveryFormModel {
  return {
    title: declaration.title,
    sections: declaration.sections.map((section) => ({
      key: section.key,
      title: section.title,
      inputs: section.fields.map((field) => formInput(section, field, form, context)),
    })),
  };
}

/** One field's input: its value kept, its problems and the reviewer's reason beside it. */
function formInput(section: FormSection, field: FormField, form: FormView, context: FormContext): FormInput {
  const errorsUnder = (prefix: string) =>
    Object.entries(form.state.errors)
      .filter(([path]) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`))
      .map(([, message]) => message);
  const name = `fields.${field.key}`;
  const patternHint = field.type === 'text' && field.patternHint ? `Ghi theo ${field.patternHint}.` : undefined;
  const base = {
    name,
    id: inputId(name),
    label: field.label,
    hint: field.hint ?? patternHint,
    type: field.type,
    required: field.required,
    value: form.value(name),
    error: field.type === 'indicators' ? undefined : errorsUnder(name).join(' ') || undefined,
    reason: context.reasons.get(name),
  };
  if (field.type === 'indicators')
    return {
      ...base,
      indicators: indicatorsTable(`Mục "${section.title}", bảng "${field.label}"`, name, field, form, context),
    };
  if (field.type === 'file') return { ...base, file: fileInput(field, form, context) };
  if (field.type === 'choice')
    return {
      ...base,
      options: field.options.map((o) => ({ value: o.value, label: o.label, selected: o.value === base.value })),
    };
  return base;
}

/** A table of indicators: a row per indicator, a cell per column, each cell's problem on its row. */
function indicatorsTable(where: string, name: string, field: IndicatorsField, form: FormView, context: FormContext) {
  const cellPaths = new Set(field.indicators.flatMap((i) => field.columns.map((c) => `${name}.${i.code}.${c.key}`)));
  return {
    columns: field.columns.map((c) => ({ key: c.key, label: c.label })),
    showsMax: field.indicators.some((i) => i.max !== undefined),
    errors: Object.entries(form.state.errors)
      .filter(([path]) => (path === name || path.startsWith(`${name}.`)) && !cellPaths.has(path))
      .map(([, message]) => message),
    rows: field.indicators.map((indicator): IndicatorRow => {
      const max = indicator.max === undefined ? undefined : vietnameseNumber(indicator.max);
      const errors = field.columns.flatMap((column) => {
        const message = form.error(`${name}.${indicator.code}.${column.key}`);
        if (message === undefined) return [];
        const text = cellProblem(where, field, indicator.code, column.key, message);
        return [{ id: `${inputId(`${name}.${indicator.code}.${column.key}`)}-error`, text }];
      });
      return {
        code: indicator.code,
        label: indicator.label,
        unit: indicator.unit,
        max,
        errors,
        reason: context.reasons.get(`${name}.${indicator.code}`),
        cells: field.columns.map((column) => {
          const cell = `${name}.${indicator.code}.${column.key}`;
          const invalid = form.error(cell) !== undefined;
          return {
            name: cell,
            id: inputId(cell),
            label: `${indicator.code} ${indicator.label}, ${column.label}${max ? ` (tối đa ${max})` : ''}`,
            column: column.label,
            value: form.value(cell),
            invalid,
            ...(invalid && { errorId: `${inputId(cell)}-error` }),
          };
        }),
      };
    }),
  };
}

/** A file field: the files kept from the last delivery or attached since, and its limits. */
function fileInput(field: FileField, form: FormView, context: FormContext) {
  const mb = vietnameseNumber(field.maxSizeMB);
  const attached = context.attachedFiles[field.key] ?? [];
  const kept = context.keptFiles[field.key] ?? [];
  const shown = attached.length > 0 ? attached : kept;
  const remove = removeInputName(field.key);
  return {
    accept: field.accept.map((type) => `.${type},${FILE_TYPES[type]}`).join(','),
    multiple: field.maxFiles > 1,
    kept,
    attached,
    attachedName: attachedInputName(field.key),
    attachedValue: attached.map((f) => f.sha256).join(' '),
    limits: `Nhận tệp ${typesText(field.accept)}; mỗi tệp tối đa ${mb} MB, tối đa ${field.maxFiles} tệp.`,
    ...(!field.required &&
      shown.length > 0 && {
        remove: {
          name: remove,
          id: inputId(remove),
          value: REMOVE_CHECKED,
          checked: form.value(remove) === REMOVE_CHECKED,
          label: shown.length > 1 ? 'Bỏ các tệp này' : 'Bỏ tệp này',
        },
      }),
  };
}

/**
 * A number as Vietnamese people type it: `1.234.567`, `12,5`, `1.234,5` (and `12.5` where the dot
 * cannot be a thousands separator). Anything else is kept as typed, for the checker to refuse.
 */
function typedNumber(text: string): number | string {
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

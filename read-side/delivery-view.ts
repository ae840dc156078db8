import type { DeliverableDeclaration, FileRef, FormDelivery, TableDelivery } from '../domain/deliverables';
import type { FormField } from '../domain/deliverables/form';
import type { ValueColumn } from '../domain/deliverables/fields';
import { vietnameseNumber } from '../domain/deliverables/values';
import { shownSize } from '../domain/deliverables/form-parts';

// One delivery of a declared deliverable as people read it (the agency's page, the reviewer's): each
// section's fields with their values written out, indicator tables cell by cell, files by name with
// their link, a table row by row; each place marked when it changed since the previous version and
// carrying the reason the last return gave for it. Paths are the checker's (`fields.ho-so.HS01.ky-nay`,
// `rows[3]`), so a reason, an error and a value meet at one name.

export interface ShownFile {
  name: string;
  size: string;
  href: string;
}

export interface ShownPlace {
  path: string;
  changed: boolean;
  /** The reason the last return gave for this place. */
  previousReason?: string;
}

export interface ShownField extends ShownPlace {
  label: string;
  hint?: string;
  text?: string;
  files?: ShownFile[];
  indicators?: {
    columns: { key: string; label: string }[];
    /** Whether some indicator declares a maximum (a score), shown beside the values. */
    showsMax: boolean;
    rows: (ShownPlace & {
      code: string;
      label: string;
      unit?: string;
      max?: string;
      cells: { text: string; changed: boolean }[];
    })[];
  };
}

export interface DeliveryView {
  title: string;
  kind: 'form' | 'table';
  sections: { title: string; fields: ShownField[] }[];
  table?: { columns: string[]; rows: (ShownPlace & { number: number; cells: string[] })[] };
}

type Value = string | number | boolean | undefined;

/** A typed value written in full as a page shows it (a summary quotes and cuts it: form-parts.ts). */
function pageValue(column: Pick<ValueColumn, 'type'> & { unit?: string; options?: unknown }, raw: Value) {
  if (raw === undefined || raw === '') return '';
  if (typeof raw === 'boolean') return raw ? 'Có' : 'Không';
  if (typeof raw === 'number') return `${vietnameseNumber(raw)}${column.unit ? ` ${column.unit}` : ''}`;
  if (column.type === 'choice') {
    const options = column.options as { value: string; label: string }[] | undefined;
    return options?.find((o) => o.value === raw)?.label ?? raw;
  }
  return raw;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function shownField(
  field: FormField,
  now: FormDelivery['fields'],
  before: FormDelivery['fields'] | undefined,
  reasons: ReadonlyMap<string, string>,
  fileHref: (file: FileRef) => string,
): ShownField {
  const path = `fields.${field.key}`;
  const place = { path, changed: before !== undefined && !same(now[field.key], before[field.key]) };
  const base = { ...place, label: field.label, hint: field.hint, previousReason: reasons.get(path) };
  if (field.type === 'file') {
    const files = (now[field.key] as FileRef[] | undefined) ?? [];
    return { ...base, files: files.map((f) => ({ name: f.name, size: shownSize(f.size), href: fileHref(f) })) };
  }
  if (field.type === 'indicators') {
    const table = (now[field.key] as Record<string, Record<string, number>> | undefined) ?? {};
    const was = before?.[field.key] as Record<string, Record<string, number>> | undefined;
    return {
      ...base,
      indicators: {
        columns: field.columns.map((c) => ({ key: c.key, label: c.label })),
        showsMax: field.indicators.some((indicator) => indicator.max !== undefined),
        rows: field.indicators.map((indicator) => ({
          path: `${path}.${indicator.code}`,
          changed: before !== undefined && !same(table[indicator.code], was?.[indicator.code]),
          previousReason: reasons.get(`${path}.${indicator.code}`),
          code: indicator.code,
          label: indicator.label,
          unit: indicator.unit,
          ...(indicator.max !== undefined && { max: vietnameseNumber(indicator.max) }),
          cells: field.columns.map((column) => {
            const value = table[indicator.code]?.[column.key];
            return {
              text: value === undefined ? '' : vietnameseNumber(value),
              changed: before !== undefined && !same(value, was?.[indicator.code]?.[column.key]),
            };
          }),
        })),
      },
    };
  }
  return { ...base, text: pageValue(field, now[field.key] as Value) };
}

/** A delivery as people read it, against the previous version and the last return's reasons. */
export function deliveryView(
  declaration: DeliverableDeclaration,
  current: unknown,
  previous: unknown,
  reasons: ReadonlyMap<string, string>,
  fileHref: (file: FileRef) => string,
): DeliveryView {
  if (declaration.kind === 'form') {
    const now = (current as FormDelivery | undefined)?.fields ?? {};
    const before = (previous as FormDelivery | undefined)?.fields;
    return {
      title: declaration.title,
      kind: 'form',
      sections: declaration.sections.map((section) => ({
        title: section.title,
        fields: section.fields.map((field) => shownField(field, now, before, reasons, fileHref)),
      })),
    };
  }
  const rows = (current as TableDelivery | undefined)?.rows ?? [];
  const keyOf = (row: Record<string, unknown>) => declaration.rowKey.map((k) => String(row[k] ?? '')).join('|');
  const was = previous ? new Map((previous as TableDelivery).rows.map((row) => [keyOf(row), row])) : undefined;
  return {
    title: declaration.title,
    kind: 'table',
    sections: [],
    table: {
      columns: declaration.columns.map((c) => ('unit' in c && c.unit ? `${c.label} (${c.unit})` : c.label)),
      rows: rows.map((row, i) => ({
        number: i + 1,
        path: `rows[${i}]`,
        changed: was !== undefined && !same(was.get(keyOf(row)), row),
        previousReason: reasons.get(`rows[${i}]`),
        cells: declaration.columns.map((column) => pageValue({ ...column, unit: undefined }, row[column.key] as Value)),
      })),
    },
  };
}

/** Every place a reviewer may give a reason for: each field, each indicator cell's row, each table row. */
export function reasonPlaces(view: DeliveryView): { path: string; label: string }[] {
  if (view.table) return view.table.rows.map((row) => ({ path: row.path, label: `Dòng ${row.number}` }));
  return view.sections.flatMap((section) =>
    section.fields.flatMap((field) => [
      { path: field.path, label: `${section.title} — ${field.label}` },
      ...(field.indicators?.rows ?? []).map((row) => ({
        path: `${field.path}.${row.code}`,
        label: `${field.label} — ${row.code} ${row.label}`,
      })),
    ]),
  );
}

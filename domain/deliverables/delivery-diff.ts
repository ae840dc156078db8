import { normalizeName } from '../list-fields';
import type { Delivery } from './checker';
import type { DeliverableDeclaration } from './declaration';
import type { ValueColumn } from './fields';
import type { FileRef, FormDelivery, FormValue, IndicatorValues } from './form-check';
import type { FormDeclaration } from './form';
import { cellName, formParts, shownSize, shownValue } from './form-parts';
import type { TableRow } from './rule-sets';
import type { TableDeclaration } from './table';
import type { TableDelivery } from './table-check';
import type { Value } from './value-check';

// What changed between two versions of one agency's delivery, for the reviewer's notification and
// page. Pure. A table's rows are matched by the declaration's row key (text keys blind to case and
// spacing, as the checker matches them); a form is compared field by field, indicator cell by cell,
// and file by file by SHA-256 (a file renamed is the same file). Values are compared as written but
// blind to NFC and white-space differences, and to '' versus absent.

export interface ValueChange {
  /** The column's or field's key. */
  key: string;
  label: string;
  before?: Value;
  after?: Value;
}

export interface TableRowRef {
  /** The row key's values as written, joined by " / ": "TS-0012". */
  key: string;
  row: TableRow;
}

export interface TableDiff {
  kind: 'table';
  /** No previous version: every row is `added`. */
  first: boolean;
  added: TableRowRef[];
  removed: TableRowRef[];
  changed: { key: string; changes: ValueChange[] }[];
  summary: { added: number; removed: number; changed: number; unchanged: number };
}

export interface FieldChange extends ValueChange {
  section: string;
  /** `Mục "…", "…"` */
  where: string;
}
export interface CellChange {
  section: string;
  field: string;
  indicator: string;
  column: string;
  /** `Mục "…", bảng "…", chỉ tiêu HS01 "…", cột "Kỳ này"` */
  where: string;
  before?: number;
  after?: number;
}
export interface FileChange {
  section: string;
  field: string;
  where: string;
  added: FileRef[];
  removed: FileRef[];
}

export interface FormDiff {
  kind: 'form';
  /** No previous version: every filled field, cell and file is a change from empty. */
  first: boolean;
  fields: FieldChange[];
  cells: CellChange[];
  files: FileChange[];
  summary: { fields: number; cells: number; filesAdded: number; filesRemoved: number };
}

export type DeliveryDiff = TableDiff | FormDiff;

const clean = (value: Value | undefined): Value | undefined => {
  if (typeof value !== 'string') return typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
  const text = value.normalize('NFC').replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
};

function diffTables(
  declaration: TableDeclaration,
  previous: TableDelivery | undefined,
  next: TableDelivery,
): TableDiff {
  const keyOf = (row: TableRow) =>
    JSON.stringify(declaration.rowKey.map((k) => (typeof row[k] === 'string' ? normalizeName(row[k]) : row[k])));
  const shownKey = (row: TableRow) => declaration.rowKey.map((k) => String(clean(row[k]) ?? '')).join(' / ');
  const index = (delivery: TableDelivery | undefined) => {
    const rows = new Map<string, TableRow>();
    for (const row of Array.isArray(delivery?.rows) ? delivery.rows : []) {
      if (row === null || typeof row !== 'object') continue;
      const key = keyOf(row);
      if (!rows.has(key)) rows.set(key, row);
    }
    return rows;
  };
  const before = index(previous);
  const after = index(next);
  const diff: TableDiff = {
    kind: 'table',
    first: previous === undefined,
    added: [],
    removed: [],
    changed: [],
    summary: { added: 0, removed: 0, changed: 0, unchanged: 0 },
  };
  for (const [key, row] of after) {
    const old = before.get(key);
    if (!old) {
      diff.added.push({ key: shownKey(row), row });
      continue;
    }
    const changes: ValueChange[] = [];
    for (const column of declaration.columns) {
      const [b, a] = [clean(old[column.key]), clean(row[column.key])];
      if (b !== a)
        changes.push({
          key: column.key,
          label: column.label,
          ...(b !== undefined && { before: b }),
          ...(a !== undefined && { after: a }),
        });
    }
    if (changes.length > 0) diff.changed.push({ key: shownKey(row), changes });
    else diff.summary.unchanged += 1;
  }
  for (const [key, row] of before) if (!after.has(key)) diff.removed.push({ key: shownKey(row), row });
  diff.summary.added = diff.added.length;
  diff.summary.removed = diff.removed.length;
  diff.summary.changed = diff.changed.length;
  return diff;
}

const objectOf = (value: FormValue | undefined) =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IndicatorValues) : {};
const filesOf = (value: FormValue | undefined) =>
  Array.isArray(value) ? value.filter((f): f is FileRef => typeof f?.sha256 === 'string') : [];

function diffForms(declaration: FormDeclaration, previous: FormDelivery | undefined, next: FormDelivery): FormDiff {
  const diff: FormDiff = {
    kind: 'form',
    first: previous === undefined,
    fields: [],
    cells: [],
    files: [],
    summary: { fields: 0, cells: 0, filesAdded: 0, filesRemoved: 0 },
  };
  const was = previous?.fields ?? {};
  const now = next.fields ?? {};
  for (const part of formParts(declaration)) {
    const key = part.field.key;
    if (part.type === 'value') {
      const [b, a] = [clean(was[key] as Value), clean(now[key] as Value)];
      if (b !== a)
        diff.fields.push({
          section: part.section,
          where: part.where,
          key,
          label: part.field.label,
          ...(b !== undefined && { before: b }),
          ...(a !== undefined && { after: a }),
        });
    } else if (part.type === 'indicators') {
      const [b, a] = [objectOf(was[key]), objectOf(now[key])];
      for (const indicator of part.field.indicators)
        for (const column of part.field.columns) {
          const number = (table: IndicatorValues) => {
            const value = table[indicator.code]?.[column.key];
            return typeof value === 'number' ? value : undefined;
          };
          const [x, y] = [number(b), number(a)];
          if (x !== y)
            diff.cells.push({
              section: part.section,
              field: key,
              indicator: indicator.code,
              column: column.key,
              where: `${part.where}, ${cellName(part.field, indicator.code, column.key)}`,
              ...(x !== undefined && { before: x }),
              ...(y !== undefined && { after: y }),
            });
        }
    } else {
      const [b, a] = [filesOf(was[key]), filesOf(now[key])];
      const shas = (files: FileRef[]) => new Set(files.map((f) => f.sha256));
      const [bs, as] = [shas(b), shas(a)];
      const added = a.filter((f) => !bs.has(f.sha256));
      const removed = b.filter((f) => !as.has(f.sha256));
      if (added.length + removed.length > 0)
        diff.files.push({ section: part.section, field: key, where: part.where, added, removed });
    }
  }
  diff.summary.fields = diff.fields.length;
  diff.summary.cells = diff.cells.length;
  diff.summary.filesAdded = diff.files.reduce((n, f) => n + f.added.length, 0);
  diff.summary.filesRemoved = diff.files.reduce((n, f) => n + f.removed.length, 0);
  return diff;
}

/** What changed from `previous` (undefined: the first version) to `next`. */
export function diffDeliveries(
  declaration: DeliverableDeclaration,
  previous: Delivery | undefined,
  next: Delivery,
): DeliveryDiff {
  return declaration.kind === 'table'
    ? diffTables(declaration, previous as TableDelivery | undefined, next as TableDelivery)
    : diffForms(declaration, previous as FormDelivery | undefined, next as FormDelivery);
}

/** Nothing changed: an empty diff of a version after the first. */
export function isUnchanged(diff: DeliveryDiff): boolean {
  if (diff.first) return false;
  return diff.kind === 'table'
    ? diff.added.length + diff.removed.length + diff.changed.length === 0
    : diff.fields.length + diff.cells.length + diff.files.length === 0;
}

export interface FormatDeliveryDiffOptions {
  /** Detail lines shown at most; the rest is counted. Default 100. */
  maxLines?: number;
}

const columnsOf = (declaration: DeliverableDeclaration): Map<string, ValueColumn> =>
  new Map(
    declaration.kind === 'table'
      ? declaration.columns.map((c) => [c.key, c])
      : formParts(declaration).flatMap((p) => (p.type === 'value' ? [[p.field.key, p.field as ValueColumn]] : [])),
  );

function tableLines(declaration: TableDeclaration, diff: TableDiff): { head: string; lines: string[] } {
  const columns = columnsOf(declaration);
  const describe = (row: TableRow) =>
    declaration.columns
      .filter((c) => !declaration.rowKey.includes(c.key) && clean(row[c.key]) !== undefined)
      .map((c) => `${c.label}: ${shownValue(c, clean(row[c.key]))}`)
      .join('; ');
  const line = (sign: string, ref: TableRowRef) => {
    const rest = describe(ref.row);
    return `${sign} ${ref.key}${rest ? ` — ${rest}` : ''}`;
  };
  const { summary } = diff;
  const head = diff.first
    ? `Lần nộp đầu tiên: ${summary.added} dòng.`
    : `So với lần nộp trước: thêm ${summary.added}, bỏ ${summary.removed}, sửa ${summary.changed} dòng, giữ nguyên ${summary.unchanged}.`;
  return {
    head,
    lines: [
      ...section(
        diff.first ? 'Dòng' : 'Thêm',
        diff.added.map((ref) => line('+', ref)),
      ),
      ...section(
        'Bỏ',
        diff.removed.map((ref) => line('-', ref)),
      ),
      ...section(
        'Sửa',
        diff.changed.map(
          ({ key, changes }) =>
            `~ ${key}: ${changes
              .map(
                (c) =>
                  `${c.label}: ${shownValue(columns.get(c.key), c.before)} → ${shownValue(columns.get(c.key), c.after)}`,
              )
              .join('; ')}`,
        ),
      ),
    ],
  };
}

function formLines(declaration: FormDeclaration, diff: FormDiff): { head: string; lines: string[] } {
  const columns = columnsOf(declaration);
  const { summary } = diff;
  const change = (before: string, after: string) => (diff.first ? after : `${before} → ${after}`);
  const sign = diff.first ? '+' : '~';
  const head = diff.first
    ? `Lần nộp đầu tiên: đã điền ${summary.fields} trường, ${summary.cells} ô chỉ tiêu, đính kèm ${summary.filesAdded} tệp.`
    : `So với lần nộp trước: sửa ${summary.fields} trường, ${summary.cells} ô chỉ tiêu; thêm ${summary.filesAdded} tệp, bỏ ${summary.filesRemoved} tệp.`;
  const file = (f: FileRef) => `"${f.name}" (${shownSize(f.size)})`;
  return {
    head,
    lines: [
      ...section(
        'Trường',
        diff.fields.map(
          (f) =>
            `${sign} ${f.where}: ${change(shownValue(columns.get(f.key), f.before), shownValue(columns.get(f.key), f.after))}`,
        ),
      ),
      ...section(
        'Chỉ tiêu',
        diff.cells.map(
          (c) => `${sign} ${c.where}: ${change(shownValue(undefined, c.before), shownValue(undefined, c.after))}`,
        ),
      ),
      ...section(
        'Tệp',
        diff.files.flatMap((f) => [
          ...f.added.map((one) => `+ ${f.where}: ${file(one)}`),
          ...f.removed.map((one) => `- ${f.where}: ${file(one)}`),
        ]),
      ),
    ],
  };
}

function section(title: string, entries: string[]): string[] {
  return entries.length === 0 ? [] : [`${title} (${entries.length}):`, ...entries];
}

/** The diff as Vietnamese text for the reviewer's notification and page (plain text, one change a line). */
export function formatDeliveryDiff(
  declaration: DeliverableDeclaration,
  diff: DeliveryDiff,
  options: FormatDeliveryDiffOptions = {},
): string {
  const maxLines = options.maxLines ?? 100;
  if (isUnchanged(diff))
    return diff.kind === 'table'
      ? `Không có thay đổi so với lần nộp trước (${diff.summary.unchanged} dòng giữ nguyên).`
      : 'Không có thay đổi so với lần nộp trước.';
  const { head, lines } =
    diff.kind === 'table' && declaration.kind === 'table'
      ? tableLines(declaration, diff)
      : formLines(declaration as FormDeclaration, diff as FormDiff);
  if (lines.length > maxLines) {
    const hidden = lines.length - maxLines;
    lines.length = maxLines;
    lines.push(`… và ${hidden} dòng khác.`);
  }
  return [head, ...lines].join('\n');
}

import type { Delivery } from './checker';
import type { DeliverableDeclaration } from './declaration';
import type { FormDelivery } from './form-check';
import type { TableDelivery } from './table-check';

// What changed since an agency's previous delivery, in one bounded paragraph for the reviewer's
// notification: for a table, rows by the declared row key; for a form, the fields whose value moved.

const SHOWN = 10;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function listed(items: string[]): string {
  const shown = items.slice(0, SHOWN).join('; ');
  return items.length > SHOWN ? `${shown}; … và ${items.length - SHOWN} mục khác` : shown;
}

function tableChanges(rowKey: readonly string[], before: TableDelivery, after: TableDelivery): string {
  const keyOf = (row: Record<string, unknown>) => rowKey.map((key) => String(row[key] ?? '')).join(' / ');
  const was = new Map(before.rows.map((row) => [keyOf(row), row]));
  const is = new Map(after.rows.map((row) => [keyOf(row), row]));
  const added = [...is.keys()].filter((key) => !was.has(key));
  const removed = [...was.keys()].filter((key) => !is.has(key));
  const changed = [...is.keys()].filter((key) => was.has(key) && !same(was.get(key), is.get(key)));
  const parts = [
    added.length > 0 && `thêm ${added.length} dòng (${listed(added)})`,
    removed.length > 0 && `bỏ ${removed.length} dòng (${listed(removed)})`,
    changed.length > 0 && `sửa ${changed.length} dòng (${listed(changed)})`,
  ].filter(Boolean);
  return parts.length > 0 ? `So với phiên bản trước: ${parts.join('; ')}.` : 'Không thay đổi so với phiên bản trước.';
}

function formChanges(
  declaration: Extract<DeliverableDeclaration, { kind: 'form' }>,
  before: FormDelivery,
  after: FormDelivery,
): string {
  const changed = declaration.sections
    .flatMap((section) => section.fields)
    .filter((field) => !same(before.fields[field.key], after.fields[field.key]))
    .map((field) => `"${field.label}"`);
  return changed.length > 0
    ? `So với phiên bản trước, đã sửa: ${listed(changed)}.`
    : 'Không thay đổi so với phiên bản trước.';
}

/** What changed since the previous delivery; empty for the first one. */
export function formatDeliveryChanges(
  declaration: DeliverableDeclaration,
  before: Delivery | undefined,
  after: Delivery,
): string {
  if (!before) return '';
  return declaration.kind === 'table'
    ? tableChanges(declaration.rowKey, before as TableDelivery, after as TableDelivery)
    : formChanges(declaration, before as FormDelivery, after as FormDelivery);
}

import type { DeliverableDeclaration, FileRef } from '../../domain/deliverables';
import type { Database } from '../../prisma/database';
import { SHA256_PATTERN } from '../../shared/file-store';
import { MAX_FILES_PER_DELIVERY, storedFileRefs } from '../files/delivery-files';
import { fileFieldKeys } from './delivery-uploads';

// Files attached to the declared form in a sending that was refused. They are stored and recorded
// for the agency already, so the page shown again keeps them attached (a browser cannot refill a
// file input) and the next sending delivers them unless the person picks other files. The page
// carries only their sha256, one hidden input per file field; the server names them from its own
// records of this agency's uploads, so nothing uploaded for another agency can be named.

type Scope = { campaignId: string; agencyCode: string };

/** The hidden input that carries a file field's attached files (their sha256, space-separated). */
export const attachedInputName = (key: string) => `attached.fields.${key}`;

/** The checkbox "Bỏ tệp này" of an optional file field: its files, delivered or attached, left out. */
export const removeInputName = (key: string) => `remove.fields.${key}`;
export const REMOVE_CHECKED = 'co';

/**
 * The file fields whose files the person chose to leave out ("Bỏ tệp này"), for the optional fields
 * only (a required field's files are replaced, never removed) and not those given new files.
 */
export function removedFileFields(
  declaration: DeliverableDeclaration,
  values: Record<string, string>,
  newFiles: Record<string, FileRef[]>,
): string[] {
  if (declaration.kind !== 'form') return [];
  return declaration.sections
    .flatMap((s) => s.fields)
    .filter((f) => f.type === 'file' && !f.required && values[removeInputName(f.key)] === REMOVE_CHECKED)
    .map((f) => f.key)
    .filter((key) => (newFiles[key] ?? []).length === 0);
}

function attachedHashes(declaration: DeliverableDeclaration, values: Record<string, string>) {
  return fileFieldKeys(declaration)
    .map((key) => ({
      key,
      hashes: (values[attachedInputName(key)] ?? '').split(/\s+/).filter(Boolean).slice(0, MAX_FILES_PER_DELIVERY),
    }))
    .filter((field) => field.hashes.length > 0);
}

/**
 * The files the form's hidden inputs name, by field key, as this agency's records name them; a hash
 * the agency never uploaded is refused beside its file input (the form was changed by hand).
 */
export async function attachedFiles(
  db: Database,
  scope: Scope,
  declaration: DeliverableDeclaration,
  values: Record<string, string>,
): Promise<Record<string, FileRef[]>> {
  const attached: Record<string, FileRef[]> = {};
  for (const { key, hashes } of attachedHashes(declaration, values))
    attached[key] = await storedFileRefs(
      db,
      scope.campaignId,
      scope.agencyCode,
      hashes.map((sha256, i) => ({ sha256, path: `fields.${key}[${i}]` })),
    );
  return attached;
}

/** The same files for showing the page again: a hash the agency never uploaded is left out. */
export async function shownAttachedFiles(
  db: Database,
  scope: Scope,
  declaration: DeliverableDeclaration,
  values: Record<string, string>,
): Promise<Record<string, FileRef[]>> {
  const fields = attachedHashes(declaration, values);
  const hashes = [...new Set(fields.flatMap((f) => f.hashes).filter((sha) => SHA256_PATTERN.test(sha)))];
  if (hashes.length === 0) return {};
  const rows = await db.deliveryFile.findMany({
    where: { campaignId: scope.campaignId, agencyCode: scope.agencyCode, sha256: { in: hashes } },
    select: { sha256: true, name: true, type: true, size: true },
  });
  const bySha = new Map(rows.map((row) => [row.sha256, row]));
  const attached: Record<string, FileRef[]> = {};
  for (const { key, hashes: named } of fields) {
    const known = named.flatMap((sha) => bySha.get(sha) ?? []);
    if (known.length > 0) attached[key] = known;
  }
  return attached;
}

/** The hidden inputs' values that keep a sending's files attached when the page is shown again. */
export function attachedValues(attached: Record<string, FileRef[]>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(attached).map(([key, files]) => [attachedInputName(key), files.map((f) => f.sha256).join(' ')]),
  );
}

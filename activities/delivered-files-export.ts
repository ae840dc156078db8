import fs from 'node:fs';
import path from 'node:path';
import type { Delivery } from '../domain/deliverables/checker';
import type { DeliverableDeclaration } from '../domain/deliverables/declaration';
import type { AgencyDelivery } from '../domain/deliverables/delivering-agency';
import type { FileRef, FormDelivery } from '../domain/deliverables/form-check';
import { safeSegment } from '../reporting/write-files';
import type { FileStore } from '../shared/file-store';

// The accepted deliveries' files in a consolidation round's folder, beside the workbook that indexes
// them: tep/<agency>/<field>-<n>-<name>, each linked from the file store (or copied where a link
// cannot be made), so the folder handed over holds every evidence file and signed letter. Written
// again whole on a retry: the same place always holds the same bytes.

/** The key of one delivered file in the index: agency, field, its position in the field. */
export const deliveredFileKey = (agencyCode: string, fieldKey: string, position: number) =>
  `${agencyCode}/${fieldKey}/${position}`;

/** A file name safe in any folder: no separators or control characters, at most 120 characters. */
function safeFileName(name: string): string {
  const cleaned = [...name]
    .map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 || '/\\:*?"<>|'.includes(c) ? '-' : c))
    .join('')
    .replace(/^\.+/, '');
  const extension = /^\.[A-Za-z0-9]{1,8}$/.test(path.extname(cleaned)) ? path.extname(cleaned) : '';
  const stem = cleaned.slice(0, cleaned.length - extension.length).slice(0, 110);
  return `${stem || 'tep'}${extension}`;
}

/** Where a delivered file goes, relative to the round's folder (forward slashes, as the index shows it). */
export function exportedFilePath(agencyCode: string, fieldKey: string, position: number, name: string): string {
  return ['tep', safeSegment(agencyCode), `${safeSegment(fieldKey)}-${position}-${safeFileName(name)}`].join('/');
}

function placeFile(source: string, target: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  fs.rmSync(target, { force: true });
  try {
    fs.linkSync(source, target);
  } catch {
    fs.copyFileSync(source, target); // another file system, or links not allowed
  }
}

/**
 * Puts every file of the accepted form deliveries into `dir`; returns where each went, by
 * deliveredFileKey, or undefined for a file the store does not hold.
 */
export function exportDeliveredFiles(
  store: FileStore,
  dir: string,
  declaration: DeliverableDeclaration,
  accepted: readonly AgencyDelivery<Delivery>[],
): Map<string, string | undefined> {
  const placed = new Map<string, string | undefined>();
  if (declaration.kind !== 'form') return placed;
  const fileFields = declaration.sections.flatMap((s) => s.fields).filter((f) => f.type === 'file');
  for (const { agency, delivery } of accepted)
    for (const field of fileFields) {
      const files = (delivery as FormDelivery).fields?.[field.key];
      (Array.isArray(files) ? (files as FileRef[]) : []).forEach((file, i) => {
        const key = deliveredFileKey(agency.code, field.key, i + 1);
        const source = store.pathOf(file.sha256);
        if (!fs.existsSync(source)) return void placed.set(key, undefined);
        const relative = exportedFilePath(agency.code, field.key, i + 1, file.name);
        placeFile(source, path.join(dir, ...relative.split('/')));
        placed.set(key, relative);
      });
    }
  return placed;
}

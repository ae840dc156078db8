import type { FileRef } from '../../domain/deliverables/form-check';
import { visibleText } from '../../domain/text';
import { isUniqueViolation } from '../../shared/unique-violation';
import type { Database } from '../../prisma/database';
import { HttpError } from '../../shared/http-errors';
import { newId } from '../identity/secrets';
import { SHA256_PATTERN } from '../../shared/file-store';

// The record of which files an agency uploaded for a campaign: a delivery may name a file only once
// it is recorded here for that agency, and the server then takes the file's name, type and size from
// this record, not from what the client sent. The same content uploaded again for the same agency is
// the same row, and keeps the name it was first uploaded under.

/** At most this many files named by one delivery (every file field at its maximum). */
export const MAX_FILES_PER_DELIVERY = 2_000;

export interface UploadedFile extends FileRef {
  uploadedBy: string;
  uploadedAt: Date;
}

const asRef = (row: { sha256: string; name: string; type: string; size: number }): FileRef => ({
  sha256: row.sha256,
  name: row.name,
  type: row.type,
  size: row.size,
});

/** Records the file for the agency once; the row already there when the same content came before. */
export async function recordDeliveryFile(
  db: Database,
  scope: { campaignId: string; agencyCode: string },
  file: FileRef & { uploadedBy: string; uploadedAt: Date },
): Promise<{ file: FileRef; created: boolean }> {
  const key = { campaignId: scope.campaignId, agencyCode: scope.agencyCode, sha256: file.sha256 };
  const existing = await db.deliveryFile.findUnique({ where: { campaignId_agencyCode_sha256: key } });
  if (existing) return { file: asRef(existing), created: false };
  try {
    const row = await db.deliveryFile.create({
      data: {
        id: newId('file'),
        ...key,
        name: file.name,
        type: file.type,
        size: file.size,
        uploadedBy: file.uploadedBy,
        uploadedAt: file.uploadedAt,
      },
    });
    return { file: asRef(row), created: true };
  } catch (error) {
    // The same content uploaded twice at once: the other request's row is this file's record.
    if (!isUniqueViolation(error)) throw error;
    const row = await db.deliveryFile.findUniqueOrThrow({ where: { campaignId_agencyCode_sha256: key } });
    return { file: asRef(row), created: false };
  }
}

/** The file as recorded for this agency, or undefined when the agency never uploaded it. */
export async function findDeliveryFile(
  db: Database,
  scope: { campaignId: string; agencyCode: string },
  sha256: string,
): Promise<UploadedFile | undefined> {
  if (!SHA256_PATTERN.test(sha256)) return undefined;
  const row = await db.deliveryFile.findUnique({
    where: { campaignId_agencyCode_sha256: { campaignId: scope.campaignId, agencyCode: scope.agencyCode, sha256 } },
  });
  return row ? { ...asRef(row), uploadedBy: row.uploadedBy, uploadedAt: row.uploadedAt } : undefined;
}

/** A file a delivery names: its hash, with what the client called it and where it sits (for the message). */
export interface NamedFile {
  sha256: string;
  name?: string;
  /** The delivery's path to it, e.g. `fields.bienBan[1]`; `files[n]` when not given. */
  path?: string;
}

/**
 * The recorded FileRef of every file a delivery names, in the same order, once each was uploaded
 * for this agency of this campaign; otherwise a 400 naming each file that was not, and the fix.
 * The name, type and size come from the server's own record, never from the client.
 */
export async function storedFileRefs(
  db: Database,
  campaignId: string,
  agencyCode: string,
  refs: readonly NamedFile[],
): Promise<FileRef[]> {
  if (refs.length > MAX_FILES_PER_DELIVERY)
    throw new HttpError(
      400,
      'invalid_request',
      `Bản nộp đính kèm ${refs.length} tệp, tối đa ${MAX_FILES_PER_DELIVERY}. Cách sửa: bớt tệp đính kèm.`,
      [{ field: 'files', message: `Tối đa ${MAX_FILES_PER_DELIVERY} tệp.` }],
    );
  const hashes = [...new Set(refs.map((ref) => ref.sha256).filter((sha) => SHA256_PATTERN.test(sha)))];
  const rows = hashes.length
    ? await db.deliveryFile.findMany({ where: { campaignId, agencyCode, sha256: { in: hashes } } })
    : [];
  const bySha = new Map(rows.map((row) => [row.sha256, asRef(row)]));
  const issues = refs.flatMap((ref, index) => {
    if (bySha.has(ref.sha256)) return [];
    const field = ref.path ?? `files[${index + 1}]`;
    const shown =
      typeof ref.name === 'string' && visibleText(ref.name)
        ? `Tệp "${visibleText(ref.name).slice(0, 120)}"`
        : `Tệp thứ ${index + 1}`;
    return [
      {
        field,
        message: `${shown} chưa được tải lên cho cơ quan ${agencyCode} trong chiến dịch ${campaignId}. Cách sửa: tải tệp lên lại rồi nộp lại.`,
      },
    ];
  });
  if (issues.length > 0)
    throw new HttpError(400, 'unknown_file', issues.map((issue) => issue.message).join('\n'), issues);
  return refs.map((ref) => bySha.get(ref.sha256)!);
}

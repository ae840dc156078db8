import type { DeliverableDeclaration, FileRef } from '../../domain/deliverables';
import { FileStore } from '../files/file-store';
import { acceptUpload } from '../files/upload';
import { storedFileRefs } from '../files/delivery-files';
import type { RouteContext } from '../http/app';
import type { UploadedFile } from '../portal/multipart-form';
import { HttpError, invalidFields } from '../../shared/http-errors';

// The files a declared form carries, stored and recorded for the agency before the delivery is
// checked: each typed by its content (server/files), so the delivery names them by the server's own
// records. A file sent for an input the form does not have is refused with the input named.

/** Each file input's new files as FileRefs, by the field's key (inputs named `fields.<key>`). */
export async function storeDeliveryUploads(
  context: RouteContext,
  scope: { campaignId: string; agencyCode: string },
  personId: string,
  declaration: DeliverableDeclaration,
  uploads: Record<string, UploadedFile[]>,
): Promise<Record<string, FileRef[]>> {
  const fileFields = new Set(
    declaration.kind === 'form'
      ? declaration.sections.flatMap((s) => s.fields.filter((f) => f.type === 'file').map((f) => f.key))
      : [],
  );
  const unknown = Object.keys(uploads).filter((name) => !fileFields.has(name.replace(/^fields\./, '')));
  if (unknown.length > 0)
    throw invalidFields(
      unknown.map((name) => ({ field: name, message: 'Biểu mẫu không có ô nhận tệp này. Cách sửa: tải lại trang.' })),
    );
  const store = new FileStore(context.config.filesDir);
  const stored: Record<string, FileRef[]> = {};
  for (const [name, files] of Object.entries(uploads)) {
    const key = name.replace(/^fields\./, '');
    stored[key] = [];
    for (const file of files) {
      const { file: ref } = await acceptUpload(context.db, store, scope, {
        name: file.fileName,
        content: file.buffer,
        uploadedBy: personId,
        uploadedAt: context.now(),
      }).catch((error: unknown) => {
        // The upload's own refusal (its type, its size), placed on the form's input it came from.
        if (!(error instanceof HttpError)) throw error;
        throw invalidFields([{ field: name, message: error.message.replace(/^file: /, '') }]);
      });
      stored[key].push(ref);
    }
  }
  return stored;
}

/** A delivery whose files are named by the server's own records of this agency's uploads. */
export async function withStoredFiles(
  context: RouteContext,
  scope: { campaignId: string; agencyCode: string },
  declaration: DeliverableDeclaration,
  delivery: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const fields = delivery.fields;
  if (declaration.kind !== 'form' || !fields || typeof fields !== 'object' || Array.isArray(fields)) return delivery;
  const resolved: Record<string, unknown> = { ...(fields as Record<string, unknown>) };
  for (const field of declaration.sections.flatMap((s) => s.fields)) {
    const refs = resolved[field.key];
    // Anything but a list of { sha256 } is left for the checker to refuse, located.
    if (field.type !== 'file' || !Array.isArray(refs)) continue;
    if (!refs.every((ref) => ref && typeof ref === 'object' && typeof (ref as FileRef).sha256 === 'string')) continue;
    resolved[field.key] = await storedFileRefs(
      context.db,
      scope.campaignId,
      scope.agencyCode,
      (refs as FileRef[]).map((ref, i) => ({ sha256: ref.sha256, name: ref.name, path: `fields.${field.key}[${i}]` })),
    );
  }
  return { ...delivery, fields: resolved };
}

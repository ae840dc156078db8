import type { DeliverableDeclaration, DeliveryCheck, FileRef } from '../../domain/deliverables';
import { FileStore } from '../../shared/file-store';
import { acceptUpload } from '../files/upload';
import { detectFileType, typesText } from '../files/content-type';
import type { FileType } from '../../domain/deliverables/file-types';
import { fileSizeProblem } from '../../domain/deliverables/form-check';
import { visibleText } from '../../domain/text';
import { storedFileRefs } from '../files/delivery-files';
import type { RouteContext } from '../http/app';
import type { UploadedFile } from '../portal/multipart-form';
import { HttpError, invalidFields } from '../../shared/http-errors';

// The files a declared form carries, stored and recorded for the agency before the delivery is
// checked: each typed by its content (server/files), so the delivery names them by the server's own
// records. A file sent for an input the form does not have is refused with the input named; a file
// larger than its field's own limit is refused beside its input and never stored.

/** What one sending of the form carried: the files stored, by field key, and the files refused. */
export interface StoredUploads {
  /** Each file field's new files that were accepted (a field whose every file was refused is absent). */
  stored: Record<string, FileRef[]>;
  /** The refused files, each placed on its input (`fields.<key>`), in plain words. */
  problems: { field: string; message: string }[];
}

/**
 * Each file input's new files stored and recorded, by the field's key (inputs named `fields.<key>`).
 * A refused file (its type, its size) does not stop the others: it is reported on its input, so the
 * person sees it beside that input together with every other problem of the form.
 */
export async function storeDeliveryUploads(
  context: RouteContext,
  scope: { campaignId: string; agencyCode: string },
  personId: string,
  declaration: DeliverableDeclaration,
  uploads: Record<string, UploadedFile[]>,
): Promise<StoredUploads> {
  const fileFields = new Map(
    (declaration.kind === 'form' ? declaration.sections : []).flatMap((section) =>
      section.fields.flatMap((field) =>
        field.type === 'file'
          ? [[field.key, { where: `Mục "${section.title}", "${field.label}"`, field }] as const]
          : [],
      ),
    ),
  );
  const unknown = Object.keys(uploads).filter((name) => !fileFields.has(name.replace(/^fields\./, '')));
  if (unknown.length > 0)
    throw invalidFields(
      unknown.map((name) => ({ field: name, message: 'Biểu mẫu không có ô nhận tệp này. Cách sửa: tải lại trang.' })),
    );
  const store = new FileStore(context.config.filesDir);
  const result: StoredUploads = { stored: {}, problems: [] };
  for (const [name, files] of Object.entries(uploads)) {
    const key = name.replace(/^fields\./, '');
    const { where, field } = fileFields.get(key)!;
    for (const file of files) {
      // The field's own limit, before anything is stored: the file is not kept attached either.
      const tooLarge = fileSizeProblem(field, file.buffer.length);
      if (tooLarge) {
        result.problems.push({
          field: name,
          message: `${where}, ${fileLabel(file)} chưa được lưu: ${tooLarge} rồi đính kèm lại.`,
        });
        continue;
      }
      try {
        const { file: ref } = await acceptUpload(context.db, store, scope, {
          name: file.fileName,
          content: file.buffer,
          uploadedBy: personId,
          uploadedAt: context.now(),
        });
        (result.stored[key] ??= []).push(ref);
      } catch (error) {
        // The upload's own refusal, placed on the form's input it came from and named by its place.
        if (!(error instanceof HttpError)) throw error;
        result.problems.push({ field: name, message: `${where}: ${uploadProblem(error, file, field.accept)}` });
      }
    }
  }
  return result;
}

const fileLabel = (file: UploadedFile) => `tệp "${visibleText(file.fileName).slice(0, 120)}"`;

/**
 * Why an upload was refused, in the words of the input it was sent with: content of no known type is
 * told the types this input takes (not every type the file store knows), so the fix is the right one.
 */
function uploadProblem(error: HttpError, file: UploadedFile, accept: readonly FileType[]): string {
  if (file.buffer.length === 0 || detectFileType(file.buffer)) return error.message.replace(/^file: /, '');
  const names = typesText(accept);
  return `${fileLabel(file)} không phải tệp ${names} (nội dung tệp cho biết loại tệp, không phải phần đuôi tên), chưa được lưu. Cách sửa: mở tệp bằng phần mềm đã tạo ra nó, lưu (hoặc xuất) thành tệp ${names} rồi đính kèm lại.`;
}

/**
 * The refusal of a sending whose files were partly refused: those problems beside their inputs, with
 * every other problem the check finds, so one round fixes them all (a field whose file was refused is
 * not also called empty).
 */
export function uploadRefusal(problems: StoredUploads['problems'], check: DeliveryCheck<unknown>) {
  const refusedFields = problems.map((p) => p.field);
  const others = check.errors.filter(
    (issue) => !refusedFields.some((field) => issue.path === field || issue.path.startsWith(`${field}[`)),
  );
  return invalidFields([...problems, ...others.map((issue) => ({ field: issue.path, message: issue.message }))]);
}

/** The keys of the declaration's file fields. */
export const fileFieldKeys = (declaration: DeliverableDeclaration): string[] =>
  declaration.kind === 'form'
    ? declaration.sections.flatMap((s) => s.fields.filter((f) => f.type === 'file').map((f) => f.key))
    : [];

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

import type { FastifyRequest } from 'fastify';
import { DELIVERABLE_LIMITS } from '../../domain/deliverables/limits';
import { FILE_TYPES } from '../../domain/deliverables/file-types';
import type { FileRef } from '../../domain/deliverables/form-check';
import { visibleText } from '../../domain/text';
import type { Database } from '../../prisma/database';
import { HttpError } from '../../shared/http-errors';
import { detectFileType, KNOWN_TYPES_TEXT } from './content-type';
import { recordDeliveryFile } from './delivery-files';
import type { FileStore } from '../../shared/file-store';

// One file an agency uploads for a delivery: read from the multipart body up to the largest file a
// deliverable may accept, typed by its content, its bytes stored once, and recorded for the agency.
// Nothing is stored or recorded for a file that is refused.

/** The largest file one upload may carry; a form's own `maxSizeMB` is checked when the delivery is. */
export const MAX_UPLOAD_BYTES = DELIVERABLE_LIMITS.fileMegabytes * 1024 * 1024;
/** A file's name as kept: the longest a delivery accepts. */
const MAX_NAME_LENGTH = 255;

export interface ReceivedFile {
  name: string;
  content: Buffer;
}

const quoted = (name: string) => `"${name.slice(0, 120)}"`;

/** The name as people gave it, without invisible characters, at most 255 characters (its extension kept). */
function keptName(given: string): string {
  const name = visibleText(given);
  if (name.length <= MAX_NAME_LENGTH) return name;
  const extension = /\.[^.\s]{1,10}$/.exec(name)?.[0] ?? '';
  return `${name.slice(0, MAX_NAME_LENGTH - extension.length)}${extension}`;
}

/** The one file of the request's multipart body (field `file`), read up to MAX_UPLOAD_BYTES. */
export async function receiveFile(request: FastifyRequest): Promise<ReceivedFile> {
  const noFile = new HttpError(
    400,
    'invalid_request',
    'file: chưa có tệp. Cách sửa: gửi một tệp trong trường "file" của biểu mẫu multipart/form-data.',
    [{ field: 'file', message: 'Thiếu tệp (trường file, multipart/form-data).' }],
  );
  if (!request.isMultipart()) throw noFile;
  const part = await request.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  if (!part || part.fieldname !== 'file') throw noFile;
  const name = keptName(part.filename ?? '');
  const limit = `${DELIVERABLE_LIMITS.fileMegabytes} MB`;
  const tooLarge = new HttpError(
    413,
    'file_too_large',
    `file: tệp ${quoted(name)} lớn hơn ${limit}, chưa được lưu. Cách sửa: nén tệp (ví dụ giảm độ phân giải ảnh quét) hoặc chia thành nhiều tệp, mỗi tệp tối đa ${limit}.`,
    [{ field: 'file', message: `Tệp ${quoted(name)} lớn hơn ${limit}.` }],
  );
  let content: Buffer;
  try {
    content = await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge;
    throw error;
  }
  // The parser marks a file cut at the limit after its last chunk too, when toBuffer has already returned.
  if (part.file.truncated || content.length > MAX_UPLOAD_BYTES) throw tooLarge;
  return { name, content };
}

/** Types the file by its content, stores its bytes once and records it for the agency. */
export async function acceptUpload(
  db: Database,
  store: FileStore,
  scope: { campaignId: string; agencyCode: string },
  upload: ReceivedFile & { uploadedBy: string; uploadedAt: Date },
): Promise<{ file: FileRef; created: boolean }> {
  const { content } = upload;
  if (content.length === 0)
    throw new HttpError(
      400,
      'invalid_file',
      `file: tệp ${quoted(upload.name)} rỗng (0 byte). Cách sửa: chọn đúng tệp có nội dung rồi tải lên lại.`,
      [{ field: 'file', message: 'Tệp rỗng.' }],
    );
  const kind = detectFileType(content);
  if (!kind)
    throw new HttpError(
      400,
      'invalid_file',
      `file: tệp ${quoted(upload.name)} không phải tệp ${KNOWN_TYPES_TEXT} (nội dung tệp cho biết loại tệp, không phải phần đuôi tên), chưa được lưu. Cách sửa: mở tệp bằng phần mềm đã tạo ra nó, lưu (hoặc xuất) thành một trong các dạng trên rồi tải lên lại.`,
      [{ field: 'file', message: `Tệp ${quoted(upload.name)} không thuộc loại tệp được nhận.` }],
    );
  const stored = store.put(content);
  return recordDeliveryFile(db, scope, {
    sha256: stored.sha256,
    name: upload.name || `tep.${kind}`,
    type: FILE_TYPES[kind],
    size: stored.size,
    uploadedBy: upload.uploadedBy,
    uploadedAt: upload.uploadedAt,
  });
}

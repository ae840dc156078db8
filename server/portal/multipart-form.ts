import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../shared/http-errors';

// A browser form with a file (multipart/form-data): the CSRF token travels as its first field, so
// it is checked here, before the file is read, by the same @fastify/csrf-protection check as every
// other form. Routes that use it say `config: { csrfInMultipart: true }`.

export interface UploadedFile {
  fileName: string;
  buffer: Buffer;
}

const noFile = () =>
  new HttpError(
    400,
    'invalid_request',
    'Chưa chọn tệp danh sách: hãy chọn một tệp .xlsx, .csv hoặc .json rồi gửi lại.',
    [{ field: 'file', message: 'Thiếu tệp danh sách.' }],
  );

const badToken = () =>
  new HttpError(
    403,
    'csrf',
    'Thiếu hoặc sai mã chống giả mạo (CSRF). Hãy tải lại trang rồi gửi lại; yêu cầu chưa được thực hiện.',
  );

/** The form's file, after its `_csrf` field (which must come first) passed the check. */
export async function readFileForm(request: FastifyRequest, reply: FastifyReply): Promise<UploadedFile> {
  const { file } = await readMultipartForm(request, reply);
  if (!file) throw noFile();
  return file;
}

/**
 * A multipart form's text fields and its `file` (when one was chosen), after its `_csrf` field
 * (which must come first) passed the check; nothing of the form is read before that.
 */
export async function readMultipartForm(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<{
  fields: Record<string, string>;
  lists: Record<string, string[]>;
  file?: UploadedFile;
  /** Files of other inputs than `file`, by input name (the first of each). */
  files: Record<string, UploadedFile>;
}> {
  if (!request.isMultipart()) throw noFile();
  let checked = false;
  const fields: Record<string, string> = {};
  /** Every value of each field, for fields sent more than once (checkboxes, multiple choices). */
  const lists: Record<string, string[]> = {};
  let file: UploadedFile | undefined;
  const files: Record<string, UploadedFile> = {};
  // A route with a smaller file limit (a campaign file) bounds its text fields the same way.
  const { fileLimit, files: fileCount = 1 } = request.routeOptions.config;
  const parts = request.parts(
    fileLimit ? { limits: { fileSize: fileLimit, fieldSize: fileLimit, files: fileCount } } : undefined,
  );
  for await (const part of parts) {
    if (part.type === 'field') {
      if (checked) {
        if (part.fieldname !== '_csrf') {
          fields[part.fieldname] = String(part.value);
          (lists[part.fieldname] ??= []).push(String(part.value));
        }
        continue;
      }
      if (part.fieldname !== '_csrf') continue;
      request.body = { _csrf: String(part.value) };
      // Synchronous: on success it calls back at once; on failure it answers through `send`, which
      // is held back here so the refusal goes through the error handler like any other.
      let passed = false;
      const held: FastifyReply = Object.create(reply, { send: { value: () => held } });
      request.server.csrfProtection(request, held, () => {
        passed = true;
      });
      if (!passed) throw badToken();
      checked = true;
      continue;
    }
    if (!checked) throw badToken();
    const buffer = await part.toBuffer();
    // A file input left empty still sends a part, with no name and no bytes.
    if (part.fieldname === 'file' && part.filename && !file) file = { fileName: part.filename, buffer };
    else if (part.fieldname !== 'file' && part.filename && !files[part.fieldname])
      files[part.fieldname] = { fileName: part.filename, buffer };
  }
  if (!checked) throw badToken();
  return { fields, lists, file, files };
}

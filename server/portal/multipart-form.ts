import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http-errors';

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
  if (!request.isMultipart()) throw noFile();
  let checked = false;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (part.fieldname !== '_csrf' || checked) continue;
      let passed = false;
      request.body = { _csrf: String(part.value) };
      // Synchronous: on success it calls back at once; on failure it answers through `send`, which
      // is held back here so the refusal goes through the error handler like any other.
      const held: FastifyReply = Object.create(reply, { send: { value: () => held } });
      request.server.csrfProtection(request, held, () => {
        passed = true;
      });
      if (!passed) throw badToken();
      checked = true;
      continue;
    }
    if (!checked) throw badToken();
    if (part.fieldname !== 'file') {
      await part.toBuffer();
      continue;
    }
    const buffer = await part.toBuffer();
    if (!part.filename) throw noFile();
    return { fileName: part.filename, buffer };
  }
  throw checked ? noFile() : badToken();
}

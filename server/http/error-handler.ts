import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodFastifySchemaValidationError } from 'fastify-type-provider-zod';
import { formatPath } from '../../domain/agency-list';
import { UpdatePayloadTooLargeError, summarizeLines } from '../../domain/payload-limits';
import { HttpError } from '../../shared/http-errors';
import { wantsHtml } from '../identity/principal';
import { redirectToSignIn } from '../identity/return-path';
import { LaunchRefusedError } from '../launch/launch-campaign';
import { sendErrorPage } from '../portal/error-page';
import { BusyRefusal } from './heavy-reads';
import { bodyRefusal } from './request-bounds';

// Every error a request ends in, as its status and a body naming the problem (a page for a browser):
// what people read is Vietnamese, with the field and the fix; a server fault is logged, never shown.

interface ErrorAnswer {
  status: number;
  body: { error: string; message: string; issues?: unknown };
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const send = ({ status, body }: ErrorAnswer) =>
      wantsHtml(request) ? sendErrorPage(request, reply, status, body.message) : reply.code(status).send(body);
    if (hasZodFastifySchemaValidationErrors(error)) return send(validationAnswer(error));
    // A signed-out browser asking for a page signs in first, then comes back to it.
    if (error instanceof HttpError && error.statusCode === 401 && wantsHtml(request) && request.method === 'GET')
      return redirectToSignIn(request, reply);
    if (error instanceof BusyRefusal) reply.header('retry-after', String(error.retryAfterSeconds));
    const answer = refusalAnswer(error, request) ?? fastifyAnswer(error, request);
    if (answer) return send(answer);
    request.log.error({ err: error }, 'request failed');
    return send({
      status: 500,
      body: { error: 'internal', message: 'Lỗi máy chủ; yêu cầu có thể chưa được thực hiện. Hãy thử lại.' },
    });
  });
}

/** A body or query its schema refused: every field with its problem. */
function validationAnswer(error: { validation: ZodFastifySchemaValidationError[]; validationContext?: string }) {
  const issues = error.validation.map((issue) => ({
    field: formatPath(
      issue.instancePath
        .split('/')
        .filter(Boolean)
        .map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
    ),
    message: issue.message,
  }));
  const where = error.validationContext === 'querystring' ? 'Tham số' : 'Dữ liệu gửi lên';
  const lines = summarizeLines(issues.map((i) => `${i.field}: ${i.message}`)).join('\n');
  // Every problem a field past its size bound (domain/payload-limits.ts): the request is too large.
  if (error.validation.every((issue) => issue.keyword === 'too_big'))
    return { status: 413, body: { error: 'payload_too_large', message: `${where} vượt giới hạn:\n${lines}`, issues } };
  return { status: 400, body: { error: 'invalid_request', message: `${where} không hợp lệ:\n${lines}`, issues } };
}

/** dondoc's own refusals, and the workflow's. */
function refusalAnswer(error: unknown, request: FastifyRequest): ErrorAnswer | undefined {
  if (error instanceof HttpError)
    return { status: error.statusCode, body: { error: error.code, message: error.message, issues: error.issues } };
  const refusal = bodyRefusal(error, request);
  if (refusal)
    return {
      status: refusal.statusCode,
      body: { error: refusal.code, message: refusal.message, issues: refusal.issues },
    };
  if (error instanceof UpdatePayloadTooLargeError)
    return { status: 413, body: { error: 'payload_too_large', message: error.message } };
  if (error instanceof WorkflowUpdateFailedError) {
    // The workflow refused: its message (Vietnamese) says why; nothing was changed.
    const cause = error.cause as { message?: string } | undefined;
    return { status: 409, body: { error: 'refused', message: cause?.message ?? error.message } };
  }
  if (error instanceof LaunchRefusedError)
    return {
      status: 409,
      body: {
        error: 'launch_refused',
        message: error.message,
        issues: error.problems.map((problem) => ({ field: 'definition', message: problem })),
      },
    };
  if (error instanceof WorkflowNotFoundError)
    return {
      status: 409,
      body: {
        error: 'refused',
        message: /already completed/i.test(error.message)
          ? 'Hồ sơ này đã kết thúc: không còn nhận thao tác nào; chưa có gì thay đổi.'
          : `Không tìm thấy workflow ${error.workflowId} trên máy chủ Temporal; chưa có gì thay đổi.`,
      },
    };
  return undefined;
}

/** Fastify's own refusals of a request it cannot read, in the words people get everywhere else. */
function fastifyAnswer(error: unknown, request: FastifyRequest): ErrorAnswer | undefined {
  const { code = '', statusCode: status = 500, message } = error as Partial<FastifyError>;
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return {
      status: 400,
      body: {
        error: 'invalid_json',
        message:
          'Dữ liệu gửi lên (body) không phải JSON hợp lệ. Cách sửa: gửi một đối tượng JSON đúng cú pháp (ví dụ {"note": "…"}) với Content-Type: application/json; chưa có gì được thực hiện.',
        issues: [{ field: 'body', message: 'Không phải JSON hợp lệ.' }],
      },
    };
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return {
      status: 415,
      body: {
        error: 'unsupported_media_type',
        message: `Kiểu dữ liệu (Content-Type) ${String(request.headers['content-type'] ?? '(trống)')} không được nhận. Cách sửa: gửi JSON với Content-Type: application/json (tệp danh sách: multipart/form-data); chưa có gì được thực hiện.`,
      },
    };
  if (code.startsWith('FST_CSRF'))
    return {
      status: 403,
      body: {
        error: 'csrf',
        message: 'Thiếu hoặc sai mã chống giả mạo (CSRF). Hãy tải lại trang rồi gửi lại; yêu cầu chưa được thực hiện.',
      },
    };
  if (status === 429) return { status: 429, body: { error: 'rate_limited', message: message ?? '' } };
  if (status >= 400 && status < 500)
    return { status, body: { error: 'bad_request', message: `Yêu cầu không hợp lệ: ${message}` } };
  return undefined;
}

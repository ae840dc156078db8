import type { FastifyInstance, FastifyRequest } from 'fastify';
import { roleWithCode } from '../../domain/access';
import type { Database } from '../../prisma/database';
import { recordAccess } from '../identity/audit';
import { forbidden, HttpError, unauthenticated } from '../../shared/http-errors';

// Who is asking is settled before a byte of a body is read: Fastify reads and parses the body
// between `onRequest` and `preValidation`, so a request that carries one is refused here, in
// `onRequest`, when nobody is signed in (except on the sign-in routes), and routes that take large
// bodies check the role too (`launchersOnly`) in their own `onRequest`. Each route also has a
// body limit of its own: small for actions, larger only where a file or a definition is sent.

const MB = 1024 * 1024;

export const BODY_LIMITS = {
  /** Any JSON or form action: an Update's argument is itself bounded to 1 MB (domain/payload-limits.ts). */
  action: 1 * MB,
  /** An agency's list as JSON: larger than an Update may carry, so the Update's own bound names the list's size. */
  list: 4 * MB,
  /** A whole campaign definition with its agencies (API launch), or the launch form with its pasted file. */
  launch: 10 * MB,
} as const;

export const FILE_LIMITS = {
  /** An agency's list file (.xlsx, .csv, .json). */
  list: 10 * MB,
  /** A campaign file (.yaml), as the admin script also bounds it. */
  campaignYaml: 5 * MB,
} as const;

/** `1 MB`, `10 MB`: how a limit is named in messages. */
export const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

/** Routes anyone may post to: signing in and out. */
const PUBLIC_POSTS = new Set([
  '/sign-in',
  '/sign-in/confirm',
  '/sign-out',
  '/api/v1/auth/email-link',
  '/api/v1/auth/link-exchange',
]);

const CARRIES_NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The largest file one multipart part may carry on this route (FILE_LIMITS.list when not set). */
    fileLimit?: number;
    /** Files one multipart form may carry on this route (one when not set). */
    files?: number;
  }
}

/** Refuses, before the body is read, every request that carries one from nobody signed in. */
export function registerSignedInBeforeBody(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (CARRIES_NO_BODY.has(request.method) || request.principal) return;
    if (PUBLIC_POSTS.has(request.routeOptions.url ?? '')) return;
    throw unauthenticated();
  });
}

/**
 * Route-level `onRequest`: only a Service Center operator or an administrator sends a campaign to
 * launch. Which campaign is only known from the body; the handler checks that campaign after.
 */
export function launchersOnly(db: Database) {
  return async (request: FastifyRequest): Promise<void> => {
    const principal = request.principal;
    if (!principal) throw unauthenticated();
    if (principal.person.grants.some((g) => g.role === 'operator' || g.role === 'admin')) return;
    await recordAccess(db, {
      personId: principal.person.id,
      channel: principal.channel,
      action: 'launch',
      campaignId: '-',
      clientAddress: request.ip,
      outcome: 'refused',
    });
    throw forbidden(
      `Bạn không có quyền này: cần vai trò ${roleWithCode('operator')} hoặc ${roleWithCode('admin')} để khởi chạy chiến dịch; chưa có gì được đọc hay thực hiện.`,
    );
  };
}

/** Refusals of a body too large or cut short, in the words people get everywhere else; undefined for other errors. */
export function bodyRefusal(error: unknown, request: FastifyRequest): HttpError | undefined {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    const limit = megabytes(request.routeOptions.config.fileLimit ?? FILE_LIMITS.list);
    return new HttpError(
      413,
      'file_too_large',
      `file: tệp quá ${limit}. Cách sửa: bỏ hình ảnh và trang tính thừa, hoặc chia thành nhiều tệp.`,
      [{ field: 'file', message: `Tệp quá ${limit}.` }],
    );
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limit = megabytes(request.routeOptions.bodyLimit ?? BODY_LIMITS.action);
    return new HttpError(
      413,
      'payload_too_large',
      `Dữ liệu gửi lên (body) quá ${limit}, giới hạn của địa chỉ này. Cách sửa: gửi danh sách lớn thành tệp (.xlsx, .csv) hoặc chia thành nhiều lần; chưa có gì được thực hiện.`,
      [{ field: 'body', message: `Quá ${limit}.` }],
    );
  }
  // A multipart body that ends before its closing boundary (a dropped upload, a forged request).
  const message = (error as { message?: string }).message ?? '';
  if (
    code === 'FST_MP_PREMATURE_CLOSE' ||
    /^(Unexpected end of multipart data|(Part|Preamble) terminated early due to unexpected end of multipart data|Malformed part header|Multipart: Boundary not found)$/.test(
      message,
    )
  )
    return new HttpError(
      400,
      'truncated_form',
      'Biểu mẫu gửi lên (multipart/form-data) bị cắt cụt hoặc sai định dạng: tệp chưa được gửi trọn. Cách sửa: gửi lại biểu mẫu; chưa có gì được thực hiện.',
      [{ field: 'body', message: 'Biểu mẫu bị cắt cụt.' }],
    );
  return undefined;
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { emailSchema } from '../../domain/grant-input';
import { PAYLOAD_LIMITS } from '../../domain/payload-limits';
import type { RouteContext, TypedApp } from '../http/app';
import { recordAccess } from '../identity/audit';
import { HttpError } from '../../shared/http-errors';
import { issueApiToken } from '../identity/api-tokens';
import { SESSION_COOKIE } from '../identity/principal';
import { openSession, revokeSession } from '../identity/sessions';
import { LINK_SENT_MESSAGE, SignInMail } from '../identity/sign-in-mail';
import { consumeSignInLink } from '../identity/sign-in-links';
import { safeReturnPath } from '../identity/return-path';
import { sendPage } from '../portal/views';

// Sign-in by e-mail link, for browsers (form → e-mail → confirm → session cookie) and for the
// admin script (e-mail → link pasted into `dondoc login --link` → personal API token).

const badLink = () =>
  new HttpError(
    400,
    'invalid_link',
    'Liên kết đăng nhập không hợp lệ, đã được dùng hoặc đã hết hạn. Hãy yêu cầu một liên kết mới tại /sign-in.',
  );

/** The session cookie, as every way of signing in sets it. */
export function setSessionCookieOn(reply: FastifyReply, secure: boolean, secret: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax', // the e-mail link's confirmation and the OIDC redirect arrive from outside
    secure,
    expires: expiresAt,
  });
}

// `next` (the page a signed-out browser asked for) rides along; an unsafe one is dropped, never followed.
const next = z.string().max(4_000).optional().catch(undefined);

type RateLimit = { max: number; timeWindow: number };

export function registerSignInRoutes(app: TypedApp, context: RouteContext): void {
  const limit = context.signInLimit ?? { max: 20, windowMs: 15 * 60_000 };
  const rateLimit = { max: limit.max, timeWindow: limit.windowMs };
  // The answer never waits for the look-up or the mail (no enumeration by timing); closing waits for them.
  const signInMail = new SignInMail();
  app.addHook('onClose', () => signInMail.drain());
  registerBrowserSignIn(app, context, signInMail, rateLimit);
  registerSignInConfirmation(app, context, rateLimit);
  registerScriptSignIn(app, context, signInMail, rateLimit);
}

/** The sign-in page; refused, the address typed is back in its field with the problem beside it. */
const showSignIn = (
  context: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  next: string | undefined,
  typed?: { email: string; error: string },
) =>
  sendPage(
    { request, reply },
    'sign-in',
    'Đăng nhập',
    {
      signedInAs: request.principal?.person.email,
      oidc: Boolean(context.config.server.oidc),
      next: safeReturnPath(next),
      ...(typed && { email: typed.email, error: typed.error }),
    },
    typed ? 400 : 200,
  );

/** The sign-in page, and the e-mail link asked for there. */
function registerBrowserSignIn(app: TypedApp, context: RouteContext, signInMail: SignInMail, rateLimit: RateLimit) {
  const { db, config, mailer } = context;
  app.get('/sign-in', { schema: { hide: true, querystring: z.object({ next }) } }, async (request, reply) =>
    showSignIn(context, request, reply, request.query.next),
  );

  app.post(
    '/sign-in',
    {
      schema: { hide: true, body: z.object({ email: z.string().max(PAYLOAD_LIMITS.shortText).default(''), next }) },
      config: { rateLimit },
    },
    async (request, reply) => {
      const email = emailSchema.safeParse(request.body.email);
      if (!email.success)
        return showSignIn(context, request, reply, request.body.next, {
          email: request.body.email,
          error: request.body.email.trim()
            ? 'Địa chỉ email chưa đúng. Cách sửa: ghi đầy đủ địa chỉ, ví dụ nguyenvana@quangngai.gov.vn.'
            : 'Hãy điền địa chỉ email công vụ, ví dụ nguyenvana@quangngai.gov.vn.',
        });
      signInMail.send({
        db,
        mailer,
        log: request.log,
        email: email.data,
        next: safeReturnPath(request.body.next),
        publicUrl: config.server.publicUrl,
        minutes: config.server.signInLinkMinutes,
        clientAddress: request.ip,
        now: context.now(),
      });
      return sendPage({ request, reply }, 'message', 'Kiểm tra hộp thư', { paragraphs: [LINK_SENT_MESSAGE] });
    },
  );
}

/** The link confirmed into a session cookie, and signing out. */
function registerSignInConfirmation(app: TypedApp, context: RouteContext, rateLimit: RateLimit) {
  const { db, config } = context;
  const secure = config.server.publicUrl.startsWith('https://');
  // Opening the link shows a button: mail scanners that fetch links must not spend the token.
  app.get(
    '/sign-in/confirm',
    {
      schema: {
        hide: true,
        querystring: z.object({ token: z.string().min(1, 'Thiếu mã đăng nhập (token).'), next }),
      },
    },
    async (request, reply) =>
      sendPage({ request, reply }, 'sign-in-confirm', 'Xác nhận đăng nhập', {
        token: request.query.token,
        next: safeReturnPath(request.query.next),
      }),
  );

  app.post(
    '/sign-in/confirm',
    { schema: { hide: true, body: z.object({ token: z.string().min(1), next }) }, config: { rateLimit } },
    async (request, reply) => {
      const personId = await consumeSignInLink(db, request.body.token, context.now());
      if (!personId) throw badLink();
      const session = await openSession(
        db,
        personId,
        'email',
        { idleMinutes: config.server.sessionIdleMinutes, maxHours: config.server.sessionMaxHours },
        request.ip,
        context.now(),
      );
      await recordAccess(db, {
        personId,
        channel: 'web',
        action: 'signIn',
        clientAddress: request.ip,
        outcome: 'done',
        detail: { method: 'email' },
      });
      setSessionCookieOn(reply, secure, session.secret, session.expiresAt);
      return reply.redirect(safeReturnPath(request.body.next) ?? '/', 303);
    },
  );

  app.post('/sign-out', { schema: { hide: true } }, async (request, reply) => {
    if (request.principal?.sessionId) {
      const tokensRevoked = await revokeSession(db, request.principal.sessionId, context.now());
      await recordAccess(db, {
        personId: request.principal.person.id,
        channel: 'web',
        action: 'signOut',
        clientAddress: request.ip,
        outcome: 'done',
        ...(tokensRevoked > 0 && { detail: { tokensRevoked } }),
      });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in', 303);
  });
}

/** The admin script: ask for a link, then trade the link's token for a personal API token. */
function registerScriptSignIn(app: TypedApp, context: RouteContext, signInMail: SignInMail, rateLimit: RateLimit) {
  const { db, config, mailer } = context;
  app.post(
    '/api/v1/auth/email-link',
    {
      schema: {
        summary: 'Gửi liên kết đăng nhập tới một địa chỉ email (trả lời như nhau dù địa chỉ có hay không).',
        tags: ['Đăng nhập'],
        body: z.object({ email: emailSchema }),
        security: [],
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      signInMail.send({
        db,
        mailer,
        log: request.log,
        email: request.body.email,
        publicUrl: config.server.publicUrl,
        minutes: config.server.signInLinkMinutes,
        clientAddress: request.ip,
        now: context.now(),
      });
      return reply.code(202).send({ message: LINK_SENT_MESSAGE });
    },
  );

  app.post(
    '/api/v1/auth/link-exchange',
    {
      schema: {
        summary: 'Đổi mã của liên kết đăng nhập lấy một mã API cá nhân cho công cụ quản trị.',
        tags: ['Đăng nhập'],
        body: z.object({
          token: z.string().min(1, 'Thiếu mã đăng nhập (token): dán liên kết trong email.'),
          label: z.string().trim().min(1).max(100).default('dondoc login'),
        }),
        security: [],
      },
      config: { rateLimit },
    },
    async (request) => {
      const personId = await consumeSignInLink(db, request.body.token, context.now());
      if (!personId) throw badLink();
      const issued = await issueApiToken(
        db,
        personId,
        { label: request.body.label, days: config.server.apiTokenDays, channel: 'cli' },
        context.now(),
      );
      await recordAccess(db, {
        personId,
        channel: 'cli',
        action: 'signIn',
        clientAddress: request.ip,
        outcome: 'done',
        detail: { method: 'email', tokenId: issued.id },
      });
      return { token: issued.token, tokenId: issued.id, expiresAt: issued.expiresAt.toISOString() };
    },
  );
}

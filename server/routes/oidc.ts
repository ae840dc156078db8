import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext, TypedApp } from '../http/app';
import { recordAccess } from '../identity/audit';
import { HttpError } from '../../shared/http-errors';
import { createOidcSignIn, OidcRefusal, type OidcSignIn, type PendingSignIn } from '../identity/oidc';
import { findPerson } from '../identity/people';
import { newId } from '../identity/secrets';
import { safeReturnPath } from '../identity/return-path';
import { openSession } from '../identity/sessions';
import { setSessionCookieOn } from './sign-in';

// Sign-in through the province's SSO: /sign-in/oidc sends the browser to the provider with a fresh
// state, nonce and PKCE challenge (kept in an HTTP-only cookie of this browser only); the callback
// trades the code for the ID token and opens the same server-side session as the e-mail link.
// The verified e-mail is the person; an unknown one is refused unless OIDC_CREATE_PEOPLE=true.

const PENDING_COOKIE = 'dondoc_oidc';
const PENDING_PATH = '/sign-in/oidc';
const PENDING_MINUTES = 10;

const refused = (message: string, status = 400) => new HttpError(status, 'sign_in_refused', message);

/** The pending sign-in kept in this browser, with the page to return to afterwards. */
type Pending = PendingSignIn & { next?: string };

function readPending(request: FastifyRequest): Pending | undefined {
  const raw = request.cookies[PENDING_COOKIE];
  if (!raw) return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Pending>;
    if (typeof value.state === 'string' && typeof value.nonce === 'string' && typeof value.verifier === 'string')
      return value as Pending;
  } catch {
    // A cookie that is not ours: the same as none.
  }
  return undefined;
}

type OidcSettings = NonNullable<RouteContext['config']['server']['oidc']>;

export function registerOidcRoutes(app: TypedApp, context: RouteContext, oidc?: OidcSignIn): void {
  const settings = context.config.server.oidc;
  if (!settings) return;
  const signIn = oidc ?? createOidcSignIn(settings);
  const { config } = context;
  const secure = config.server.publicUrl.startsWith('https://');
  const limit = context.signInLimit ?? { max: 20, windowMs: 15 * 60_000 };
  const rateLimit = { max: limit.max, timeWindow: limit.windowMs };

  app.get('/sign-in/oidc', { schema: { hide: true }, config: { rateLimit } }, async (request, reply) => {
    let started;
    try {
      started = await signIn.start();
    } catch (error) {
      request.log.error({ err: error }, 'OpenID Connect provider unreachable');
      throw refused(
        'Không kết nối được dịch vụ đăng nhập một cửa (SSO) của tỉnh. Hãy thử lại sau, hoặc đăng nhập bằng liên kết qua email tại /sign-in.',
        502,
      );
    }
    const next = safeReturnPath((request.query as { next?: unknown }).next);
    const pending: Pending = { ...started.pending, next };
    reply.setCookie(PENDING_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
      path: PENDING_PATH,
      httpOnly: true,
      sameSite: 'lax', // the provider's redirect back is a top-level navigation from another site
      secure,
      maxAge: PENDING_MINUTES * 60,
    });
    return reply.redirect(started.url.href, 303);
  });

  app.get('/sign-in/oidc/callback', { schema: { hide: true }, config: { rateLimit } }, (request, reply) =>
    finishSignIn(context, signIn, settings, request, reply),
  );
}

/** The provider's answer: checked against this browser's pending sign-in, then a session for its person. */
async function finishSignIn(
  context: RouteContext,
  signIn: OidcSignIn,
  settings: OidcSettings,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const { db, config } = context;
  const secure = config.server.publicUrl.startsWith('https://');
  const pending = readPending(request);
  // Single use: whatever happens next, this browser's state, nonce and verifier are spent.
  reply.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
  const audit = (outcome: 'done' | 'refused', detail: Record<string, unknown>, personId?: string) =>
    recordAccess(
      db,
      {
        personId,
        channel: 'web',
        action: 'signIn',
        clientAddress: request.ip,
        outcome,
        detail: { method: 'oidc', ...detail },
      },
      context.now(),
    );
  if (!pending) {
    await audit('refused', { reason: 'no pending sign-in' });
    throw refused('Phiên đăng nhập SSO không còn hoặc không thuộc trình duyệt này. Hãy bắt đầu lại từ /sign-in/oidc.');
  }
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
  let identity;
  try {
    identity = await signIn.finish(query, pending);
  } catch (error) {
    if (!(error instanceof OidcRefusal)) throw error;
    request.log.warn({ reason: error.message }, 'OpenID Connect sign-in refused');
    await audit('refused', { reason: error.message });
    throw refused(
      'Đăng nhập SSO không thành công: phản hồi của nhà cung cấp không hợp lệ, đã được dùng, hoặc tài khoản không có email đã xác minh. Hãy bắt đầu lại từ /sign-in/oidc.',
    );
  }
  const person = await personOf(db, identity, settings.createPeople);
  if (!person) {
    await audit('refused', { reason: 'unknown e-mail', email: identity.email });
    throw refused(
      `Tài khoản SSO ${identity.email} chưa có trong dondoc. Đề nghị Trung tâm Phục vụ hoặc quản trị viên cấp quyền cho địa chỉ này.`,
      403,
    );
  }
  const session = await openSession(
    db,
    person.id,
    'oidc',
    { idleMinutes: config.server.sessionIdleMinutes, maxHours: config.server.sessionMaxHours },
    request.ip,
    context.now(),
  );
  await audit('done', { subject: identity.subject }, person.id);
  setSessionCookieOn(reply, secure, session.secret, session.expiresAt);
  return reply.redirect(safeReturnPath(pending.next) ?? '/', 303);
}

/** The person the provider's verified e-mail names (created when the settings say so). */
async function personOf(
  db: RouteContext['db'],
  identity: { email: string; name?: string },
  createPeople: boolean | undefined,
) {
  const person = await findPerson(db, { email: identity.email });
  if (person || !createPeople) return person;
  await db.person.create({
    data: { id: newId('person'), email: identity.email, name: identity.name ?? identity.email },
  });
  return findPerson(db, { email: identity.email });
}

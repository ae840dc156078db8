import type { Client } from '@temporalio/client';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Database } from '../../prisma/database';
import type { Config } from '../../shared/config';
import { authenticate, csrfUserInfo, wantsHtml } from '../identity/principal';
import type { Mailer } from '../identity/mailer';
import { loadSigner, type Signer } from '../identity/proof';
import { registerPortal } from '../portal';
import {
  DEFAULT_HEAVY_READ_LIMITS,
  HeavyReadLimiter,
  registerHeavyReadLimits,
  registerHeavyReadPreCheck,
  type HeavyReadLimits,
} from './heavy-reads';
import { BODY_LIMITS, FILE_LIMITS, registerSignedInBeforeBody } from './request-bounds';
import { registerErrorHandler } from './error-handler';
import { sendErrorPage } from '../portal/error-page';
import { registerAccountRoutes } from '../routes/account';
import { registerAgencyRoutes } from '../routes/agencies';
import { registerExtensionRoutes } from '../routes/extension-requests';
import { registerCalendarRoutes } from '../routes/calendar';
import { registerActionLookupRoutes } from '../routes/action-lookups';
import { registerCampaignReadRoutes } from '../routes/campaign-reads';
import { registerCampaignRoutes } from '../routes/campaigns';
import { registerDevMailboxRoutes, type CaughtMail } from '../routes/dev-mailbox';
import { registerOidcRoutes } from '../routes/oidc';
import { registerListUploadRoutes } from '../routes/list-uploads';
import { registerDeliveryRoutes } from '../routes/deliveries';
import { registerDeliveryFileRoutes } from '../routes/delivery-files';
import { registerSignInRoutes } from '../routes/sign-in';
import { registerUserRoutes } from '../routes/users';
import { registerHealthRoutes } from '../health/routes';
import { registerServerMetrics } from '../metrics/server-metrics';

// The dondoc server: the only path by which people act. Sessions and tokens say who is asking;
// the domain's access rule says whether they may; the workflows check the server's signature again.

export interface ServerDeps {
  config: Config;
  db: Database;
  client: Client;
  mailer: Mailer;
  /** Signs the actor proof each Update carries; loaded from DONDOC_SIGNING_KEYS_DIR when not given. */
  signer?: Signer;
  /** The development mailbox (demo only): messages caught by the demo's SMTP server. */
  mailbox?: { list(): CaughtMail[] };
  /** Sign-in requests allowed per client address per window (tests lower it). */
  signInLimit?: { max: number; windowMs: number };
  /** Heavy reads (reports, exports) running at once, per person and in all (tests lower them). */
  heavyReads?: HeavyReadLimits;
  now?: () => Date;
  logger?: boolean;
}

export type App = FastifyInstance;

/** Routes typed by their zod schemas: a handler's body, params and query are already parsed. */
export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export async function buildServer(deps: ServerDeps): Promise<App> {
  const { config, db } = deps;
  const now = deps.now ?? (() => new Date());
  const secure = config.server.publicUrl.startsWith('https://');
  const app = Fastify({
    logger: deps.logger ?? false,
    trustProxy: config.server.trustProxy.length > 0 ? config.server.trustProxy : false,
    bodyLimit: BODY_LIMITS.action,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await registerPlugins(app, secure);
  registerRequestHooks(app, deps, now);
  registerErrorHandler(app);
  const signer = deps.signer ?? loadSigner(config.server.signingKeysDir, { generate: !config.server.production });
  await registerRoutes(app, { ...deps, now, signer });
  app.setNotFoundHandler((request, reply) => {
    const message = `Không có trang hoặc địa chỉ ${request.url.split('?')[0]} trên dondoc.`;
    return wantsHtml(request)
      ? sendErrorPage(request, reply, 404, message)
      : reply.code(404).send({ error: 'not_found', message });
  });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerHealthRoutes(app, { db, client: deps.client, signer });
  return app;
}

/** Security headers, cookies, CSRF tokens, form and multipart bodies, rate limits, the OpenAPI document. */
async function registerPlugins(app: App, secure: boolean): Promise<void> {
  // A strict policy: everything from dondoc itself, no inline script or style, no outside host.
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(secure) },
    hsts: secure,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    cookieKey: 'dondoc_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure },
    getToken: (request) =>
      (request.body as { _csrf?: string } | undefined)?._csrf ??
      (request.headers['x-csrf-token'] as string | undefined),
    // Each token is bound to the session it was made for (principal.ts csrfUserInfo); the binding's
    // secret is the session cookie's own, so the HMAC key needs none and survives restarts.
    getUserInfo: csrfUserInfo,
    csrfOpts: { hmacKey: 'dondoc-csrf-session-binding' },
  });
  await app.register(fastifyFormbody);
  await app.register(fastifyMultipart, { limits: { fileSize: FILE_LIMITS.list, files: 1 } });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'rate_limited',
      message: `Quá nhiều yêu cầu từ địa chỉ này. Hãy thử lại sau ${Math.ceil(context.ttl / 1000)} giây.`,
    }),
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'dondoc API',
        version: '1',
        description:
          'Theo dõi, đôn đốc chiến dịch nhiều cơ quan. Xác thực: cookie phiên (trình duyệt) hoặc Authorization: Bearer <mã API>.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
}

/** Who asks (before any body is read), the heavy-read limits, and the CSRF token of cookie requests. */
function registerRequestHooks(app: App, deps: ServerDeps, now: () => Date): void {
  const { config, db } = deps;
  const policy = { idleMinutes: config.server.sessionIdleMinutes, maxHours: config.server.sessionMaxHours };
  const heavyReads = new HeavyReadLimiter(deps.heavyReads ?? DEFAULT_HEAVY_READ_LIMITS);
  registerHeavyReadPreCheck(app, heavyReads);
  app.addHook('onRequest', async (request) => {
    await authenticate(db, request, policy, now());
  });
  registerSignedInBeforeBody(app);
  registerHeavyReadLimits(app, heavyReads);
  registerServerMetrics(app, heavyReads);
  // Every state-changing request that rides on a cookie carries the CSRF token (checked before the
  // body schema strips it); bearer requests
  // carry no ambient credential, and the CLI's sign-in exchange sets no cookie.
  const csrfExempt = new Set(['/api/v1/auth/email-link', '/api/v1/auth/link-exchange']);
  app.addHook('preValidation', (request, reply, done) => {
    const changes = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    const path = request.url.split('?')[0]!;
    // An API call with no credential at all is refused as unauthenticated (401) by its route.
    const anonymousApi = !request.principal && path.startsWith('/api/');
    if (!changes || request.bearer || csrfExempt.has(path) || anonymousApi) return done();
    // A multipart form's fields are read by its route, which checks the token field first (portal/multipart-form.ts).
    if (request.routeOptions.config.csrfInMultipart && request.isMultipart()) return done();
    app.csrfProtection(request, reply, done);
  });
}

/** The API's routes and the portal's pages. */
async function registerRoutes(app: App, context: RouteContext): Promise<void> {
  const typed: TypedApp = app.withTypeProvider<ZodTypeProvider>();
  registerSignInRoutes(typed, context);
  registerOidcRoutes(typed, context);
  registerAccountRoutes(typed, context);
  registerUserRoutes(typed, context);
  registerCampaignRoutes(typed, context);
  registerCampaignReadRoutes(typed, context);
  registerActionLookupRoutes(typed, context);
  registerAgencyRoutes(typed, context);
  registerExtensionRoutes(typed, context);
  registerListUploadRoutes(typed, context);
  registerDeliveryRoutes(typed, context);
  registerDeliveryFileRoutes(typed, context);
  registerCalendarRoutes(typed, context);
  await registerPortal(typed, context);
  if (context.config.server.devMailbox && context.mailbox)
    registerDevMailboxRoutes(typed, { mailbox: context.mailbox });
}

/** Content-Security-Policy of every response (helmet's defaults would allow inline styles and any https: font). */
function contentSecurityPolicy(secure: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'font-src': ["'self'"],
    'img-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(secure && { 'upgrade-insecure-requests': [] }),
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads its multipart form itself and checks the CSRF token field before anything else. */
    csrfInMultipart?: boolean;
  }
}

export type RouteContext = ServerDeps & { now: () => Date; signer: Signer };

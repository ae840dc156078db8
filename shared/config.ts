import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';
import { isIP } from 'node:net';
import { z } from 'zod';
import { redactCredentials } from './redact';

// One place reads the environment; everything else receives a validated Config.
// Temporal connection settings follow @temporalio/envconfig (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
// TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE) so a Temporal cluster or
// Temporal Cloud works unchanged.

const port = z.coerce.number().int().min(1).max(65_535);

/** An address Fastify's trustProxy (proxy-addr) accepts: an IP, a CIDR range, or one of its named ranges. */
function isProxyAddress(value: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(value)) return true;
  const [address, prefix, ...rest] = value.split('/');
  const version = isIP(address ?? '');
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

const envSchema = z.object({
  DONDOC_TASK_QUEUE: z.string().min(1).default('dondoc'),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'phải bắt đầu bằng file: (SQLite) hoặc postgresql:// (PostgreSQL)')
    .default('file:./.data/dondoc.db'),
  DONDOC_DATA_DIR: z.string().min(1).default('.data'),
  DONDOC_FILES_DIR: z.string().min(1).optional(),
  DONDOC_EXPORT_DIR: z.string().min(1).default('exports'),
  DONDOC_REPORT_DIR: z.string().min(1).default('reports'),
  DONDOC_REPORT_RECIPIENTS: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((address) => address.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.email('mỗi địa chỉ phải là email, cách nhau bằng dấu phẩy')))
    .optional(),
  DONDOC_UI_PORT: port.default(8233),
  DONDOC_TEMPORAL_UI_URL: z.url('phải là địa chỉ http(s)://… của Temporal Web UI').optional(),
  DONDOC_DEMO_SECONDS_PER_DAY: z.coerce.number().positive().max(86_400).default(4),
  DONDOC_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'phải có dạng smtp://người-dùng:mật-khẩu@máy-chủ:cổng')
    .optional(),
  SMTP_FROM: z.string().min(3).default('dondoc <dondoc@localhost>'),
  DONDOC_WEBHOOK_PRIVATE_ADDRESSES: z.enum(['0', '1'], { error: 'phải là 0 hoặc 1' }).default('0'),
  DONDOC_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  DONDOC_MAX_CACHED_WORKFLOWS: z.coerce.number().int('phải là số nguyên').min(0).optional(),
  DONDOC_WORKFLOW_TASK_SLOTS: z.coerce.number().int('phải là số nguyên').min(2, 'tối thiểu là 2').optional(),
  DONDOC_SERVER_PORT: port.default(3000),
  DONDOC_SERVER_HOST: z.string().min(1).default('127.0.0.1'),
  DONDOC_PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      error: 'phải là địa chỉ http(s)://… mà người dùng mở, ví dụ https://dondoc.quangngai.gov.vn',
    })
    .optional(),
  DONDOC_TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .refine((value) => value.toLowerCase() !== 'true', {
      error:
        'true sẽ tin tiêu đề X-Forwarded-For của bất kỳ ai, nên ai cũng giả được địa chỉ của mình (vượt giới hạn ' +
        'yêu cầu, ghi sai nhật ký). Cách sửa: ghi địa chỉ IP hoặc dải CIDR của proxy phía trước dondoc, cách nhau ' +
        'bằng dấu phẩy, ví dụ DONDOC_TRUST_PROXY=10.0.0.5 hoặc 10.0.0.0/24; bỏ trống hoặc false khi không có proxy',
    })
    .transform((value) =>
      value.toLowerCase() === 'false'
        ? []
        : value
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean),
    )
    .refine((list) => list.every(isProxyAddress), {
      error:
        'mỗi mục phải là một địa chỉ IP hoặc dải CIDR của proxy, ví dụ 10.0.0.5 hoặc 10.0.0.0/24 (hoặc loopback), cách nhau bằng dấu phẩy',
    }),
  DONDOC_SESSION_IDLE_MINUTES: z.coerce.number().int('phải là số nguyên').min(1).max(1_440).default(30),
  DONDOC_SESSION_MAX_HOURS: z.coerce.number().int('phải là số nguyên').min(1).max(720).default(12),
  DONDOC_SIGN_IN_LINK_MINUTES: z.coerce.number().int('phải là số nguyên').min(1).max(60).default(15),
  DONDOC_API_TOKEN_DAYS: z.coerce.number().int('phải là số nguyên').min(1).max(366).default(90),
  DONDOC_SIGNING_KEYS_DIR: z.string().min(1).optional(),
  DONDOC_TRUSTED_KEYS_DIR: z.string().min(1).optional(),
  OIDC_ISSUER: z.url('phải là địa chỉ https://… của nhà cung cấp OpenID Connect').optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URL: z
    .url({
      protocol: /^https?$/,
      error: 'phải là địa chỉ http(s)://…/sign-in/oidc/callback đã đăng ký với nhà cung cấp',
    })
    .optional(),
  OIDC_CREATE_PEOPLE: z.enum(['true', 'false'], { error: 'phải là true hoặc false' }).default('false'),
  DONDOC_ADMIN_EMAIL: z.email('phải là một địa chỉ email').optional(),
  DONDOC_METRICS_PORT: port.optional(),
  DONDOC_WORKER_METRICS_PORT: port.optional(),
  DONDOC_TEMPORAL_METRICS_PORT: port.optional(),
  DONDOC_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  DONDOC_METRICS_TOKEN: z.string().min(16, 'tối thiểu 16 ký tự (ví dụ: openssl rand -hex 24)').optional(),
  NODE_ENV: z.string().optional(),
});

export interface Config {
  temporal: { address: string; namespace: string; connect: ClientConnectConfig; addressIsDefault: boolean };
  taskQueue: string;
  databaseUrl: string;
  dataDir: string;
  /** The file store: the bytes of files agencies deliver, by SHA-256 (`<data folder>/files` by default). */
  filesDir: string;
  exportDir: string;
  /** Report files go under `dir` only; e-mail to the campaign's people and `allowedRecipients` only. */
  reports: { dir: string; allowedRecipients: string[] };
  uiPort: number;
  /** Temporal Web UI that the Service Center's pages link each agency's workflow to. */
  temporalUiUrl: string;
  demoSecondsPerDay: number;
  logLevel: z.infer<typeof envSchema>['DONDOC_LOG_LEVEL'];
  smtp: { url?: string; from: string };
  /** Webhooks may reach loopback and private addresses (a receiver on the same network). */
  webhookPrivateAddresses: boolean;
  worker: {
    /** A workflow bundle built by `npm run build`; without it the worker bundles at start. */
    workflowBundle?: string;
    maxCachedWorkflows?: number;
    /** Workflow tasks a worker runs at once (and its workflow-task pollers, up to 10). */
    workflowTaskSlots?: number;
    /**
     * Folder of the server's Ed25519 keys (public, or private where the worker runs beside the server)
     * whose actor proofs the workflows accept; the server's signing keys folder by default.
     */
    trustedKeysDir: string;
  };
  server: {
    port: number;
    host: string;
    /** The address people open; links in e-mail point there. `https://` turns on Secure cookies. */
    publicUrl: string;
    /** The reverse proxies (IP addresses, CIDR ranges) whose X-Forwarded-For is believed; none by default. */
    trustProxy: string[];
    sessionIdleMinutes: number;
    sessionMaxHours: number;
    signInLinkMinutes: number;
    apiTokenDays: number;
    /**
     * Folder of Ed25519 private keys (PKCS#8 PEM, one per file) the server signs actor proofs with;
     * every key signs, so a new key can be added before an old one is retired. Generated under the
     * data folder on first start, except in production.
     */
    signingKeysDir: string;
    /** NODE_ENV=production: keys must be provided, the development mailbox never exists. */
    production: boolean;
    /**
     * OpenID Connect sign-in (a provincial SSO): the provider, this client's ID and secret (never
     * printed), the callback registered with the provider, and whether a verified e-mail unknown to
     * dondoc becomes a person (without any role) or is refused.
     */
    oidc?: { issuer: string; clientId: string; clientSecret?: string; redirectUrl: string; createPeople: boolean };
    /** Granted the administrator role at every start (the first person who can grant others). */
    adminEmail?: string;
    /** The development mailbox page: only without a real SMTP server and outside production. */
    devMailbox: boolean;
  };
  /** Metrics and readiness listeners (off when their port is unset), apart from the public port. */
  ops: {
    host: string;
    /** Bearer token the metrics listeners require; mandatory when they listen beyond loopback. */
    token?: string;
    serverMetricsPort?: number;
    workerMetricsPort?: number;
    /** The Temporal SDK's own Prometheus exporter in the worker. */
    temporalMetricsPort?: number;
  };
}

export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Cấu hình không hợp lệ:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A value as shown in an error: quoted, with any password or secret parameter masked. */
function currentValue(value: string | undefined): string {
  return value === undefined ? 'chưa đặt' : JSON.stringify(redactCredentials(value));
}

export function isLoopback(url: string): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parsedEnv(env);
  const connect = temporalConnection(env);
  const address = connect.connectionOptions.address ?? DEFAULT_TEMPORAL_ADDRESS;
  refuseUnsafeSettings(e);
  const port = e.DONDOC_SERVER_PORT;
  const publicUrl = (e.DONDOC_PUBLIC_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  return {
    temporal: {
      address,
      namespace: connect.namespace ?? 'default',
      connect: { ...connect, connectionOptions: { ...connect.connectionOptions, address } },
      addressIsDefault: !connect.connectionOptions.address,
    },
    taskQueue: e.DONDOC_TASK_QUEUE,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DONDOC_DATA_DIR,
    filesDir: e.DONDOC_FILES_DIR ?? `${e.DONDOC_DATA_DIR}/files`,
    exportDir: e.DONDOC_EXPORT_DIR,
    reports: { dir: e.DONDOC_REPORT_DIR, allowedRecipients: e.DONDOC_REPORT_RECIPIENTS ?? [] },
    uiPort: e.DONDOC_UI_PORT,
    temporalUiUrl: (e.DONDOC_TEMPORAL_UI_URL ?? `http://127.0.0.1:${e.DONDOC_UI_PORT}`).replace(/\/+$/, ''),
    demoSecondsPerDay: e.DONDOC_DEMO_SECONDS_PER_DAY,
    logLevel: e.DONDOC_LOG_LEVEL,
    smtp: { url: e.SMTP_URL, from: e.SMTP_FROM },
    webhookPrivateAddresses: e.DONDOC_WEBHOOK_PRIVATE_ADDRESSES === '1',
    worker: {
      workflowBundle: e.DONDOC_WORKFLOW_BUNDLE,
      maxCachedWorkflows: e.DONDOC_MAX_CACHED_WORKFLOWS,
      workflowTaskSlots: e.DONDOC_WORKFLOW_TASK_SLOTS,
      trustedKeysDir: e.DONDOC_TRUSTED_KEYS_DIR ?? e.DONDOC_SIGNING_KEYS_DIR ?? `${e.DONDOC_DATA_DIR}/signing-keys`,
    },
    server: {
      port,
      host: e.DONDOC_SERVER_HOST,
      publicUrl,
      trustProxy: e.DONDOC_TRUST_PROXY,
      sessionIdleMinutes: e.DONDOC_SESSION_IDLE_MINUTES,
      sessionMaxHours: e.DONDOC_SESSION_MAX_HOURS,
      signInLinkMinutes: e.DONDOC_SIGN_IN_LINK_MINUTES,
      apiTokenDays: e.DONDOC_API_TOKEN_DAYS,
      signingKeysDir: e.DONDOC_SIGNING_KEYS_DIR ?? `${e.DONDOC_DATA_DIR}/signing-keys`,
      production: e.NODE_ENV === 'production',
      oidc:
        e.OIDC_ISSUER && e.OIDC_CLIENT_ID
          ? {
              issuer: e.OIDC_ISSUER,
              clientId: e.OIDC_CLIENT_ID,
              clientSecret: e.OIDC_CLIENT_SECRET,
              redirectUrl: e.OIDC_REDIRECT_URL ?? `${publicUrl}/sign-in/oidc/callback`,
              createPeople: e.OIDC_CREATE_PEOPLE === 'true',
            }
          : undefined,
      adminEmail: e.DONDOC_ADMIN_EMAIL?.toLowerCase(),
      devMailbox: e.NODE_ENV !== 'production' && e.SMTP_URL === undefined,
    },
    ops: {
      host: e.DONDOC_METRICS_HOST,
      token: e.DONDOC_METRICS_TOKEN,
      serverMetricsPort: e.DONDOC_METRICS_PORT,
      workerMetricsPort: e.DONDOC_WORKER_METRICS_PORT,
      temporalMetricsPort: e.DONDOC_TEMPORAL_METRICS_PORT,
    },
  };
}

/** The environment read by its schema: every problem named with its variable and current value (secrets hidden). */
function parsedEnv(env: NodeJS.ProcessEnv) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) =>
          `${issue.path.join('.')}: ${issue.message} (giá trị hiện tại: ${
            /SECRET|API_KEY|PASSWORD|TOKEN/.test(String(issue.path[0]))
              ? '***'
              : currentValue(env[String(issue.path[0])])
          })`,
      ),
    );
  }
  return parsed.data;
}

/** The Temporal connection from TEMPORAL_* (and its profile), credentials never shown in an error. */
function temporalConnection(env: NodeJS.ProcessEnv): ClientConnectConfig {
  try {
    return loadClientConnectConfig({ overrideEnvVars: env as Record<string, string> });
  } catch (error) {
    throw new ConfigError([`TEMPORAL_*: ${redactCredentials((error as Error).message)}`]);
  }
}

/** Settings that must not go together: half an OIDC set-up, OIDC without TLS, open metrics without a token. */
function refuseUnsafeSettings(e: ReturnType<typeof parsedEnv>): void {
  const oidcParts = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID].filter((v) => v !== undefined).length;
  if (oidcParts === 1) {
    throw new ConfigError([
      'OIDC_ISSUER, OIDC_CLIENT_ID: cần đặt cả hai để bật đăng nhập OpenID Connect (hoặc bỏ cả hai).',
    ]);
  }
  // http:// only on the loopback address (a provider on the same machine); anything else needs TLS.
  if (e.OIDC_ISSUER && new URL(e.OIDC_ISSUER).protocol !== 'https:' && !isLoopback(e.OIDC_ISSUER)) {
    throw new ConfigError([
      `OIDC_ISSUER: phải là địa chỉ https://… (http:// chỉ dùng được với 127.0.0.1 hoặc localhost) (giá trị hiện tại: ${currentValue(e.OIDC_ISSUER)})`,
    ]);
  }
  if (!['127.0.0.1', 'localhost', '::1'].includes(e.DONDOC_METRICS_HOST) && !e.DONDOC_METRICS_TOKEN) {
    throw new ConfigError([
      `DONDOC_METRICS_HOST: chỉ số vận hành chỉ mở ra ngoài máy (${e.DONDOC_METRICS_HOST}) khi có mã. Cách sửa: đặt DONDOC_METRICS_TOKEN (openssl rand -hex 24), hoặc để DONDOC_METRICS_HOST=127.0.0.1`,
    ]);
  }
}

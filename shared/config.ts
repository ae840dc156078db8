import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';
import { z } from 'zod';
import { redactCredentials } from './redact';

// One place reads the environment; everything else receives a validated Config.
// Temporal connection settings follow @temporalio/envconfig (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
// TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE) so a Temporal cluster or
// Temporal Cloud works unchanged.

const port = z.coerce.number().int().min(1).max(65_535);

const envSchema = z.object({
  DONDOC_TASK_QUEUE: z.string().min(1).default('dondoc'),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'phải bắt đầu bằng file: (SQLite) hoặc postgresql:// (PostgreSQL)')
    .default('file:./.data/dondoc.db'),
  DONDOC_DATA_DIR: z.string().min(1).default('.data'),
  DONDOC_EXPORT_DIR: z.string().min(1).default('exports'),
  DONDOC_UI_PORT: port.default(8233),
  DONDOC_DEMO_SECONDS_PER_DAY: z.coerce.number().positive().max(86_400).default(4),
  DONDOC_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'phải có dạng smtp://người-dùng:mật-khẩu@máy-chủ:cổng')
    .optional(),
  SMTP_FROM: z.string().min(3).default('dondoc <dondoc@localhost>'),
  DONDOC_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  DONDOC_MAX_CACHED_WORKFLOWS: z.coerce.number().int('phải là số nguyên').min(0).optional(),
});

export interface Config {
  temporal: { address: string; namespace: string; connect: ClientConnectConfig; addressIsDefault: boolean };
  taskQueue: string;
  databaseUrl: string;
  dataDir: string;
  exportDir: string;
  uiPort: number;
  demoSecondsPerDay: number;
  logLevel: z.infer<typeof envSchema>['DONDOC_LOG_LEVEL'];
  smtp: { url?: string; from: string };
  worker: {
    /** A workflow bundle built by `npm run build`; without it the worker bundles at start. */
    workflowBundle?: string;
    maxCachedWorkflows?: number;
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) =>
          `${issue.path.join('.')}: ${issue.message} (giá trị hiện tại: ${currentValue(env[String(issue.path[0])])})`,
      ),
    );
  }
  let connect: ClientConnectConfig;
  try {
    connect = loadClientConnectConfig({ overrideEnvVars: env as Record<string, string> });
  } catch (error) {
    throw new ConfigError([`TEMPORAL_*: ${redactCredentials((error as Error).message)}`]);
  }
  const address = connect.connectionOptions.address ?? DEFAULT_TEMPORAL_ADDRESS;
  const e = parsed.data;
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
    exportDir: e.DONDOC_EXPORT_DIR,
    uiPort: e.DONDOC_UI_PORT,
    demoSecondsPerDay: e.DONDOC_DEMO_SECONDS_PER_DAY,
    logLevel: e.DONDOC_LOG_LEVEL,
    smtp: { url: e.SMTP_URL, from: e.SMTP_FROM },
    worker: { workflowBundle: e.DONDOC_WORKFLOW_BUNDLE, maxCachedWorkflows: e.DONDOC_MAX_CACHED_WORKFLOWS },
  };
}

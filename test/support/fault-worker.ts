import path from 'node:path';
import { ENV_TEMPORAL_ADDRESS, required } from './test-env';
import { ChildGroup, type KillableProcess } from './child-process';

// Starts and kills the worker of test/support/fault-worker-process.ts. Every process started here
// is remembered so that killAllWorkerProcesses() can end them whatever happened in the test.

const ROOT = path.join(__dirname, '..', '..');
const SCRIPT = path.join(__dirname, 'fault-worker-process.ts');
const READY_TIMEOUT_MS = 90_000; // a cold tsx start on a busy 2-core machine takes a while
/** The sender of the fault workers' e-mail (Message-IDs are derived from it and the outbox key). */
export const FAULT_MAIL_FROM = 'dondoc <dondoc@quangngai.gov.vn>';

export interface WorkerProcessOptions {
  taskQueue: string;
  databaseUrl: string;
  exportDir: string;
  /** The folder of the key the test's Updates are signed with (the worker trusts it). */
  trustedKeysDir: string;
  /** SMTP server for e-mail notifications; without it the outbox records e-mail as skipped. */
  smtpUrl?: string;
  /** Defaults to the shared dev server of the jest run. */
  temporalAddress?: string;
}

export type WorkerProcess = KillableProcess;

const workers = new ChildGroup();

export function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  return workers.start({
    name: 'worker process',
    args: ['--import', 'tsx', SCRIPT],
    options: {
      cwd: ROOT,
      env: {
        ...process.env,
        [ENV_TEMPORAL_ADDRESS]: options.temporalAddress ?? required(ENV_TEMPORAL_ADDRESS),
        DONDOC_TASK_QUEUE: options.taskQueue,
        DATABASE_URL: options.databaseUrl,
        DONDOC_EXPORT_DIR: options.exportDir,
        DONDOC_TRUSTED_KEYS_DIR: options.trustedKeysDir,
        SMTP_URL: options.smtpUrl ?? '',
        SMTP_FROM: FAULT_MAIL_FROM,
        DONDOC_LOG_LEVEL: process.env.DONDOC_LOG_LEVEL ?? 'error',
      },
    },
    ready: (stdout) => stdout.includes('ready\n'),
    readyTimeoutMs: READY_TIMEOUT_MS,
  });
}

/** Ends every worker process still running (afterAll, whatever the outcome). */
export const killAllWorkerProcesses = (): Promise<void> => workers.killAll();

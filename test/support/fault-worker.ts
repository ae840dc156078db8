import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ENV_TEMPORAL_ADDRESS, required } from './test-env';

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

export interface WorkerProcess {
  readonly pid: number;
  /** Resolves when the process has exited, however. */
  readonly exited: Promise<void>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
  /** Still running (not crashed, not killed). */
  alive(): boolean;
  /** Ended by kill() (as opposed to exiting or crashing on its own). */
  readonly killed: boolean;
  /** What it wrote on stderr (for failure messages). */
  stderr(): string;
}

const live = new Set<ChildProcess>();

export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
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
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-20_000);
  });
  // A killed child leaves a broken pipe behind; that is expected here, not an error.
  child.stdin!.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
  });

  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => fail(new Error(`worker process not ready after ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('ready\n')) done();
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(new Error(`worker process exited before ready (code ${code}, signal ${signal})`));
    function cleanup() {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    }
    function done() {
      cleanup();
      child.stdout!.resume(); // keep draining so the child never blocks on a full pipe
      resolve();
    }
    function fail(error: Error) {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${stderr}`));
    }
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });

  let killed = false;
  return {
    pid: child.pid!,
    exited,
    get killed() {
      return killed;
    },
    async kill() {
      killed = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    stderr: () => stderr,
  };
}

/** Ends every worker process still running (afterAll, whatever the outcome). */
export async function killAllWorkerProcesses(): Promise<void> {
  const exits = [...live].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(exits);
}

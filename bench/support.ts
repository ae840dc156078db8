import { testSigning } from '../test/support/signing-client';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { startDevServer } from '../ops/temporal-dev-server';
import { ensureSearchAttributes } from '../server/temporal/search-attributes';
import { openDatabase, type Database } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';
import { mapLimit } from '../shared/map-limit';
import { freePort } from '../test/support/free-port';
import { buildWorkflowBundle } from '../worker/bundle';
import { loadConfig } from '../shared/config';
import { configureLogger } from '../shared/logger';

const ROOT = path.resolve(__dirname, '..');

// A private world for a benchmark: its own Temporal server, database and workers, all measured
// together in one run so ratios compare like with like on the same machine.

export interface BenchWorld {
  client: Client;
  db: Database;
  taskQueue: string;
  /** The first worker's process: dondoc's own worker/main.ts, loading a prebuilt workflow bundle. */
  workerPid: number;
  /** Every worker's process (DONDOC_BENCH_WORKERS, default 1). */
  workerPids: number[];
  /** Where the benchmark ran, for its output: the dev server, or the Temporal server at an address. */
  server: string;
  /** The folder of the key the workers trust (a server built on this world signs with it). */
  signingKeysDir: string;
  close(): Promise<void>;
}

/** Resident memory of a process now and at its peak, in MiB (Linux /proc). */
export function processMemoryMiB(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** A fresh database of its own on a PostgreSQL server, dropped by `drop()`. */
export async function freshPostgresDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `dondoc_bench_${crypto.randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const pg = new PgClient({ connectionString: serverUrl });
    await pg.connect();
    try {
      await pg.query(sql);
    } finally {
      await pg.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function startWorker(env: NodeJS.ProcessEnv): Promise<{ pid: number; stop(): Promise<void> }> {
  // DONDOC_BENCH_COMPILED_WORKER=1 runs the compiled worker (`npm run build` first), as a production image would.
  const compiled = process.env.DONDOC_BENCH_COMPILED_WORKER === '1';
  const workerArgs = compiled
    ? [path.join(ROOT, 'dist', 'worker', 'main.js')]
    : ['--import', 'tsx', path.join(ROOT, 'worker', 'main.ts')];
  // DONDOC_BENCH_WORKER_NODE_ARGS adds node options to the worker, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.DONDOC_BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const worker = spawn(process.execPath, [...nodeArgs, ...workerArgs], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(worker, 'exit');
  await new Promise<void>((resolve, reject) => {
    let output = '';
    worker.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"worker started"')) resolve();
    });
    void exited.then(([code]) =>
      reject(new Error(`bench worker exited with ${String(code)} before it started:\n${output}`)),
    );
  });
  // DONDOC_BENCH_WORKER_LOG=FILE keeps the worker's log (with DONDOC_BENCH_WORKER_LOG_LEVEL=debug, each activity's duration).
  const logFile = process.env.DONDOC_BENCH_WORKER_LOG;
  if (logFile) worker.stdout.pipe(fs.createWriteStream(logFile, { flags: 'a' }));
  else worker.stdout.resume();
  return {
    pid: worker.pid!,
    async stop() {
      worker.kill('SIGTERM'); // the worker finishes its in-flight tasks, then exits
      await exited;
    },
  };
}

/**
 * A Temporal server, a database, and workers in processes of their own, as in production: each
 * worker runs worker/main.ts with a workflow bundle built beforehand (dondoc's workflows plus the
 * no-op baselines), so its memory is the worker's alone. By default a dev server of its own and a
 * SQLite file; DONDOC_BENCH_TEMPORAL_ADDRESS names a running Temporal server instead (namespace
 * `default`; bench/temporal-cluster/run.sh starts one), DONDOC_BENCH_POSTGRES_URL puts dondoc's
 * database on that PostgreSQL server, DONDOC_BENCH_WORKERS runs that many workers.
 */
export async function createBenchWorld(options: { maxCachedWorkflows?: number } = {}): Promise<BenchWorld> {
  process.env.DONDOC_LOG_LEVEL ??= 'error';
  configureLogger(loadConfig());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bench-'));
  const external = process.env.DONDOC_BENCH_TEMPORAL_ADDRESS;
  const [server, bundle] = await Promise.all([
    external ? { address: external, stop: async () => undefined } : startDevServer({ port: await freePort() }),
    buildWorkflowBundle({
      workflowsPath: require.resolve('./workflows'),
      outFile: path.join(dir, 'workflow-bundle.js'),
    }),
  ]);
  const pgServer = process.env.DONDOC_BENCH_POSTGRES_URL;
  const database = pgServer
    ? await freshPostgresDatabase(pgServer)
    : { url: `file:${path.join(dir, 'bench.db')}`, drop: async () => undefined };
  await applyMigrations(database.url);
  const db = await openDatabase(database.url);
  const connection = await Connection.connect({ address: server.address });
  if (external) await ensureSearchAttributes(connection, 'default');
  // The benchmarks stand in for the server: their Updates are signed with a key the workers trust.
  const signing = testSigning();
  const client = new Client({ connection, interceptors: signing.interceptors });
  const taskQueue = `bench-${crypto.randomBytes(3).toString('hex')}`;
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: 'default',
    DATABASE_URL: database.url,
    DONDOC_TASK_QUEUE: taskQueue,
    DONDOC_EXPORT_DIR: path.join(dir, 'exports'),
    DONDOC_WORKFLOW_BUNDLE: bundle,
    DONDOC_TRUSTED_KEYS_DIR: signing.keysDir,
    DONDOC_LOG_LEVEL: process.env.DONDOC_BENCH_WORKER_LOG_LEVEL ?? 'info',
    ...(options.maxCachedWorkflows !== undefined && {
      DONDOC_MAX_CACHED_WORKFLOWS: String(options.maxCachedWorkflows),
    }),
  };
  const workers = await Promise.all(
    Array.from({ length: Number(process.env.DONDOC_BENCH_WORKERS ?? 1) }, () => startWorker(env)),
  );
  return {
    client,
    db,
    taskQueue,
    workerPid: workers[0]!.pid,
    workerPids: workers.map((worker) => worker.pid),
    server: external ? `Temporal server at ${external}` : 'dev server',
    signingKeysDir: signing.keysDir,
    async close() {
      await Promise.all(workers.map((worker) => worker.stop()));
      await connection.close();
      await db.$disconnect();
      await server.stop();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
      signing.dispose();
    },
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

/** Waits, polling every `everyMs`, until `done` answers true. */
export async function until(done: () => Promise<boolean>, everyMs = 100): Promise<void> {
  while (!(await done())) await sleep(everyMs);
}

/**
 * What POST /api/v1/campaigns takes for a bench campaign of `n` communes (codes xa-00000…), due in
 * 20 and 30 days, with a declared deliverable when one is given. Each agency's email names the
 * campaign, so campaigns of one run never share a person.
 */
export function campaignBody(id: string, n: number, deliverable?: unknown) {
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  return {
    id,
    directive: { number: '1/BENCH', date: new Date().toISOString().slice(0, 10), title: 'bench' },
    deadlines: { submission: inDays(20), approval: inDays(30) },
    calendar: 'weekends-only',
    reviewer: { name: 'Cơ quan thẩm định (bench)', email: 'reviewer@bench.example' },
    approver: { name: 'Chủ tịch UBND tỉnh' },
    serviceCenter: { name: 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh' },
    ...(deliverable !== undefined && { deliverable }),
    agencies: Array.from({ length: n }, (_, i) => ({
      code: `xa-${String(i).padStart(5, '0')}`,
      name: `UBND xã số ${i}`,
      kind: 'commune' as const,
      email: `${id}-xa-${i}@bench.example`.toLowerCase(),
      stage: 'assigned' as const,
    })),
  };
}

/** Runs `task(i)` for i in [0, n) with at most `concurrency` at once. */
export async function pool(n: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<void> {
  await mapLimit(
    Array.from({ length: n }, (_, i) => i),
    concurrency,
    (i) => task(i),
  );
}

export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** Lowest, median and highest of a few rounds: a shared machine's noise shows in the spread. */
export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]!, max: sorted[sorted.length - 1]! };
}

export const formatSpread = (s: Spread, digits = 2, unit = '') =>
  `${s.median.toFixed(digits)}${unit} (min ${s.min.toFixed(digits)}, max ${s.max.toFixed(digits)})`;

/** One figure of a benchmark, as the README's table shows it. */
export interface BenchFigure {
  /** What was measured, as the table's first column says it. */
  figure: string;
  /** The result as a person reads it. */
  result: string;
  /** The number the goal is about (a ratio, a rate, MiB...). */
  value: number;
  /** The goal, e.g. "<= 1.10x"; absent for figures that have none. */
  goal?: string;
  met?: boolean;
  /** The rounds behind the value, when there are several. */
  rounds?: number[];
}

/**
 * The last line of every benchmark: `BENCH {json}` with its figures, their goals and whether each
 * is met, and the load average it ran under. bench/table.ts turns these lines into the README table.
 */
export function printBenchLine(
  bench: string,
  args: string[],
  figures: BenchFigure[],
  /** What ran, when it is not the benchmark world's Temporal server and worker. */
  server?: string,
): void {
  const line = {
    bench,
    args,
    at: new Date().toISOString(),
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
    server:
      server ??
      `${
        process.env.DONDOC_BENCH_TEMPORAL_ADDRESS
          ? `${process.env.DONDOC_BENCH_SERVER_LABEL ?? `Temporal server at ${process.env.DONDOC_BENCH_TEMPORAL_ADDRESS}`}, ${workersText()}`
          : `dev server, ${workersText()}${process.env.DONDOC_BENCH_POSTGRES_URL ? ', dondoc on PostgreSQL' : ''}`
      }${process.env.DONDOC_BENCH_COMPILED_WORKER === '1' ? ' (compiled)' : ''}${
        process.env.MALLOC_ARENA_MAX ? `, MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX}` : ''
      }`,
    figures,
  };
  console.log(`BENCH ${JSON.stringify(line)}`);
}

/** The benchmark's workers as its table rows name them: `1 worker`, `2 workers`. */
function workersText(): string {
  const workers = Number(process.env.DONDOC_BENCH_WORKERS ?? 1);
  return workers === 1 ? '1 worker' : `${workers} workers`;
}

/** `uptime`'s three load averages, for the lines a benchmark prints as it goes. */
export const loadAverageText = () =>
  `load average ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(', ')}`;

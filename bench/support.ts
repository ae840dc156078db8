import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Client, Connection } from '@temporalio/client';
import { startDevServer } from '../client/dev-server';
import { openDatabase, type Database } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';
import { mapLimit } from '../shared/map-limit';
import { freePort } from '../test/support/free-port';
import { buildWorkflowBundle } from '../worker/bundle';
import { loadConfig } from '../shared/config';
import { configureLogger } from '../shared/logger';

const ROOT = path.resolve(__dirname, '..');

// A private world for a benchmark: its own dev server, SQLite database and worker, all measured
// together in one run so ratios compare like with like on the same machine.

export interface BenchWorld {
  client: Client;
  db: Database;
  taskQueue: string;
  /** The worker's process: dondoc's own worker/main.ts, loading a prebuilt workflow bundle. */
  workerPid: number;
  close(): Promise<void>;
}

/** Resident memory of a process now and at its peak, in MiB (Linux /proc). */
export function processMemoryMiB(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/**
 * A dev server, a SQLite database, and a worker in its own process, as in production: the worker
 * runs worker/main.ts with a workflow bundle built beforehand (dondoc's workflows plus the no-op
 * baseline), so its memory is the worker's alone.
 */
export async function createBenchWorld(options: { maxCachedWorkflows?: number } = {}): Promise<BenchWorld> {
  process.env.DONDOC_LOG_LEVEL ??= 'error';
  configureLogger(loadConfig());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bench-'));
  const [server, bundle] = await Promise.all([
    startDevServer({ port: await freePort() }),
    buildWorkflowBundle({
      workflowsPath: require.resolve('./workflows'),
      outFile: path.join(dir, 'workflow-bundle.js'),
    }),
  ]);
  const url = `file:${path.join(dir, 'bench.db')}`;
  await applyMigrations(url);
  const db = await openDatabase(url);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const taskQueue = 'bench';
  // DONDOC_BENCH_COMPILED_WORKER=1 runs the compiled worker (`npm run build` first), as a production image would.
  const compiled = process.env.DONDOC_BENCH_COMPILED_WORKER === '1';
  const workerArgs = compiled
    ? [path.join(ROOT, 'dist', 'worker', 'main.js')]
    : ['--import', 'tsx', path.join(ROOT, 'worker', 'main.ts')];
  const worker = spawn(process.execPath, workerArgs, {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: 'default',
      DATABASE_URL: url,
      DONDOC_TASK_QUEUE: taskQueue,
      DONDOC_EXPORT_DIR: path.join(dir, 'exports'),
      DONDOC_WORKFLOW_BUNDLE: bundle,
      DONDOC_LOG_LEVEL: 'info',
      ...(options.maxCachedWorkflows !== undefined && {
        DONDOC_MAX_CACHED_WORKFLOWS: String(options.maxCachedWorkflows),
      }),
    },
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
  worker.stdout.resume();
  return {
    client,
    db,
    taskQueue,
    workerPid: worker.pid!,
    async close() {
      worker.kill('SIGTERM'); // the worker finishes its in-flight tasks, then exits
      await exited;
      await connection.close();
      await db.$disconnect();
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
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
export function printBenchLine(bench: string, args: string[], figures: BenchFigure[]): void {
  const line = {
    bench,
    args,
    at: new Date().toISOString(),
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
    figures,
  };
  console.log(`BENCH ${JSON.stringify(line)}`);
}

/** `uptime`'s three load averages, for the lines a benchmark prints as it goes. */
export const loadAverageText = () =>
  `load average ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(', ')}`;

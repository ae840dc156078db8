import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../client/dev-server';
import { openDatabase, type Database } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';
import { freePort } from '../test/support/free-port';
import { createDondocWorker } from '../worker/create-worker';

// A private world for a benchmark: its own dev server, SQLite database and worker, all measured
// together in one run so ratios compare like with like on the same machine.

export interface BenchWorld {
  client: Client;
  db: Database;
  taskQueue: string;
  worker: Worker;
  close(): Promise<void>;
}

export async function createBenchWorld(options: { maxCachedWorkflows?: number } = {}): Promise<BenchWorld> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  process.env.DONDOC_LOG_LEVEL ??= 'error';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bench-'));
  const server: DevServer = await startDevServer({ port: await freePort() });
  const url = `file:${path.join(dir, 'bench.db')}`;
  await applyMigrations(url);
  const db = await openDatabase(url);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const workerConnection = await NativeConnection.connect({ address: server.address });
  const taskQueue = 'bench';
  const worker = await createDondocWorker({
    connection: workerConnection,
    namespace: 'default',
    taskQueue,
    db,
    client,
    exportDir: path.join(dir, 'exports'),
    notifications: { from: 'dondoc <bench@localhost>' },
    maxCachedWorkflows: options.maxCachedWorkflows,
    workflowsPath: require.resolve('./workflows'), // dondoc's workflows plus the no-op baseline
  });
  const running = worker.run();
  return {
    client,
    db,
    taskQueue,
    worker,
    async close() {
      worker.shutdown();
      await running;
      await workerConnection.close();
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
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, concurrency) }, async () => {
    while (next < n) await task(next++);
  }));
}

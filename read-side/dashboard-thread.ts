import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Dashboard } from './dashboard';

// Dashboards built in a worker thread of their own, on a connection of its own. Building reads
// and folds the whole campaign (seconds at 10,000 agencies); SQLite's driver runs each query on
// the calling thread, so a build in the server's thread would hold up every other request until it
// ended. The thread (dashboard-thread-main.ts) starts on the first build and stops with the server.

interface Job {
  resolve(dashboard: Dashboard): void;
  reject(error: Error): void;
}

type Answer = { id: number; dashboard: Dashboard } | { id: number; error: string };

export class DashboardThread {
  private worker?: Worker;
  private nextId = 0;
  private readonly jobs = new Map<number, Job>();

  constructor(private readonly databaseUrl: string) {}

  build(campaignId: string, at: Date): Promise<Dashboard> {
    const worker = (this.worker ??= this.start());
    const id = ++this.nextId;
    return new Promise<Dashboard>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      worker.postMessage({ id, campaignId, at });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    // Run from source (tsx, jest) the thread loads its TypeScript through tsx's require hook; compiled, its .js.
    const fromSource = __filename.endsWith('.ts');
    const main = path.join(__dirname, `dashboard-thread-main.${fromSource ? 'ts' : 'js'}`);
    const workerData = { databaseUrl: this.databaseUrl };
    const worker = fromSource
      ? new Worker(
          `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(main)});`,
          {
            eval: true,
            workerData,
          },
        )
      : new Worker(main, { workerData });
    worker.unref();
    worker.on('message', (answer: Answer) => {
      const job = this.jobs.get(answer.id);
      this.jobs.delete(answer.id);
      if ('error' in answer) job?.reject(new Error(answer.error));
      else job?.resolve(answer.dashboard);
    });
    const failAll = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const job of this.jobs.values()) job.reject(error);
      this.jobs.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`dashboard thread stopped (exit code ${code})`)));
    return worker;
  }
}

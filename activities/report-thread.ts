import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TemporalCheck } from '../reporting/model';
import type { ReportFiles } from '../reporting/run-report';

// The report built and rendered in a worker thread on a connection of its own, for the report
// activity (written to files) and for the server's report routes (rendered and answered). Building
// folds every row of the campaign and rendering draws the charts and five files: up to seconds of
// synchronous work, and SQLite's driver runs each query on the calling thread. On the worker's main
// thread it would hold up every other activity; on the server's, every request (/healthz too).
// The Temporal cross-check stays on the calling thread, which holds the client; the thread asks for
// it by message. The activity starts a thread per report (once a day; its memory goes with it), the
// server keeps one for its requests, which the heavy-read limits (server/http/heavy-reads.ts) bound.

/** The report's figures besides its files: what the e-mail and the server's answers need. */
export interface ReportSummary {
  at: string;
  reportDay: string;
  campaign: { directiveNumber: string };
  summary: {
    agencies: number;
    accepted: number;
    inReview: number;
    pending: number;
    late: number;
    perfunctory: number;
  };
}

/** The activity's result: where the files were written. */
export interface ReportThreadResult {
  dir: string;
  files: ReportFiles;
  paths: string[];
  report: ReportSummary;
}

/** The server's result: the formats asked for, rendered. */
export interface RenderedReport {
  report: ReportSummary;
  contents: Partial<ReportFiles>;
}

export type TemporalCheckFn = (
  campaignId: string,
  assignments: { workflowId: string; stage: string }[],
) => Promise<TemporalCheck>;

interface JobBase {
  campaignId: string;
  /** ISO instant the report speaks for, in campaign time; without it, the campaign's time at `realNow`. */
  at?: string;
  /** The real instant whose campaign time the report speaks for (a rehearsal reads its own clock). */
  realNow?: string;
  /** Cross-checks the agency workflows in Temporal, on the calling thread. */
  temporalCheck?: TemporalCheckFn;
}

export interface ReportThreadJob extends JobBase {
  databaseUrl: string;
  baseDir: string;
}

/** A job as the thread receives it (the cross-check becomes a flag: functions do not cross threads). */
export type ThreadJob =
  | { kind: 'write'; campaignId: string; at?: string; realNow?: string; baseDir: string; temporal: boolean }
  | {
      kind: 'render';
      campaignId: string;
      at?: string;
      realNow?: string;
      formats: (keyof ReportFiles)[];
      temporal: boolean;
    };

export type ThreadMessage =
  | { type: 'check'; job: number; id: number; campaignId: string; assignments: { workflowId: string; stage: string }[] }
  | { type: 'done'; job: number; result: ReportThreadResult | RenderedReport }
  | { type: 'failed'; job: number; name: string; message: string; stack?: string };

export type ParentMessage =
  | { type: 'job'; job: number; work: ThreadJob }
  | { type: 'checked'; id: number; check: TemporalCheck }
  | { type: 'checkFailed'; id: number; message: string }
  | { type: 'close' };

/** An error from the thread, with the name it had there (CampaignNotFoundError stays recognisable). */
export class ReportThreadError extends Error {
  constructor(name: string, message: string, stack?: string) {
    super(message);
    this.name = name;
    if (stack) this.stack = stack;
  }
}

interface Pending {
  resolve(result: ReportThreadResult | RenderedReport): void;
  reject(error: Error): void;
  temporalCheck?: TemporalCheckFn;
}

/** How long a closing thread may take to disconnect from the database before it is stopped. */
const CLOSE_GRACE_MS = 5_000;

/** One report thread, started on the first job; jobs sent to it at once run interleaved there. */
export class ReportThread {
  private worker?: Worker;
  private nextJob = 0;
  private readonly jobs = new Map<number, Pending>();

  constructor(private readonly databaseUrl: string) {}

  /** Builds the report, renders it and writes its files into <baseDir>/<campaign>/<day>/. */
  write(job: JobBase & { baseDir: string }): Promise<ReportThreadResult> {
    const { temporalCheck, ...work } = job;
    return this.run(
      { kind: 'write', ...work, temporal: temporalCheck !== undefined },
      temporalCheck,
    ) as Promise<ReportThreadResult>;
  }

  /** Builds the report and renders the formats asked for. */
  render(job: JobBase & { formats: (keyof ReportFiles)[] }): Promise<RenderedReport> {
    const { temporalCheck, ...work } = job;
    return this.run(
      { kind: 'render', ...work, temporal: temporalCheck !== undefined },
      temporalCheck,
    ) as Promise<RenderedReport>;
  }

  /** Lets the thread disconnect from the database and exit; jobs still running fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies ParentMessage);
    const grace = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
    await exited;
    clearTimeout(grace);
  }

  private run(work: ThreadJob, temporalCheck?: TemporalCheckFn): Promise<ReportThreadResult | RenderedReport> {
    const worker = (this.worker ??= this.start());
    const job = ++this.nextJob;
    worker.ref();
    const settled = () => {
      if (this.jobs.size === 0) worker.unref();
    };
    return new Promise<ReportThreadResult | RenderedReport>((resolve, reject) => {
      this.jobs.set(job, { resolve, reject, temporalCheck });
      worker.postMessage({ type: 'job', job, work } satisfies ParentMessage);
    }).finally(settled);
  }

  private start(): Worker {
    // Run from source (tsx, jest) the thread loads its TypeScript through tsx's require hook; compiled, its .js.
    const fromSource = __filename.endsWith('.ts');
    const main = path.join(__dirname, `report-thread-main.${fromSource ? 'ts' : 'js'}`);
    const workerData = { databaseUrl: this.databaseUrl };
    const worker = fromSource
      ? new Worker(
          `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(main)});`,
          { eval: true, workerData },
        )
      : new Worker(main, { workerData });
    // An idle thread keeps no process alive (run() holds it while a job is in flight).
    worker.unref();
    worker.on('message', (message: ThreadMessage) => {
      const pending = this.jobs.get(message.job);
      if (message.type === 'check') {
        if (!pending?.temporalCheck) return;
        pending.temporalCheck(message.campaignId, message.assignments).then(
          (check) => worker.postMessage({ type: 'checked', id: message.id, check } satisfies ParentMessage),
          (error: unknown) =>
            worker.postMessage({
              type: 'checkFailed',
              id: message.id,
              message: error instanceof Error ? error.message : String(error),
            } satisfies ParentMessage),
        );
        return;
      }
      this.jobs.delete(message.job);
      if (message.type === 'done') pending?.resolve(message.result);
      else pending?.reject(new ReportThreadError(message.name, message.message, message.stack));
    });
    const failAll = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const pending of this.jobs.values()) pending.reject(error);
      this.jobs.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`report thread stopped (exit code ${code})`)));
    return worker;
  }
}

/** One report written by a thread started for it, which exits when the files are written. */
export async function runReportInThread(job: ReportThreadJob): Promise<ReportThreadResult> {
  const { databaseUrl, ...work } = job;
  const thread = new ReportThread(databaseUrl);
  try {
    return await thread.write(work);
  } finally {
    await thread.close();
  }
}

import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TemporalCheck } from '../reporting/model';
import type { ReportFiles } from '../reporting/run-report';

// The report activity's work, done in a worker thread of its own on a connection of its own. At
// 10,000 agencies building and rendering the report is seconds of synchronous work (folding the
// rows, the charts, five files), and SQLite's driver runs each query on the calling thread: on the
// worker's main thread it would hold up every other activity, every agency's notice, until it ended.
// One thread per report (a report runs once a day): it exits when the report is written, so its
// connection and the report's memory go with it. The Temporal cross-check stays on the main thread,
// which holds the client; the thread asks for it by message.

/** What the activity needs of the report besides its files: the e-mail's subject and text. */
export interface ReportThreadResult {
  dir: string;
  files: ReportFiles;
  paths: string[];
  report: {
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
  };
}

export interface ReportThreadJob {
  databaseUrl: string;
  campaignId: string;
  /** ISO instant the report speaks for. */
  at: string;
  baseDir: string;
  /** Cross-checks the agency workflows in Temporal, on the calling thread. */
  temporalCheck?: (campaignId: string, assignments: { workflowId: string; stage: string }[]) => Promise<TemporalCheck>;
}

export type ThreadMessage =
  | { type: 'check'; id: number; campaignId: string; assignments: { workflowId: string; stage: string }[] }
  | { type: 'done'; result: ReportThreadResult }
  | { type: 'failed'; name: string; message: string; stack?: string };

export type ParentMessage =
  { type: 'checked'; id: number; check: TemporalCheck } | { type: 'checkFailed'; id: number; message: string };

/** An error from the thread, with the name it had there (CampaignNotFoundError stays recognisable). */
export class ReportThreadError extends Error {
  constructor(name: string, message: string, stack?: string) {
    super(message);
    this.name = name;
    if (stack) this.stack = stack;
  }
}

function startThread(workerData: Omit<ReportThreadJob, 'temporalCheck'> & { temporal: boolean }): Worker {
  // Run from source (tsx, jest) the thread loads its TypeScript through tsx's require hook; compiled, its .js.
  const fromSource = __filename.endsWith('.ts');
  const main = path.join(__dirname, `report-thread-main.${fromSource ? 'ts' : 'js'}`);
  return fromSource
    ? new Worker(
        `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(main)});`,
        {
          eval: true,
          workerData,
        },
      )
    : new Worker(main, { workerData });
}

export function runReportInThread(job: ReportThreadJob): Promise<ReportThreadResult> {
  const { temporalCheck, ...data } = job;
  const worker = startThread({ ...data, temporal: temporalCheck !== undefined });
  return new Promise<ReportThreadResult>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (message: ThreadMessage) => {
      if (message.type === 'done') settle(() => resolve(message.result));
      else if (message.type === 'failed')
        settle(() => reject(new ReportThreadError(message.name, message.message, message.stack)));
      else if (message.type === 'check')
        temporalCheck!(message.campaignId, message.assignments).then(
          (check) => worker.postMessage({ type: 'checked', id: message.id, check } satisfies ParentMessage),
          (error: unknown) =>
            worker.postMessage({
              type: 'checkFailed',
              id: message.id,
              message: error instanceof Error ? error.message : String(error),
            } satisfies ParentMessage),
        );
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`report thread stopped (exit code ${code})`))));
  });
}

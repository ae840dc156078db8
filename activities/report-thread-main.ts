import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../prisma/database';
import { lowerThisThreadPriority } from '../shared/thread-priority';
import { useVietnameseZodMessages } from '../domain/zod-locale';
import type { TemporalCheck } from '../reporting/model';
import { runReport } from '../reporting/run-report';
import type { ParentMessage, ReportThreadJob, ReportThreadResult, ThreadMessage } from './report-thread';

// The report thread (report-thread.ts): opens the database, builds, renders and writes one report,
// sends back where the files are and the figures the e-mail needs, and closes its connection.

const job = workerData as Omit<ReportThreadJob, 'temporalCheck'> & { temporal: boolean };
const port = parentPort!;
const send = (message: ThreadMessage) => port.postMessage(message);

const pendingChecks = new Map<number, { resolve(check: TemporalCheck): void; reject(error: Error): void }>();
port.on('message', (message: ParentMessage) => {
  const pending = pendingChecks.get(message.id);
  pendingChecks.delete(message.id);
  if (message.type === 'checked') pending?.resolve(message.check);
  else pending?.reject(new Error(message.message));
});
let lastCheck = 0;
const askMainThread = (campaignId: string, assignments: { workflowId: string; stage: string }[]) =>
  new Promise<TemporalCheck>((resolve, reject) => {
    const id = ++lastCheck;
    pendingChecks.set(id, { resolve, reject });
    send({ type: 'check', id, campaignId, assignments });
  });

async function run(): Promise<ReportThreadResult> {
  // On a busy machine the worker's workflows and other activities are served first.
  lowerThisThreadPriority();
  useVietnameseZodMessages();
  const db = await openDatabase(job.databaseUrl);
  try {
    const { dir, files, paths, report } = await runReport({
      db,
      campaignId: job.campaignId,
      at: new Date(job.at),
      baseDir: job.baseDir,
      ...(job.temporal ? { temporalCheck: askMainThread } : {}),
    });
    const { summary, campaign } = report;
    return {
      dir,
      files,
      paths,
      report: {
        at: report.at,
        reportDay: report.reportDay,
        campaign: { directiveNumber: campaign.directiveNumber },
        summary: {
          agencies: summary.agencies,
          accepted: summary.accepted,
          inReview: summary.inReview,
          pending: summary.pending,
          late: summary.late,
          perfunctory: summary.perfunctory,
        },
      },
    };
  } finally {
    await db.$disconnect();
  }
}

run().then(
  (result) => send({ type: 'done', result }),
  (error: unknown) =>
    send(
      error instanceof Error
        ? { type: 'failed', name: error.name, message: error.message, stack: error.stack }
        : { type: 'failed', name: 'Error', message: String(error) },
    ),
);

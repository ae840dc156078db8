import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type Database } from '../prisma/database';
import { lowerThisThreadPriority } from '../shared/thread-priority';
import { useVietnameseZodMessages } from '../domain/zod-locale';
import { buildCampaignReport } from '../reporting/build';
import type { CampaignReport, TemporalCheck } from '../reporting/model';
import { renderReportFormat, runReport } from '../reporting/run-report';
import type {
  ParentMessage,
  RenderedReport,
  ReportSummary,
  ReportThreadResult,
  ThreadJob,
  ThreadMessage,
} from './report-thread';

// The report thread (report-thread.ts): opens the database on its first job, builds and renders
// each report asked for (writing its files, or sending the formats back), and disconnects when told
// to close.

const { databaseUrl } = workerData as { databaseUrl: string };
const port = parentPort!;
const send = (message: ThreadMessage) => port.postMessage(message);

// On a busy machine the process's other work (workflows, activities, requests) is served first.
lowerThisThreadPriority();
useVietnameseZodMessages();
let opened: Promise<Database> | undefined;
const database = () => (opened ??= openDatabase(databaseUrl));

const pendingChecks = new Map<number, { resolve(check: TemporalCheck): void; reject(error: Error): void }>();
let lastCheck = 0;
const askMainThread = (job: number) => (campaignId: string, assignments: { workflowId: string; stage: string }[]) =>
  new Promise<TemporalCheck>((resolve, reject) => {
    const id = ++lastCheck;
    pendingChecks.set(id, { resolve, reject });
    send({ type: 'check', job, id, campaignId, assignments });
  });

function summaryOf(report: CampaignReport): ReportSummary {
  const { summary, campaign } = report;
  return {
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
  };
}

async function run(job: number, work: ThreadJob): Promise<ReportThreadResult | RenderedReport> {
  const db = await database();
  const options = {
    db,
    campaignId: work.campaignId,
    ...(work.at !== undefined ? { at: new Date(work.at) } : {}),
    ...(work.realNow !== undefined ? { realNow: new Date(work.realNow) } : {}),
    ...(work.temporal ? { temporalCheck: askMainThread(job) } : {}),
  };
  if (work.kind === 'write') {
    const { dir, files, paths, report } = await runReport({ ...options, baseDir: work.baseDir });
    return { dir, files, paths, report: summaryOf(report) };
  }
  const report = await buildCampaignReport(options);
  return {
    report: summaryOf(report),
    contents: Object.fromEntries(work.formats.map((format) => [format, renderReportFormat(report, format)])),
  };
}

port.on('message', (message: ParentMessage) => {
  if (message.type === 'job') {
    run(message.job, message.work).then(
      (result) => send({ type: 'done', job: message.job, result }),
      (error: unknown) =>
        send(
          error instanceof Error
            ? { type: 'failed', job: message.job, name: error.name, message: error.message, stack: error.stack }
            : { type: 'failed', job: message.job, name: 'Error', message: String(error) },
        ),
    );
  } else if (message.type === 'close') {
    void (opened ?? Promise.resolve(undefined))
      .then((db) => db?.$disconnect())
      .catch(() => undefined)
      .finally(() => port.close());
  } else {
    const pending = pendingChecks.get(message.id);
    pendingChecks.delete(message.id);
    if (message.type === 'checked') pending?.resolve(message.check);
    else pending?.reject(new Error(message.message));
  }
});

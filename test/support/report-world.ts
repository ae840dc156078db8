import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createReportActivities } from '../../activities/report';
import { buildCampaignReport } from '../../reporting/build';
import type { CampaignReport } from '../../reporting/model';
import { createDondocWorker } from '../../worker/create-worker';
import { setUpLater, uniqueId } from './harness';
import { REPORT_AT, seedReportScenario } from './report-scenario';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import { createTestDatabase, type TestDatabase } from './test-database';
import { ENV_TEMPORAL_ADDRESS, ENV_WORKFLOW_BUNDLE, required, type TestDatabaseKind } from './test-env';

// The reporting job's test world: the known scenario written with Prisma into a real database, the
// report built from it, and (for the files that run the job on Temporal) a real worker for the
// report workflow and one for the agency workflows, e-mailing to a real SMTP sink.

const REPORT_FROM = 'dondoc <dondoc@quangngai.gov.vn>';

/** The scenario seeded in a fresh database, its report built at REPORT_AT, and a folder for output. */
export function useReportScenario(kind: TestDatabaseKind) {
  let database: TestDatabase | undefined;
  let report: CampaignReport | undefined;
  const campaignId = uniqueId('c751');
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-reports-'));

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await seedReportScenario(database.db, campaignId);
    report = await buildCampaignReport({ db: database.db, campaignId, at: REPORT_AT });
  });

  afterAll(async () => {
    await database?.drop();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  return {
    database: setUpLater('the report database', () => database),
    report: setUpLater('the report', () => report),
    campaignId,
    outDir,
  };
}

/**
 * The scenario of {@link useReportScenario} with a Temporal client, a worker running the report
 * workflow with the project's activities and the report activities, and the project's own worker
 * for real agency workflows (the cross-check with visibility). Schedules pushed to `schedules` are
 * deleted afterwards.
 */
export function useReportWorkers(kind: TestDatabaseKind) {
  const scenario = useReportScenario(kind);
  const { database, outDir } = scenario;
  let client: Client | undefined;
  let connection: Connection | undefined;
  let workerConnection: NativeConnection | undefined;
  let smtp: SmtpSink | undefined;
  const workers: { shutdown(): void; running: Promise<void> }[] = [];
  const reportQueue = uniqueId('report-queue');
  const agencyQueue = uniqueId('agency-queue');
  const schedules: string[] = [];

  beforeAll(async () => {
    const address = required(ENV_TEMPORAL_ADDRESS);
    connection = await Connection.connect({ address });
    client = new Client({ connection });
    workerConnection = await NativeConnection.connect({ address });
    smtp = await startSmtpSink();
    // Report workflow + the project's activities merged with the report activities.
    const reportWorker = await Worker.create({
      connection: workerConnection,
      taskQueue: reportQueue,
      workflowBundle: { code: fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8') },
      activities: {
        ...createActivities(database.db, {
          notifications: { from: REPORT_FROM },
          campaign: { client, exportDir: outDir },
        }),
        ...createReportActivities(database.db, {
          smtpUrl: smtp.url,
          from: REPORT_FROM,
          temporalClient: client,
          reportsDir: outDir,
          allowedRecipients: ['vanphong@quangngai.gov.vn'],
        }),
      },
    });
    // The project's own worker for real agency workflows (cross-check).
    const agencyWorker = await createDondocWorker({
      connection: workerConnection,
      namespace: 'default',
      taskQueue: agencyQueue,
      db: database.db,
      client,
      exportDir: outDir,
      notifications: { from: REPORT_FROM },
      workflowBundle: { code: fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8') },
      trustedKeys: {}, // nothing here acts on the agencies
    });
    for (const worker of [reportWorker, agencyWorker])
      workers.push({ shutdown: () => worker.shutdown(), running: worker.run() });
  });

  afterAll(async () => {
    for (const id of schedules)
      await client?.schedule
        .getHandle(id)
        .delete()
        .catch(() => undefined);
    for (const worker of workers) worker.shutdown();
    await Promise.all(workers.map((w) => w.running));
    await workerConnection?.close();
    await connection?.close();
    await smtp?.stop();
  });

  return {
    ...scenario,
    client: setUpLater('the Temporal client', () => client),
    smtp: setUpLater('the SMTP sink', () => smtp),
    reportQueue,
    agencyQueue,
    schedules,
  };
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { launchCampaign } from '../../server/launch-campaign';
import { startDevServer, type DevServer } from '../../client/dev-server';
import { agencyWorkflowId } from '../../domain/agency-input';
import { extendDeadlineUpdate } from '../../workflows/agency/messages';
import {
  SERVICE_CENTER,
  consolidateAndApprove,
  expectScriptOutcome,
  newDriver,
  runScripts,
  scriptedAgencies,
  scriptedCampaign,
  snapshotCampaign,
  terminateOpen,
  waitForCampaignEnd,
} from '../support/fault-campaign';
import { killAllWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../support/fault-worker';
import { freePort } from '../support/free-port';
import { uniqueId } from '../support/harness';
import { createTestDatabase } from '../support/test-database';
import { testDatabases, type TestDatabaseKind } from '../support/test-env';

// The Temporal server itself goes down mid-campaign and comes back on the same port with the same
// persistence file (a dev server with file-backed storage, of its own: the shared one is in
// memory). Everything resumes: Updates, timers, activities; nothing fails, nothing runs twice.

const STRAGGLER = 'ubnd-huyen-ly-son';
const WAIT_MS = 180_000;

async function runRestart(kind: TestDatabaseKind): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-fault-server-'));
  const dbFilename = path.join(dir, 'temporal.db');
  const port = await freePort();
  const database = await createTestDatabase(kind);
  const taskQueue = uniqueId('fault-restart');
  const agencies = scriptedAgencies();
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const definition = scriptedCampaign(agencies, { submission: inDays(20), approval: inDays(30) });
  let server: DevServer | undefined;
  let connection: Connection | undefined;
  let client: Client | undefined;
  const workers: WorkerProcess[] = [];
  const startWorker = async () => {
    workers.push(
      await startWorkerProcess({
        taskQueue,
        databaseUrl: database.url,
        exportDir: dir,
        temporalAddress: server!.address,
      }),
    );
  };
  const connect = async () => {
    connection = await Connection.connect({ address: server!.address });
    client = new Client({ connection });
    return client;
  };

  try {
    server = await startDevServer({ port, dbFilename });
    await startWorker();
    const driver = newDriver(await connect(), definition.id);
    await launchCampaign({ client: client!, db: database.db, taskQueue, definition });
    await runScripts(driver, agencies, { to: (a) => Math.ceil(a.steps.length / 2) });

    // A timer due while the server is down: the review deadline of the agency nobody reviews.
    const reviewDeadline = new Date(Date.now() + 3_000).toISOString();
    await client!.workflow.getHandle(agencyWorkflowId(definition.id, STRAGGLER)).executeUpdate(extendDeadlineUpdate, {
      args: [{ by: SERVICE_CENTER, kind: 'review', deadline: reviewDeadline, reason: 'Rút ngắn để kiểm thử' }],
    });

    await connection!.close();
    connection = undefined;
    await server.stop();
    server = undefined;
    await sleep(4_000); // the deadline passes while nothing runs
    server = await startDevServer({ port, dbFilename });

    // New connections; the worker process lived through the outage (its connection retries).
    // If it did not, a new one takes over: the property under test is the server's durability.
    const survived = workers[0]!.alive();
    if (!survived) await startWorker();
    driver.client = await connect();
    await runScripts(driver, agencies, { from: (a) => Math.ceil(a.steps.length / 2) });
    await consolidateAndApprove(driver, database.db, agencies);
    const taskFailures = await waitForCampaignEnd(client!, definition.id, agencies, WAIT_MS);
    console.log(
      `server-restart (${kind}): worker ${survived ? 'survived the restart' : 'died with the server and was replaced'}; ${driver.log.retries.length} update retries`,
    );

    expect({ kind, taskFailures }).toEqual({ kind, taskFailures: {} });
    // The server is this test's own: any failed or timed-out workflow on it is ours.
    const failed: string[] = [];
    for await (const execution of client!.workflow.list({
      query: 'ExecutionStatus = "Failed" OR ExecutionStatus = "TimedOut"',
    }))
      failed.push(execution.workflowId);
    expect({ kind, failed }).toEqual({ kind, failed: [] });
    const snapshot = await snapshotCampaign(database.db, definition.id);
    expectScriptOutcome(snapshot, agencies, {
      escalations: { [STRAGGLER]: ['review_overdue'] },
      audit: { [STRAGGLER]: ['extend'] },
    });
    // The timer fired once, late but once, after the restart.
    const overdue = await database.db.escalation.findMany({
      where: { campaignId: definition.id, kind: 'review_overdue' },
    });
    expect(overdue).toEqual([expect.objectContaining({ deadline: new Date(reviewDeadline), target: 'reviewer' })]);
  } finally {
    for (const worker of workers) await worker.kill();
    if (client) await terminateOpen(client, definition.id, agencies);
    await connection?.close();
    await server?.stop();
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Each database with its own server, side by side: the time goes into restarts and waits.
const KINDS = testDatabases();

describe('Temporal server restarted mid-campaign', () => {
  afterAll(async () => {
    await killAllWorkerProcesses();
  });

  test(`half the Updates before the restart, half after: the campaign ends as scripted (${KINDS.join(', ')})`, async () => {
    // allSettled: each run cleans up its server and worker before the test ends, even on failure.
    const results = await Promise.allSettled(KINDS.map((kind) => runRestart(kind)));
    for (const result of results) if (result.status === 'rejected') throw result.reason;
  }, 300_000);
});

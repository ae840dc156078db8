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
  consolidateAndApprove,
  expectScriptOutcome,
  fixedInstants,
  newDriver,
  note,
  runScripts,
  scriptedAgencies,
  scriptedCampaign,
  terminateOpen,
  waitFor,
  waitForCampaignEnd,
  withDeadline,
  type ScriptedAgency,
} from '../support/fault-campaign';
import { expectSameMail, mailRecord } from '../support/fault-mail';
import { expectSameRun, snapshotRun } from '../support/fault-snapshot';
import { killAllWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../support/fault-worker';
import { testSigning } from '../support/signing-client';
import { freeRestartablePort } from '../support/free-port';
import { uniqueId } from '../support/harness';
import { startSmtpSink } from '../support/smtp-sink';
import { createTestDatabase } from '../support/test-database';
import { testDatabases, type TestDatabaseKind } from '../support/test-env';

// The Temporal server itself goes down mid-campaign and comes back on the same port with the same
// persistence file (a dev server with file-backed storage, of its own: the shared one is in
// memory). The server is stopped the moment the second half of the script has Updates in flight
// (or an e-mail on the wire), and a deadline timer falls due while it is down. Everything resumes:
// Updates, timers, activities; nothing fails, nothing runs twice, and the run leaves exactly what
// the same script leaves on a server that stays up: every table, every exported file, every answer
// and every e-mail, message by message.

const STRAGGLER = 'ubnd-huyen-ly-son';
const WAIT_MS = 180_000;
const DOWN_MS = 4_000;

interface Restart {
  afterMs: number;
  updatesInFlight: number;
  smtpSessions: number;
}

async function runCampaign(
  kind: TestDatabaseKind,
  deadlines: { submission: string; approval: string },
  restart: boolean,
) {
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-fault-server-'));
  const exportDir = path.join(dir, 'exports');
  const dbFilename = path.join(dir, 'temporal.db');
  const port = await freeRestartablePort();
  const database = await createTestDatabase(kind);
  const sink = await startSmtpSink();
  const taskQueue = uniqueId('fault-restart');
  const agencies = scriptedAgencies();
  const definition = scriptedCampaign(agencies, deadlines);
  let server: DevServer | undefined;
  let connection: Connection | undefined;
  const workers: WorkerProcess[] = [];
  const signing = testSigning();
  const startWorker = async () => {
    workers.push(
      await startWorkerProcess({
        taskQueue,
        databaseUrl: database.url,
        exportDir,
        smtpUrl: sink.url,
        temporalAddress: server!.address,
        trustedKeysDir: signing.keysDir,
      }),
    );
  };

  try {
    server = await startDevServer({ port, dbFilename });
    await startWorker();
    // One connection for the whole run: it reconnects by itself once the server is back.
    connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, interceptors: signing.interceptors });
    const driver = newDriver(client, definition.id);
    await launchCampaign({ client, db: database.db, taskQueue, definition });
    const half = (a: ScriptedAgency) => Math.ceil(a.steps.length / 2);
    const first = await runScripts(driver, agencies, { to: half });

    // A timer due while the server is down: the review deadline of the agency nobody reviews.
    const reviewDeadline = new Date(Date.now() + 3_000).toISOString();
    await client.workflow.getHandle(agencyWorkflowId(definition.id, STRAGGLER)).executeUpdate(extendDeadlineUpdate, {
      args: [{ kind: 'review', deadline: reviewDeadline, reason: 'Rút ngắn để kiểm thử' }],
    });

    const script = (async () => {
      const second = await runScripts(driver, agencies, { from: half });
      const campaign = await consolidateAndApprove(driver);
      return {
        receipts: Object.fromEntries(
          agencies.map((a) => [a.entry.code, [...first[a.entry.code]!, ...second[a.entry.code]!]]),
        ),
        campaign,
        doneMs: Date.now() - started,
      };
    })();
    let stop: Restart | undefined;
    let survived = true;
    if (restart) {
      await waitFor(async () => driver.inFlight > 0 || sink.openSessions > 0, 'work in flight', 30_000, 5);
      stop = { afterMs: Date.now() - started, updatesInFlight: driver.inFlight, smtpSessions: sink.openSessions };
      note(driver, `server stopped (${stop.updatesInFlight} updates in flight, ${stop.smtpSessions} SMTP sessions)`);
      await server.stop();
      server = undefined;
      await sleep(DOWN_MS); // the review deadline passes while nothing runs
      server = await startDevServer({ port, dbFilename });
      note(driver, 'server back');
      // The worker process lives through the outage (its connection retries). If it did not, a
      // new one takes over: the property under test is the server's durability.
      survived = workers[0]!.alive();
      if (!survived) await startWorker();
    } else {
      await sleep(DOWN_MS); // as long as the other run's outage, so the deadline passes mid-script alike
    }
    const done = await withDeadline(script, WAIT_MS, () => driver.trace.join('\n'));
    const taskFailures = await waitForCampaignEnd(client, definition.id, agencies, WAIT_MS);
    // The server is this run's own: any failed or timed-out workflow on it is ours.
    const failed: string[] = [];
    for await (const execution of client.workflow.list({
      query: 'ExecutionStatus = "Failed" OR ExecutionStatus = "TimedOut"',
    }))
      failed.push(execution.workflowId);
    const overdue = await database.db.escalation.findMany({
      where: { campaignId: definition.id, kind: 'review_overdue' },
    });
    const context = { campaignId: definition.id, exportDir, fixedInstants: fixedInstants(deadlines) };
    return {
      ...done,
      stop,
      survived,
      reviewDeadline,
      overdue,
      taskFailures,
      failed,
      agencies,
      retries: driver.log.retries.length,
      snapshot: await snapshotRun(database.db, kind, exportDir, context),
      mail: await mailRecord(database.db, sink, context),
    };
  } finally {
    for (const worker of workers) await worker.kill();
    if (connection) await terminateOpen(new Client({ connection }), definition.id, agencies);
    await connection?.close();
    await server?.stop();
    await sink.stop();
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Like Promise.all, but only once every run has ended (and cleaned up after itself). */
async function settled<T>(runs: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(runs);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

// Each database with its own servers, side by side: the time goes into restarts and waits.
const KINDS = testDatabases();

describe('Temporal server restarted mid-campaign', () => {
  afterAll(async () => {
    await killAllWorkerProcesses();
  });

  test(`a restart with Updates in flight leaves what a server that stays up leaves (${KINDS.join(', ')})`, async () => {
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const deadlines = { submission: inDays(20), approval: inDays(30) };
    const calm = await settled(KINDS.map((kind) => runCampaign(kind, deadlines, false)));
    const restarted = await settled(KINDS.map((kind) => runCampaign(kind, deadlines, true)));
    for (const [i, kind] of KINDS.entries()) {
      const [c, x] = [calm[i]!, restarted[i]!];
      console.log(
        `server-restart (${kind}): stopped at ${(x.stop!.afterMs / 1000).toFixed(1)} s with ${x.stop!.updatesInFlight} updates and ${x.stop!.smtpSessions} SMTP sessions in flight, script done at ${(x.doneMs / 1000).toFixed(1)} s; ` +
          `worker ${x.survived ? 'survived the restart' : 'died with the server and was replaced'}; ${x.retries} update retries; ` +
          `e-mail: ${x.mail.raw} deliveries, ${x.mail.distinct} distinct (undisturbed: ${c.mail.raw}, ${c.mail.distinct})`,
      );
      expect({ kind, inFlight: x.stop!.updatesInFlight + x.stop!.smtpSessions > 0 }).toEqual({ kind, inFlight: true });
      expect(x.stop!.afterMs).toBeLessThan(x.doneMs);
      for (const run of [c, x]) {
        expect({ kind, taskFailures: run.taskFailures, failed: run.failed }).toEqual({
          kind,
          taskFailures: {},
          failed: [],
        });
        expectScriptOutcome(run.snapshot, run.agencies, {
          escalations: { [STRAGGLER]: ['review_overdue'] },
          audit: { [STRAGGLER]: ['extend'] },
        });
        // The timer fired once (after the restart: late, but once).
        expect(run.overdue).toEqual([
          expect.objectContaining({ deadline: new Date(run.reviewDeadline), target: 'reviewer' }),
        ]);
      }
      expect(x.receipts).toEqual(c.receipts);
      expect(x.campaign).toEqual(c.campaign);
      expectSameRun(x.snapshot, c.snapshot);
      expectSameMail(x.mail, c.mail);
    }
  }, 600_000);
});

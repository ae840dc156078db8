import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { startDevServer, type DevServer } from '../../ops/temporal-dev-server';
import { SILENT, SILENT_TIMERS, CONSOLIDATE_AT, type ScriptedAgency } from '../support/fault-campaign';
import { expectScriptOutcome } from '../support/fault-outcome';
import { fixedInstants, terminateOpen, waitFor, waitForCampaignEnd, withDeadline } from '../support/fault-watch';
import { consolidateAndApprove, note, runScripts } from '../support/fault-driver';
import { expectSameMail, mailRecord } from '../support/fault-mail';
import { launchOnRealPath, SECONDS_PER_DAY, type LaunchedRun } from '../support/fault-run';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/fault-server';
import { expectSameRun, normalizer, snapshotRun } from '../support/fault-snapshot';
import { expectOnTime, LATE_DAYS, silentTimerFirings } from '../support/fault-timers';
import { killAllWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../support/fault-worker';
import { testSigning } from '../support/signing-client';
import { freeRestartablePort } from '../support/free-port';
import { uniqueId } from '../support/harness';
import { startSmtpSink } from '../support/smtp-sink';
import { startTcpProxy, type TcpProxy } from '../support/fault-tcp-proxy';
import { createTestDatabase } from '../support/test-database';
import { testDatabases, type TestDatabaseKind } from '../support/test-env';

// The Temporal server itself goes down mid-campaign, and the dondoc server process with it (SIGKILL);
// both come back on the same ports, Temporal with the same persistence file (a dev server with
// file-backed storage, of its own: the shared one is in memory). The campaign is a rehearsal on the
// compressed clock, driven through the dondoc server over HTTP with personal tokens and signed
// proofs. The second half of the script is held until just before the silent agency's second
// reminder falls due; once its Updates are in flight, the answers the dondoc server sends are held
// back (a proxy between the script and the server), and the servers stop the moment one is: that
// Update is done and its answer lost. The reminder falls due while they are down. Everything
// resumes: Updates (the script retries the lost requests with the same Idempotency-Key, and the
// one already done is answered, not done again), timers, activities; nothing fails,
// nothing runs twice, every timer fires once and on time on the campaign clock, and the run leaves
// exactly what the same script leaves on servers that stay up: every table (the server's audit of
// who did what included), every exported file, every HTTP answer and every e-mail.

const WAIT_MS = 180_000;
const DOWN_MS = 4_000;
const DAY_MS = 86_400_000;
/** The timer that falls due while the servers are down: the reminder 1 working day before. */
const DOWN_TIMER = SILENT_TIMERS[1];
/** The second half of the script goes out this much campaign time before that timer is due. */
const LEAD_DAYS = 0.1;

interface Restart {
  afterMs: number;
  updatesInFlight: number;
  smtpSessions: number;
  /** Answers the server had sent and the script never heard (an Update done, its answer lost). */
  answersLost: number;
}

async function runCampaign(kind: TestDatabaseKind, restart: boolean) {
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-fault-server-'));
  const exportDir = path.join(dir, 'exports');
  const dbFilename = path.join(dir, 'temporal.db');
  const [temporalPort, httpPort] = [await freeRestartablePort(), await freeRestartablePort()];
  const database = await createTestDatabase(kind);
  const sink = await startSmtpSink();
  const taskQueue = uniqueId('fault-restart');
  let temporal: DevServer | undefined;
  let dondoc: ServerProcess | undefined;
  let proxy: TcpProxy | undefined;
  let connection: Connection | undefined;
  let run: LaunchedRun | undefined;
  const workers: WorkerProcess[] = [];
  const signing = testSigning();
  const startWorker = async () => {
    workers.push(
      await startWorkerProcess({
        taskQueue,
        databaseUrl: database.url,
        exportDir,
        smtpUrl: sink.url,
        temporalAddress: temporal!.address,
        trustedKeysDir: signing.keysDir,
      }),
    );
  };
  const startDondoc = async () => {
    dondoc = await startServerProcess({
      port: httpPort,
      databaseUrl: database.url,
      taskQueue,
      signingKeysDir: signing.keysDir,
      secondsPerDay: SECONDS_PER_DAY,
      temporalAddress: temporal!.address,
    });
  };

  try {
    temporal = await startDevServer({ port: temporalPort, dbFilename });
    await Promise.all([startWorker(), startDondoc()]);
    // The script reaches the server through a proxy (in both runs), which can lose the server's answers.
    proxy = await startTcpProxy({ host: '127.0.0.1', port: httpPort });
    // One connection for the whole run (reads and clean-up): it reconnects by itself once the server is back.
    connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection });
    run = await launchOnRealPath({ db: database.db, client, baseUrl: `http://127.0.0.1:${proxy.port}` });
    const { driver, agencies } = run;
    const half = (a: ScriptedAgency) => Math.ceil(a.steps.length / 2);
    const first = await runScripts(driver, agencies, { to: half });
    const due = Date.parse(DOWN_TIMER.at);
    await run.until(new Date(due - LEAD_DAYS * DAY_MS).toISOString());

    const script = (async () => {
      const second = await runScripts(driver, agencies, { from: half });
      const updatesDoneMs = Date.now() - started;
      await run.until(CONSOLIDATE_AT);
      const campaign = await consolidateAndApprove(driver);
      return {
        receipts: Object.fromEntries(
          agencies.map((a) => [a.entry.code, [...first[a.entry.code]!, ...second[a.entry.code]!]]),
        ),
        campaign,
        updatesDoneMs,
      };
    })();
    let stop: Restart | undefined;
    let survived = true;
    if (restart) {
      await waitFor(async () => driver.inFlight > 0, 'Updates in flight', 30_000, 5);
      proxy.holdAnswers();
      await waitFor(async () => proxy!.heldAnswers > 0, 'an answer held back', 30_000, 5);
      stop = {
        afterMs: Date.now() - started,
        updatesInFlight: driver.inFlight,
        smtpSessions: sink.openSessions,
        answersLost: proxy.heldAnswers,
      };
      note(
        driver,
        `servers stopped (${stop.updatesInFlight} updates in flight, ${stop.answersLost} answers lost, ${stop.smtpSessions} SMTP sessions)`,
      );
      proxy.cut();
      await Promise.all([dondoc!.kill(), temporal.stop()]);
      temporal = undefined;
      await sleep(DOWN_MS); // the reminder falls due while nothing runs
      temporal = await startDevServer({ port: temporalPort, dbFilename });
      await startDondoc();
      proxy.restore();
      note(driver, 'servers back');
      // The worker process lives through the outage (its connection retries). If it did not, a
      // new one takes over: the property under test is the servers' durability.
      survived = workers[0]!.alive();
      if (!survived) await startWorker();
    }
    const done = await withDeadline(script, WAIT_MS * 2, () => driver.trace.join('\n'));
    const taskFailures = await waitForCampaignEnd(client, run.definition.id, agencies, WAIT_MS);
    // The server is this run's own: any failed or timed-out workflow on it is ours.
    const failed: string[] = [];
    for await (const execution of client.workflow.list({
      query: 'ExecutionStatus = "Failed" OR ExecutionStatus = "TimedOut"',
    }))
      failed.push(execution.workflowId);
    await waitFor(
      async () => (await database.db.notification.count({ where: { status: 'pending' } })) === 0,
      'every notification delivered',
      WAIT_MS,
    );
    const context = { campaignId: run.definition.id, exportDir, fixedInstants: fixedInstants(run.definition) };
    return {
      ...done,
      answers: normalizer(context).value(run.answers),
      stop,
      survived,
      taskFailures,
      failed,
      agencies,
      retries: driver.log.retries.length,
      timers: await silentTimerFirings(database.db, run.definition.id),
      snapshot: await snapshotRun(database.db, kind, exportDir, context),
      mail: await mailRecord(database.db, sink, context),
    };
  } finally {
    for (const worker of workers) await worker.kill();
    await dondoc?.kill();
    await proxy?.close();
    if (connection && run) await terminateOpen(new Client({ connection }), run.definition.id, run.agencies);
    await connection?.close();
    await temporal?.stop();
    await sink.stop();
    await database.drop();
    signing.dispose();
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

describe('Temporal server and dondoc server restarted mid-campaign', () => {
  afterAll(async () => {
    await killAllWorkerProcesses();
    await killAllServerProcesses();
  });

  test(`a restart with Updates in flight and a reminder falling due leaves what servers that stay up leave (${KINDS.join(', ')})`, async () => {
    const calm = await settled(KINDS.map((kind) => runCampaign(kind, false)));
    const restarted = await settled(KINDS.map((kind) => runCampaign(kind, true)));
    for (const [i, kind] of KINDS.entries()) {
      const [c, x] = [calm[i]!, restarted[i]!];
      console.log(
        `server-restart (${kind}): stopped at ${(x.stop!.afterMs / 1000).toFixed(1)} s with ${x.stop!.updatesInFlight} updates (${x.stop!.answersLost} answers lost) and ${x.stop!.smtpSessions} SMTP sessions in flight, Updates done at ${(x.updatesDoneMs / 1000).toFixed(1)} s; ` +
          `worker ${x.survived ? 'survived the restart' : 'died with the server and was replaced'}; ${x.retries} request retries; ` +
          `timers: ${JSON.stringify(x.timers)}; ` +
          `e-mail: ${x.mail.raw} deliveries, ${x.mail.distinct} distinct (undisturbed: ${c.mail.raw}, ${c.mail.distinct})`,
      );
      // An Update was in flight, and one was done with its answer lost: the retry must not do it again.
      expect({ kind, inFlight: x.stop!.updatesInFlight > 0, answerLost: x.stop!.answersLost > 0 }).toEqual({
        kind,
        inFlight: true,
        answerLost: true,
      });
      expect(x.stop!.afterMs).toBeLessThan(x.updatesDoneMs);
      for (const run of [c, x]) {
        expect({ kind, taskFailures: run.taskFailures, failed: run.failed }).toEqual({
          kind,
          taskFailures: {},
          failed: [],
        });
        expectScriptOutcome(run.snapshot, run.agencies, { audit: { [SILENT]: ['extend'] } });
        // Every timer fired once, on time on the campaign clock (the one due during the outage too).
        expectOnTime(run.timers, LATE_DAYS);
      }
      expect(x.answers).toEqual(c.answers);
      expect(x.receipts).toEqual(c.receipts);
      expect(x.campaign).toEqual(c.campaign);
      expectSameRun(x.snapshot, c.snapshot);
      expectSameMail(x.mail, c.mail);
    }
  }, 900_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { launchCampaign } from '../../server/launch/launch-campaign';
import {
  consolidateAndApprove,
  expectScriptOutcome,
  fixedInstants,
  newDriver,
  note,
  prng,
  runScripts,
  scriptedAgencies,
  scriptedCampaign,
  terminateOpen,
  waitFor,
  waitForCampaignEnd,
  withDeadline,
  type Driver,
} from '../support/fault-campaign';
import { expectSameMail, mailRecord } from '../support/fault-mail';
import { expectSameRun, snapshotRun } from '../support/fault-snapshot';
import { killAllWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../support/fault-worker';
import { testSigning } from '../support/signing-client';
import { uniqueId } from '../support/harness';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { createTestDatabase } from '../support/test-database';
import { ENV_TEMPORAL_ADDRESS, required, testDatabases, type TestDatabaseKind } from '../support/test-env';

// The worker dies (SIGKILL, no goodbye) twenty times while a scripted campaign runs; each time a
// new worker process takes over. Each kill waits for something to be in flight (an Update sent and
// not yet answered, or an e-mail on the wire to the test's SMTP server), and the script's last
// Updates wait for the kills, so every kill lands before the script ends. The run must leave
// exactly what an undisturbed run of the same script leaves: every table and every exported file
// (test/support/fault-snapshot.ts), every answer, and every e-mail, message by message
// (test/support/fault-mail.ts): nothing missing and nothing twice, except that an e-mail may be
// delivered again under the same Message-ID (a kill after the SMTP server accepted it and before
// the outbox recorded it: at-least-once, de-duplicated by the receiver), which is counted.
//
// SQLite by default: what is under test is Temporal's durable execution (Updates deduplicated by
// ID, local activities re-run on replay) together with our idempotency keys, not the database.
// (A database going away is database-outage.test.ts; PostgreSQL here: DONDOC_FAULTS_FULL=1.)

const KILLS = 20;
const SEED = 751;
const WAIT_MS = 180_000;
/** The script under faults; past this, the run fails and says where it stood. */
const RUN_MS = 1_200_000;
/** How long a kill waits for the Update it aims at to be sent. */
const IN_FLIGHT_WAIT_MS = 10_000;
/** How long a new worker may take to answer its first Update. */
const PROGRESS_MS = 180_000;
/**
 * A kill lands this long (at most, seeded-random) after the Update it aims at was sent. Updates are
 * answered sooner since a run records one gate marker: at 250 ms, only 9 kills in 20 found work under way.
 */
const AIM_MS = 100;

interface Kill {
  afterMs: number;
  /** Updates of the script sent and not yet answered when the worker died. */
  updatesInFlight: number;
  /** SMTP sessions open at the test's server (a delivery under way) when the worker died. */
  smtpSessions: number;
}

const inFlight = (kill: Kill) => kill.updatesInFlight > 0 || kill.smtpSessions > 0;

/**
 * The script's Updates wait for a permit; under faults the kill loop hands them out, so that it
 * knows when an Update goes out and can kill the worker while that Update is being handled.
 * Undisturbed, every Update has its permit at once.
 */
class Permits {
  private given = 0;
  private taken = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(
    readonly total: number,
    private open = false,
  ) {}
  get released(): number {
    return this.open ? this.total : this.given;
  }
  release(n: number): void {
    this.given = Math.min(this.total, this.given + n);
    while (this.waiting.length > 0 && this.taken < this.given) {
      this.taken++;
      this.waiting.shift()!();
    }
  }
  openAll(): void {
    this.open = true;
    this.waiting.splice(0).forEach((wake) => wake());
  }
  /** Awaited by the script before each Update. */
  readonly take = async (): Promise<void> => {
    if (this.open) return;
    if (this.taken < this.given) {
      this.taken++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve)); // counted by release()
  };
}

/**
 * Keeps one worker process alive; in chaos mode, kills it `kills` times. A worker that exits on
 * its own (a crash: the real finding) is recorded with its stderr.
 */
function workerSupervisor(options: {
  taskQueue: string;
  databaseUrl: string;
  exportDir: string;
  smtpUrl: string;
  trustedKeysDir: string;
}) {
  let current: WorkerProcess | undefined;
  let stopped = false;
  let loop: Promise<unknown> = Promise.resolve();
  const crashes: string[] = [];
  const start = async () => {
    const worker = await startWorkerProcess(options);
    void worker.exited.then(() => {
      if (!worker.killed) crashes.push(`worker ${worker.pid} exited on its own:\n${worker.stderr()}`);
    });
    current = worker;
    if (stopped) await worker.kill(); // stop() came while it was starting
  };
  return {
    crashes,
    start,
    /**
     * Each round: the new worker first answers an Update (the one the last kill hit, retried, or a
     * fresh one). Not sooner: a worker killed again and again before it has finished its first
     * tasks makes Temporal back off those workflow tasks exponentially
     * (history.workflowTaskRetryMaxInterval, up to 10 min), and the script would not move on.
     * Then the round lets the next Updates of the script go, waits until one is sent, and kills
     * the worker a seeded-random moment (< AIM_MS) later, recording what was in flight. The
     * script's Updates are handed out evenly over the rounds, one at least per round, and the
     * rest only after the last kill: so every kill comes before the script's end.
     */
    killLoop(
      kills: number,
      random: () => number,
      driver: Driver,
      sink: SmtpSink,
      permits: Permits,
      started: number,
    ): Promise<Kill[]> {
      const run = async () => {
        const record: Kill[] = [];
        for (let i = 0; i < kills && !stopped; i++) {
          const roundsAfter = kills - 1 - i;
          const spare = () => permits.total - permits.released - roundsAfter; // keep one per round to come
          const answered = driver.answered;
          const fresh = driver.inFlight === 0 && spare() >= 2;
          if (fresh) permits.release(1);
          if (fresh || driver.inFlight > 0)
            await waitFor(async () => stopped || driver.answered > answered, 'an Update answered', PROGRESS_MS, 10);
          if (stopped) break;
          const due = Math.floor(((i + 1) * permits.total) / kills) - permits.released;
          permits.release(Math.max(0, Math.min(Math.max(1, due), spare())));
          const until = Date.now() + IN_FLIGHT_WAIT_MS;
          while (!stopped && driver.inFlight === 0 && Date.now() < until) await sleep(2);
          await sleep(Math.floor(random() * AIM_MS));
          if (stopped) break;
          const kill = {
            afterMs: Date.now() - started,
            updatesInFlight: driver.inFlight,
            smtpSessions: sink.openSessions,
          };
          await current!.kill();
          record.push(kill);
          note(driver, `kill ${i + 1} (${kill.updatesInFlight} updates in flight, ${kill.smtpSessions} SMTP sessions)`);
          if (stopped) break;
          await start();
          note(driver, `worker ${i + 2} ready`);
        }
        permits.openAll();
        return record;
      };
      const running = run();
      loop = running.catch(() => undefined);
      return running;
    },
    async stop() {
      stopped = true;
      await current?.kill();
      await loop; // a restart under way ends too
    },
  };
}

async function runCampaign(
  kind: TestDatabaseKind,
  deadlines: { submission: string; approval: string },
  chaos: boolean,
  seed = SEED,
) {
  const started = Date.now();
  const database = await createTestDatabase(kind);
  const sink = await startSmtpSink();
  const connection = await Connection.connect({ address: required(ENV_TEMPORAL_ADDRESS) });
  const signing = testSigning();
  const client = new Client({ connection, interceptors: signing.interceptors });
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-fault-exports-'));
  const taskQueue = uniqueId('fault-kill');
  const agencies = scriptedAgencies();
  const definition = scriptedCampaign(agencies, deadlines);
  const supervisor = workerSupervisor({
    taskQueue,
    databaseUrl: database.url,
    exportDir,
    smtpUrl: sink.url,
    trustedKeysDir: signing.keysDir,
  });
  try {
    await supervisor.start();
    await launchCampaign({ client, db: database.db, taskQueue, definition });
    const driver = newDriver(client, definition.id);
    const think = prng(seed + 1);
    const updates = agencies.reduce((sum, a) => sum + a.steps.length, 0) + 2; // + consolidate, approve
    const permits = new Permits(updates, !chaos);
    const killer = chaos
      ? supervisor.killLoop(KILLS, prng(seed), driver, sink, permits, started)
      : Promise.resolve([] as Kill[]);
    const before = permits.take;
    // A killer failure (a worker that cannot start) must fail the test now, not after the waits.
    const work = (async () => {
      const pause = () => 50 + Math.floor(think() * 400);
      const receipts = await runScripts(driver, agencies, { pause, before });
      const campaign = await consolidateAndApprove(driver, { before });
      return { receipts, campaign, scriptDoneMs: Date.now() - started };
    })();
    const where = () =>
      `${kind}, ${driver.inFlight} updates in flight:\n${driver.trace.join('\n')}\n${supervisor.crashes.join('\n')}`;
    const [kills, done] = await withDeadline(Promise.all([killer, work]), RUN_MS, where);
    note(driver, 'script done, waiting for the workflows to finish');
    const taskFailures = await waitForCampaignEnd(client, definition.id, agencies, WAIT_MS);
    // A worker killed mid-send leaves its row claimed; the claim expires and a running worker's relay
    // delivers it, so the outbox drains a while after the workflows end.
    note(driver, 'workflows done, waiting for the outbox to drain');
    await waitFor(
      async () => (await database.db.notification.count({ where: { status: 'pending' } })) === 0,
      'every notification delivered',
      WAIT_MS,
    );
    const context = { campaignId: definition.id, exportDir, fixedInstants: fixedInstants(deadlines) };
    const snapshot = await snapshotRun(database.db, kind, exportDir, context);
    const mail = await mailRecord(database.db, sink, context);
    return {
      ...done,
      kills,
      crashes: supervisor.crashes,
      taskFailures,
      snapshot,
      mail,
      agencies,
      retries: driver.log.retries,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await supervisor.stop();
    await terminateOpen(client, definition.id, agencies);
    await connection.close();
    await sink.stop();
    await database.drop();
    fs.rmSync(exportDir, { recursive: true, force: true });
  }
}

/** Like Promise.all, but only once every run has ended (and cleaned up after itself). */
async function settled<T>(runs: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(runs);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

// One database by default (SQLite, see above): forty worker starts per database are what this
// suite costs, and the fault suites must stay within ~4 minutes on two cores. DONDOC_FAULTS_FULL=1
// runs every database of DONDOC_TEST_DATABASES, side by side (each run with its own database,
// task queue and worker process).
const KINDS = process.env.DONDOC_FAULTS_FULL === '1' ? testDatabases() : testDatabases().slice(0, 1);

describe('worker killed mid-campaign', () => {
  afterAll(async () => {
    await killAllWorkerProcesses(); // whatever a failed test left behind
  });

  test(`${KILLS} SIGKILLs leave the same database, files and e-mail as an undisturbed run (${KINDS.join(', ')})`, async () => {
    // Same deadlines in every run, far away: no timer fires, the notifications say the same.
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const deadlines = { submission: inDays(20), approval: inDays(30) };

    const calm = await settled(KINDS.map((kind) => runCampaign(kind, deadlines, false)));
    const chaos = await settled(KINDS.map((kind, i) => runCampaign(kind, deadlines, true, SEED + 100 * i)));
    KINDS.forEach((kind, i) => {
      const [c, x] = [calm[i]!, chaos[i]!];
      console.log(
        `worker-kill (${kind}): undisturbed run ${c.seconds} s; with ${x.kills.length} kills ${x.seconds} s ` +
          `(script done at ${(x.scriptDoneMs / 1000).toFixed(1)} s; ${x.kills.filter(inFlight).length} kills with work in flight; ` +
          `kills at s/updates/SMTP sessions in flight: ${x.kills.map((k) => `${(k.afterMs / 1000).toFixed(1)}/${k.updatesInFlight}/${k.smtpSessions}`).join(' ')}; ` +
          `e-mail: ${x.mail.raw} deliveries, ${x.mail.distinct} distinct (undisturbed: ${c.mail.raw}, ${c.mail.distinct}); ` +
          `${x.retries.length} update retries${x.retries.length ? `: ${[...new Set(x.retries.map((r) => r.error))].join(' | ')}` : ''})`,
      );
    });

    for (const [i, kind] of KINDS.entries()) {
      const [c, x] = [calm[i]!, chaos[i]!];
      expect({ kind, kills: x.kills.length }).toEqual({ kind, kills: KILLS });
      // At least half the kills hit an Update or a delivery under way, and none came after the script.
      expect({ kind, inFlight: x.kills.filter(inFlight).length >= KILLS / 2 }).toEqual({ kind, inFlight: true });
      expect({ kind, late: x.kills.filter((k) => k.afterMs >= x.scriptDoneMs) }).toEqual({ kind, late: [] });
      expect({ kind, crashes: [...c.crashes, ...x.crashes] }).toEqual({ kind, crashes: [] }); // no worker died on its own
      expect({ kind, failures: c.taskFailures }).toEqual({ kind, failures: {} });
      expect({ kind, failures: x.taskFailures }).toEqual({ kind, failures: {} }); // no non-determinism, no exception in workflow code
      expectScriptOutcome(c.snapshot, c.agencies);
      expectScriptOutcome(x.snapshot, x.agencies);
      // Every answer the reviewer and the agencies got is the same…
      expect(x.receipts).toEqual(c.receipts);
      expect(x.campaign).toEqual(c.campaign);
      // …so is every row of every table and every exported file…
      expectSameRun(x.snapshot, c.snapshot);
      // …and every recipient's mailbox, message by message.
      expectSameMail(x.mail, c.mail);
    }
  }, 1_800_000);
});

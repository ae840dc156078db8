import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { CONSOLIDATE_AT, SILENT, SILENT_TIMERS } from '../support/fault-campaign';
import { expectScriptOutcome } from '../support/fault-outcome';
import { fixedInstants, prng, terminateOpen, waitFor, waitForCampaignEnd, withDeadline } from '../support/fault-watch';
import { consolidateAndApprove, note, runScripts, type Driver } from '../support/fault-driver';
import { expectSameMail, mailRecord } from '../support/fault-mail';
import { launchOnRealPath, SECONDS_PER_DAY, type LaunchedRun } from '../support/fault-run';

/**
 * A campaign day here is half as long again as in the other fault suites: a killed worker's
 * replacement starts, loads its bundle and takes over the dead worker's sticky tasks before a timer
 * due during the kill can fire, and that real time must stay well under a campaign day.
 */
const SECONDS_PER_CAMPAIGN_DAY = SECONDS_PER_DAY * 1.5;
import {
  killAllServerProcesses,
  startServerProcess,
  type ServerProcess,
  type ServerProcessOptions,
} from '../support/fault-server';
import { accessAttempts, expectSameRun, normalizer, snapshotRun } from '../support/fault-snapshot';
import { expectOnTime, LATE_DAYS, silentTimerFirings } from '../support/fault-timers';
import {
  killAllWorkerProcesses,
  startWorkerProcess,
  type WorkerProcess,
  type WorkerProcessOptions,
} from '../support/fault-worker';
import { freeRestartablePort } from '../support/free-port';
import { uniqueId } from '../support/harness';
import { testSigning } from '../support/signing-client';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { createTestDatabase } from '../support/test-database';
import { ENV_TEMPORAL_ADDRESS, required, testDatabases, type TestDatabaseKind } from '../support/test-env';

// The real path under SIGKILL: a scripted campaign goes through the dondoc server (HTTP, personal API
// tokens, the server's signed proofs, which the worker verifies) while the worker process is killed
// twenty times and the dondoc server process five of those times with it; each time new processes
// take over. Seventeen kills aim at the script's Updates (each waits for an Update sent and not yet
// answered, or an e-mail on the wire); three aim at timers: the campaign runs on a rehearsal's
// compressed clock, and the worker is down when each of the silent agency's reminders and its overdue
// escalation falls due. The run must leave exactly what an undisturbed run of the same script leaves:
// every table (the server's audit of who did what included) and every exported file
// (test/support/fault-snapshot.ts), every HTTP answer, every e-mail, message by message
// (test/support/fault-mail.ts); and every timer must have fired once, on time on the campaign clock
// (test/support/fault-timers.ts). An e-mail may be delivered again under the same Message-ID (a kill
// after the SMTP server accepted it and before the outbox recorded it: at-least-once, de-duplicated
// by the receiver), and a request may be audited again when it was retried: both are counted.
//
// SQLite by default: what is under test is Temporal's durable execution (Updates deduplicated by
// ID, local activities re-run on replay) together with our idempotency keys, not the database.
// (A database going away is database-outage.test.ts; PostgreSQL here: DONDOC_FAULTS_FULL=1.)

const UPDATE_KILLS = 17;
/** Every SERVER_EVERY-th Update-aimed kill takes the dondoc server down too. */
const SERVER_EVERY = 4;
const KILLS = UPDATE_KILLS + SILENT_TIMERS.length;
const SEED = 751;
const WAIT_MS = 180_000;
const DAY_MS = 86_400_000;
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
/** A timer-aimed kill lands this much campaign time before the timer is due… */
const TIMER_KILL_LEAD_DAYS = 0.05;
/** …and the worker stays down until this much after. */
const TIMER_KILL_LAG_DAYS = 0.05;

interface Kill {
  afterMs: number;
  /** What the kill aimed at: an Update in flight, or a timer falling due. */
  aim: string;
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

/** A promise chain: one fault at a time (the Update-aimed kills and the timer-aimed kills share the processes). */
function serial() {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = last.then(work, work);
    last = next.catch(() => undefined);
    return next;
  };
}

/**
 * Keeps one worker process and one dondoc server process alive; in chaos mode, kills them. A
 * process that exits on its own (a crash: the real finding) is recorded with its stderr.
 */
function supervisor(options: WorkerProcessOptions & Omit<ServerProcessOptions, 'taskQueue' | 'databaseUrl'>) {
  let worker: WorkerProcess | undefined;
  let server: ServerProcess | undefined;
  let stopped = false;
  const crashes: string[] = [];
  const one = serial();
  const startWorker = async () => {
    const started = await startWorkerProcess(options);
    void started.exited.then(() => {
      if (!started.killed) crashes.push(`worker ${started.pid} exited on its own:\n${started.stderr()}`);
    });
    worker = started;
    if (stopped) await started.kill();
  };
  const startServer = async () => {
    const started = await startServerProcess(options);
    server = started;
    if (stopped) await started.kill();
  };
  return {
    crashes,
    baseUrl: `http://127.0.0.1:${options.port}`,
    start: () => Promise.all([startWorker(), startServer()]),
    /** SIGKILL the worker (and the server with it, if asked), wait `down`, start them again. */
    kill(what: { server: boolean }, down: () => Promise<void> = async () => undefined) {
      return one(async () => {
        if (stopped) return;
        await Promise.all([worker?.kill(), what.server ? server?.kill() : undefined]);
        await down();
        if (stopped) return;
        await Promise.all([startWorker(), what.server ? startServer() : undefined]);
      });
    },
    async stop() {
      stopped = true;
      await Promise.all([worker?.kill(), server?.kill()]);
    },
  };
}
type Supervisor = ReturnType<typeof supervisor>;

/**
 * The Update-aimed kills. Each round: the new worker first answers an Update (the one the last kill
 * hit, retried, or a fresh one). Not sooner: a worker killed again and again before it has finished
 * its first tasks makes Temporal back off those workflow tasks exponentially
 * (history.workflowTaskRetryMaxInterval, up to 10 min), and the script would not move on. Then the
 * round lets the next Updates of the script go, waits until one is sent, and kills a seeded-random
 * moment (< AIM_MS) later, recording what was in flight: the worker, and every SERVER_EVERY-th
 * round the dondoc server with it (the request in flight is lost; the script retries it with the
 * same Idempotency-Key). The script's Updates are handed out evenly over the rounds, one at least
 * per round, and the rest only after the last kill: so every kill comes before the script's end.
 */
async function updateKills(
  processes: Supervisor,
  random: () => number,
  driver: Driver,
  sink: SmtpSink,
  permits: Permits,
  started: number,
): Promise<Kill[]> {
  const record: Kill[] = [];
  try {
    for (let i = 0; i < UPDATE_KILLS; i++) {
      const roundsAfter = UPDATE_KILLS - 1 - i;
      const spare = () => permits.total - permits.released - roundsAfter; // keep one per round to come
      const answered = driver.answered;
      const fresh = driver.inFlight === 0 && spare() >= 2;
      if (fresh) permits.release(1);
      if (fresh || driver.inFlight > 0)
        await waitFor(async () => driver.answered > answered, 'an Update answered', PROGRESS_MS, 10);
      const due = Math.floor(((i + 1) * permits.total) / UPDATE_KILLS) - permits.released;
      permits.release(Math.max(0, Math.min(Math.max(1, due), spare())));
      const until = Date.now() + IN_FLIGHT_WAIT_MS;
      while (driver.inFlight === 0 && Date.now() < until) await sleep(2);
      await sleep(Math.floor(random() * AIM_MS));
      const server = i % SERVER_EVERY === SERVER_EVERY - 1;
      const kill: Kill = {
        afterMs: Date.now() - started,
        aim: server ? 'update, server too' : 'update',
        updatesInFlight: driver.inFlight,
        smtpSessions: sink.openSessions,
      };
      await processes.kill({ server });
      record.push(kill);
      note(
        driver,
        `kill ${i + 1} (${kill.aim}; ${kill.updatesInFlight} updates in flight, ${kill.smtpSessions} SMTP sessions)`,
      );
    }
  } finally {
    permits.openAll();
  }
  return record;
}

/**
 * The timer-aimed kills: shortly before each of the silent agency's timers is due on the campaign
 * clock, the worker is killed (and the server with the last one), stays down until the timer is
 * past due, and comes back: the timer fires on a worker that was not there when it fell due.
 */
async function timerKills(processes: Supervisor, run: LaunchedRun, started: number): Promise<Kill[]> {
  const record: Kill[] = [];
  for (const [i, timer] of SILENT_TIMERS.entries()) {
    const due = Date.parse(timer.at);
    await run.until(new Date(due - TIMER_KILL_LEAD_DAYS * DAY_MS).toISOString());
    const server = i === SILENT_TIMERS.length - 1;
    const kill: Kill = {
      afterMs: Date.now() - started,
      aim: `${timer.what}${server ? ', server too' : ''}`,
      updatesInFlight: run.driver.inFlight,
      smtpSessions: 0,
    };
    await processes.kill({ server }, () => run.until(new Date(due + TIMER_KILL_LAG_DAYS * DAY_MS).toISOString()));
    record.push(kill);
    note(run.driver, `timer kill (${kill.aim})`);
  }
  return record;
}

async function runCampaign(kind: TestDatabaseKind, chaos: boolean, seed = SEED) {
  const started = Date.now();
  const database = await createTestDatabase(kind);
  const sink = await startSmtpSink();
  const connection = await Connection.connect({ address: required(ENV_TEMPORAL_ADDRESS) });
  const client = new Client({ connection }); // reads and clean-up only: every Update goes through the server
  const signing = testSigning(); // the server signs with this key; the worker trusts it, nothing else
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-fault-exports-'));
  const taskQueue = uniqueId('fault-kill');
  const processes = supervisor({
    taskQueue,
    databaseUrl: database.url,
    exportDir,
    smtpUrl: sink.url,
    trustedKeysDir: signing.keysDir,
    signingKeysDir: signing.keysDir,
    port: await freeRestartablePort(),
    secondsPerDay: SECONDS_PER_CAMPAIGN_DAY,
  });
  let run: LaunchedRun | undefined;
  try {
    await processes.start();
    run = await launchOnRealPath({ db: database.db, client, baseUrl: processes.baseUrl });
    const { driver, agencies } = run;
    const think = prng(seed + 1);
    const updates = agencies.reduce((sum, a) => sum + a.steps.length, 0);
    const permits = new Permits(updates, !chaos);
    const killers = chaos
      ? Promise.all([
          updateKills(processes, prng(seed), driver, sink, permits, started),
          timerKills(processes, run, started),
        ]).then(([a, b]) => [...a, ...b])
      : Promise.resolve([] as Kill[]);
    const work = (async () => {
      const pause = () => 50 + Math.floor(think() * 400);
      const receipts = await runScripts(driver, agencies, { pause, before: permits.take });
      const updatesDoneMs = Date.now() - started;
      await run.until(CONSOLIDATE_AT); // every timer has fired by then, in either run
      await killers; // and every kill is over
      const campaign = await consolidateAndApprove(driver);
      return { receipts, campaign, updatesDoneMs };
    })();
    const where = () =>
      `${kind}, ${driver.inFlight} updates in flight:\n${driver.trace.join('\n')}\n${processes.crashes.join('\n')}`;
    const [kills, done] = await withDeadline(Promise.all([killers, work]), RUN_MS, where);
    note(driver, 'script done, waiting for the workflows to finish');
    const taskFailures = await waitForCampaignEnd(client, run.definition.id, agencies, WAIT_MS);
    // A worker killed mid-send leaves its row claimed; the claim expires and a running worker's relay
    // delivers it, so the outbox drains a while after the workflows end.
    await waitFor(
      async () => (await database.db.notification.count({ where: { status: 'pending' } })) === 0,
      'every notification delivered',
      WAIT_MS,
    );
    const context = { campaignId: run.definition.id, exportDir, fixedInstants: fixedInstants(run.definition) };
    return {
      ...done,
      answers: normalizer(context).value(run.answers),
      kills,
      crashes: processes.crashes,
      taskFailures,
      timers: await silentTimerFirings(database.db, run.definition.id),
      snapshot: await snapshotRun(database.db, kind, exportDir, context),
      mail: await mailRecord(database.db, sink, context),
      agencies,
      retries: driver.log.retries,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await processes.stop();
    if (run) await terminateOpen(client, run.definition.id, run.agencies);
    await connection.close();
    await sink.stop();
    await database.drop();
    signing.dispose();
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
    await killAllServerProcesses();
  });

  test(`${KILLS} SIGKILLs leave the same database, files and e-mail as an undisturbed run (${KINDS.join(', ')})`, async () => {
    const calm = await settled(KINDS.map((kind) => runCampaign(kind, false)));
    const chaos = await settled(KINDS.map((kind, i) => runCampaign(kind, true, SEED + 100 * i)));
    KINDS.forEach((kind, i) => {
      const [c, x] = [calm[i]!, chaos[i]!];
      console.log(
        `worker-kill (${kind}): undisturbed run ${c.seconds} s; with ${x.kills.length} kills ${x.seconds} s ` +
          `(Updates done at ${(x.updatesDoneMs / 1000).toFixed(1)} s; ${x.kills.filter(inFlight).length} kills with work in flight; ` +
          `kills at s/aim/updates/SMTP sessions in flight: ${x.kills.map((k) => `${(k.afterMs / 1000).toFixed(1)}/${k.aim}/${k.updatesInFlight}/${k.smtpSessions}`).join(' ')}; ` +
          `timers: ${JSON.stringify(x.timers)} (undisturbed: ${JSON.stringify(c.timers)}); ` +
          `requests audited again after a retry: ${accessAttempts(x.snapshot).retried}; ` +
          `e-mail: ${x.mail.raw} deliveries, ${x.mail.distinct} distinct (undisturbed: ${c.mail.raw}, ${c.mail.distinct}); ` +
          `${x.retries.length} update retries${x.retries.length ? `: ${[...new Set(x.retries.map((r) => r.error))].join(' | ')}` : ''})`,
      );
    });

    for (const [i, kind] of KINDS.entries()) {
      const [c, x] = [calm[i]!, chaos[i]!];
      expect({ kind, kills: x.kills.length }).toEqual({ kind, kills: KILLS });
      // At least half the Update-aimed kills hit an Update or a delivery under way, none after the last Update.
      const aimedAtUpdates = x.kills.filter((k) => k.aim.startsWith('update'));
      expect({ kind, inFlight: aimedAtUpdates.filter(inFlight).length >= UPDATE_KILLS / 2 }).toEqual({
        kind,
        inFlight: true,
      });
      expect({ kind, late: aimedAtUpdates.filter((k) => k.afterMs >= x.updatesDoneMs) }).toEqual({ kind, late: [] });
      expect({ kind, crashes: [...c.crashes, ...x.crashes] }).toEqual({ kind, crashes: [] }); // no process died on its own
      expect({ kind, failures: c.taskFailures }).toEqual({ kind, failures: {} });
      expect({ kind, failures: x.taskFailures }).toEqual({ kind, failures: {} }); // no non-determinism, no exception in workflow code
      const extend = { audit: { [SILENT]: ['extend'] } };
      expectScriptOutcome(c.snapshot, c.agencies, extend);
      expectScriptOutcome(x.snapshot, x.agencies, extend);
      // Every timer fired once, on time on the campaign clock, in both runs, though the worker was
      // down when it fell due…
      expectOnTime(c.timers, LATE_DAYS);
      expectOnTime(x.timers, LATE_DAYS);
      // …every HTTP answer the administrator, the reviewer, the approver and the agencies got is the same…
      expect(x.answers).toEqual(c.answers);
      expect(x.receipts).toEqual(c.receipts);
      expect(x.campaign).toEqual(c.campaign);
      // …so is every row of every table and every exported file…
      expectSameRun(x.snapshot, c.snapshot);
      // …and every recipient's mailbox, message by message.
      expectSameMail(x.mail, c.mail);
    }
  }, 1_800_000);
});

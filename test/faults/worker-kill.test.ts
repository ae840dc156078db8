import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { launchCampaign } from '../../server/launch-campaign';
import {
  consolidateAndApprove,
  expectScriptOutcome,
  newDriver,
  note,
  prng,
  runScripts,
  scriptedAgencies,
  scriptedCampaign,
  snapshotCampaign,
  terminateOpen,
  waitForCampaignEnd,
  withDeadline,
  type Driver,
} from '../support/fault-campaign';
import { killAllWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../support/fault-worker';
import { uniqueId } from '../support/harness';
import { createTestDatabase } from '../support/test-database';
import { ENV_TEMPORAL_ADDRESS, required, testDatabases, type TestDatabaseKind } from '../support/test-env';

// The worker dies (SIGKILL, no goodbye) twenty times at seeded-random moments while a scripted
// campaign runs; each time a new worker process takes over. The database must end exactly as in
// an undisturbed run of the same script: same stages, versions, lists, decisions, escalations,
// notifications and audit trail, nothing missing and nothing twice.
//
// SQLite is enough: what is under test is Temporal's durable execution (Updates deduplicated by
// ID, local activities re-run on replay) together with our idempotency keys, not the database.
// (A database going away is database-outage.test.ts; PostgreSQL here: DONDOC_FAULTS_FULL=1.)

const KILLS = 20;
const SEED = 751;
const WAIT_MS = 150_000;
/** The script under faults; past this, the run fails and says where it stood. */
const RUN_MS = 300_000;

interface Kill {
  afterMs: number;
  /** Updates of the script waiting for an answer when the worker died. */
  updatesInFlight: number;
}

/**
 * Keeps one worker process alive; in chaos mode, kills it `kills` times at random moments. A
 * worker that exits on its own (a crash: the real finding) is recorded with its stderr.
 */
function workerSupervisor(options: { taskQueue: string; databaseUrl: string; exportDir: string }) {
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
     * Kills a random 1–3.5 s after each start, then starts the next worker. Not sooner: a worker
     * killed again and again before it has finished its first tasks makes Temporal back off
     * those workflow tasks exponentially (history.workflowTaskRetryMaxInterval, up to 10 min),
     * which would only test our patience.
     */
    killLoop(kills: number, random: () => number, driver: Driver, started: number): Promise<Kill[]> {
      const run = async () => {
        const record: Kill[] = [];
        for (let i = 0; i < kills && !stopped; i++) {
          await sleep(1_000 + Math.floor(random() * 2_500));
          if (stopped) break;
          record.push({ afterMs: Date.now() - started, updatesInFlight: driver.inFlight });
          note(driver, `kill ${i + 1} (${driver.inFlight} updates in flight)`);
          await current!.kill();
          if (stopped) break;
          await start();
          note(driver, `worker ${i + 2} ready`);
        }
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
  const connection = await Connection.connect({ address: required(ENV_TEMPORAL_ADDRESS) });
  const client = new Client({ connection });
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-fault-exports-'));
  const taskQueue = uniqueId('fault-kill');
  const agencies = scriptedAgencies();
  const definition = scriptedCampaign(agencies, deadlines);
  const supervisor = workerSupervisor({ taskQueue, databaseUrl: database.url, exportDir });
  try {
    await supervisor.start();
    await launchCampaign({ client, db: database.db, taskQueue, definition });
    const driver = newDriver(client, definition.id);
    const think = prng(seed + 1);
    const killer = chaos ? supervisor.killLoop(KILLS, prng(seed), driver, Date.now()) : Promise.resolve([]);
    // A killer failure (a worker that cannot start) must fail the test now, not after the waits.
    const work = (async () => {
      // Under faults the agencies think longer between their steps, so that the script spans the
      // whole kill schedule instead of finishing under the first few kills.
      const pause = chaos ? () => 1_000 + Math.floor(think() * 4_000) : () => 50 + Math.floor(think() * 400);
      const receipts = await runScripts(driver, agencies, { pause });
      const campaign = await consolidateAndApprove(driver, database.db, agencies);
      return { receipts, campaign, scriptDoneMs: Date.now() - started };
    })();
    const where = () =>
      `${kind}, ${driver.inFlight} updates in flight:\n${driver.trace.join('\n')}\n${supervisor.crashes.join('\n')}`;
    const [kills, done] = await withDeadline(Promise.all([killer, work]), RUN_MS, where);
    note(driver, 'script done, waiting for the workflows to finish');
    const taskFailures = await waitForCampaignEnd(client, definition.id, agencies, WAIT_MS);
    const snapshot = await snapshotCampaign(database.db, definition.id);
    return {
      ...done,
      kills,
      crashes: supervisor.crashes,
      taskFailures,
      snapshot,
      agencies,
      retries: driver.log.retries,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await supervisor.stop();
    await terminateOpen(client, definition.id, agencies);
    await connection.close();
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

  test(`${KILLS} SIGKILLs leave the same database as an undisturbed run (${KINDS.join(', ')})`, async () => {
    // Same deadlines in every run, far away: no timer fires, the notifications say the same.
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const deadlines = { submission: inDays(20), approval: inDays(30) };

    const calm = await settled(KINDS.map((kind) => runCampaign(kind, deadlines, false)));
    const chaos = await settled(KINDS.map((kind, i) => runCampaign(kind, deadlines, true, SEED + 100 * i)));
    KINDS.forEach((kind, i) => {
      const [c, x] = [calm[i]!, chaos[i]!];
      console.log(
        `worker-kill (${kind}): undisturbed run ${c.seconds} s; with ${x.kills.length} kills ${x.seconds} s ` +
          `(script done at ${Math.round(x.scriptDoneMs / 1000)} s; kills at s/updates in flight: ${x.kills.map((k) => `${(k.afterMs / 1000).toFixed(1)}/${k.updatesInFlight}`).join(' ')}; ` +
          `${x.retries.length} update retries${x.retries.length ? `: ${[...new Set(x.retries.map((r) => r.error))].join(' | ')}` : ''})`,
      );
    });

    for (const [i, kind] of KINDS.entries()) {
      const [c, x] = [calm[i]!, chaos[i]!];
      expect({ kind, kills: x.kills.length }).toEqual({ kind, kills: KILLS });
      expect({ kind, crashes: [...c.crashes, ...x.crashes] }).toEqual({ kind, crashes: [] }); // no worker died on its own
      expect({ kind, failures: c.taskFailures }).toEqual({ kind, failures: {} });
      expect({ kind, failures: x.taskFailures }).toEqual({ kind, failures: {} }); // no non-determinism, no exception in workflow code
      expectScriptOutcome(c.snapshot, c.agencies);
      expectScriptOutcome(x.snapshot, x.agencies);
      // Every answer the reviewer and the agencies got is the same…
      expect(x.receipts).toEqual(c.receipts);
      expect(x.campaign).toEqual(c.campaign);
      // …and so is every fact recorded, down to the notification keys and the audit trail.
      expect(x.snapshot.counts).toEqual(c.snapshot.counts);
      expect(x.snapshot).toEqual(c.snapshot);
    }
  }, 600_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { CONSOLIDATE_AT } from './fault-campaign';
import { fixedInstants, prng, terminateOpen, waitFor, waitForCampaignEnd, withDeadline } from './fault-watch';
import { consolidateAndApprove, note, runScripts } from './fault-driver';
import { mailRecord } from './fault-mail';
import { launchOnRealPath, SECONDS_PER_DAY, type LaunchedRun } from './fault-run';
import { normalizer, snapshotRun } from './fault-snapshot';
import { silentTimerFirings } from './fault-timers';
import { freeRestartablePort } from './free-port';
import { uniqueId } from './harness';
import { testSigning } from './signing-client';
import { startSmtpSink } from './smtp-sink';
import { createTestDatabase } from './test-database';
import { ENV_TEMPORAL_ADDRESS, required, type TestDatabaseKind } from './test-env';
import { Permits, SEED, TimerWindow, timerKills, updateKills, type Kill } from './fault-kills';
import { supervisor } from './fault-supervisor';

// One run of the scripted campaign on the real path (dondoc server and worker processes), undisturbed
// or with the worker (and at times the server) killed, and everything it left for comparison.

/**
 * A campaign day here is half as long again as in the other fault suites: a killed worker's
 * replacement starts, loads its bundle and takes over the dead worker's sticky tasks before a timer
 * due during the kill can fire, and that real time must stay well under a campaign day.
 */
const SECONDS_PER_CAMPAIGN_DAY = SECONDS_PER_DAY * 1.5;
const WAIT_MS = 180_000;
/** The script under faults; past this, the run fails and says where it stood. */
const RUN_MS = 1_200_000;

export async function runCampaign(kind: TestDatabaseKind, chaos: boolean, seed = SEED) {
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
    const timerWindow = new TimerWindow();
    const fired = async (timer: number) =>
      (await silentTimerFirings(database.db, run!.definition.id))[timer]!.fired.length > 0;
    const killers = chaos
      ? Promise.all([
          updateKills(processes, prng(seed), driver, sink, permits, started, timerWindow),
          timerKills(processes, run, started, timerWindow, fired),
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
export async function settled<T>(runs: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(runs);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

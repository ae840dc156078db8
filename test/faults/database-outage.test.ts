import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { CONSOLIDATE_AT, SILENT, SILENT_TIMERS } from '../support/fault-campaign';
import { expectScriptOutcome } from '../support/fault-outcome';
import { fixedInstants, terminateOpen, waitFor, waitForCampaignEnd } from '../support/fault-watch';
import { consolidateAndApprove, runScripts } from '../support/fault-driver';
import { launchOnRealPath, SECONDS_PER_DAY, type LaunchedRun } from '../support/fault-run';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/fault-server';
import { accessAttempts, snapshotRun } from '../support/fault-snapshot';
import { startTcpProxy, type TcpProxy } from '../support/fault-tcp-proxy';
import { expectOnTime, LATE_DAYS, silentTimerFirings } from '../support/fault-timers';
import { killAllWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../support/fault-worker';
import { freeRestartablePort } from '../support/free-port';
import { testSigning } from '../support/signing-client';
import { uniqueId } from '../support/harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ENV_TEMPORAL_ADDRESS, required, testDatabases } from '../support/test-env';

// PostgreSQL goes away for ~5 s while Updates sent through the dondoc server are being persisted and
// one of the silent agency's reminders falls due: the worker and the dondoc server both reach the
// database through a TCP proxy that drops every connection on command. The cut comes the moment the
// server has signed an Update and sent it on, past the server's own reads: its workflow writes the
// record during the outage (the worker's writes, not only the server's, must wait it out). The
// campaign is a rehearsal on the compressed clock, driven over HTTP with personal tokens and signed
// proofs. Requests the server could not answer are retried with the same Idempotency-Key, local
// activities retry until the database is back, the Updates then complete, no workflow fails, every
// timer fires once and on time on the campaign clock, every request the server audited as failed
// was answered afterwards, and the database ends as scripted, without duplicates. (The SMTP outage
// is notifications.test.ts.)
// PostgreSQL only: a network outage between worker and database has no SQLite counterpart.

const OUTAGE_MS = 5_000;
const WAIT_MS = 180_000;
const DAY_MS = 86_400_000;
/** The timer that falls due during the outage: the reminder 1 working day before. */
const CUT_TIMER = SILENT_TIMERS[1];
/** The rest of the script goes out this much campaign time before that timer is due. */
const LEAD_DAYS = 0.05;

const describePostgres = testDatabases().includes('postgresql') ? describe : describe.skip;

describePostgres('PostgreSQL outage mid-campaign', () => {
  afterAll(async () => {
    await killAllWorkerProcesses();
    await killAllServerProcesses();
  });

  test('Updates through the server and a reminder wait out a 5 s outage; nothing fails, nothing is written twice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-fault-db-'));
    const taskQueue = uniqueId('fault-db');
    let database: TestDatabase | undefined;
    let proxy: TcpProxy | undefined;
    let worker: WorkerProcess | undefined;
    let server: ServerProcess | undefined;
    let run: LaunchedRun | undefined;
    const connection = await Connection.connect({ address: required(ENV_TEMPORAL_ADDRESS) });
    const client = new Client({ connection });
    const signing = testSigning();

    try {
      database = await createTestDatabase('postgresql');
      const direct = new URL(database.url);
      proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      // The worker and the server go through the proxy; the test reads directly.
      const viaProxy = new URL(database.url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      [worker, server] = await Promise.all([
        startWorkerProcess({
          taskQueue,
          databaseUrl: viaProxy.toString(),
          exportDir: dir,
          trustedKeysDir: signing.keysDir,
        }),
        startServerProcess({
          port: await freeRestartablePort(),
          databaseUrl: viaProxy.toString(),
          taskQueue,
          signingKeysDir: signing.keysDir,
          secondsPerDay: SECONDS_PER_DAY,
        }),
      ]);
      run = await launchOnRealPath({ db: database.db, client, baseUrl: server.baseUrl });
      const { driver, agencies, definition } = run;
      await runScripts(driver, agencies, { to: () => 1 });
      expect(proxy.accepted).toBeGreaterThan(0);

      // The rest of the script runs while the database is cut, and the reminder falls due then:
      // each agency's next Update is in flight when the connections drop, and waits for the restore.
      const due = Date.parse(CUT_TIMER.at);
      await run.until(new Date(due - LEAD_DAYS * DAY_MS).toISOString());
      const [signedBefore, recordedBefore] = [
        await database.db.updateSigning.count(),
        await database.db.auditEvent.count(),
      ];
      const rest = runScripts(driver, agencies, { from: () => 1 });
      await waitFor(
        async () => (await database!.db.updateSigning.count()) > signedBefore,
        'an Update signed and sent',
        10_000,
        5,
      );
      proxy.cut();
      const inFlightAtCut = driver.inFlight;
      const cutAt = Date.now();
      // Updates the server had sent on and whose record was not written yet: written during the outage.
      const sentUnrecordedAtCut =
        (await database.db.updateSigning.count()) -
        signedBefore -
        ((await database.db.auditEvent.count()) - recordedBefore);
      await sleep(OUTAGE_MS);
      // Nothing of the cut period reached the database, and the waiting Updates are still waiting.
      const remindedDuringOutage = await database.db.notification.count({
        where: { campaignId: definition.id, kind: 'reminder', createdAt: { gte: new Date(cutAt) } },
      });
      const waitingAtRestore = driver.inFlight;
      const dueDuringOutage = run.clock.now() > due;
      proxy.restore();
      await rest;
      const recoveredAfterMs = Date.now() - cutAt;
      await run.until(CONSOLIDATE_AT);
      await consolidateAndApprove(driver);
      const taskFailures = await waitForCampaignEnd(client, definition.id, agencies, WAIT_MS);
      console.log(
        `database-outage: ${inFlightAtCut} Updates in flight at the cut (${sentUnrecordedAtCut} sent on and not recorded), ${waitingAtRestore} still waiting at the restore; ` +
          `script done ${(recoveredAfterMs / 1000).toFixed(1)} s after the cut; ${driver.log.retries.length} request retries`,
      );

      expect(inFlightAtCut).toBeGreaterThan(0);
      expect(sentUnrecordedAtCut).toBeGreaterThan(0);
      expect(waitingAtRestore).toBeGreaterThan(0);
      expect(dueDuringOutage).toBe(true);
      expect(remindedDuringOutage).toBe(0);
      expect({ worker: worker.alive(), server: server.alive() }).toEqual({ worker: true, server: true }); // both rode it out
      expect(taskFailures).toEqual({});
      // Completed, or (the agencies nobody reviewed or that never submitted) still running: none failed.
      const statusOf = async (id: string) => (await client.workflow.getHandle(id).describe()).status.name;
      expect(await statusOf(campaignWorkflowId(definition.id))).toBe('COMPLETED');
      for (const a of agencies) {
        const expected = a.final === 'approved' || a.final === 'withdrawn' ? 'COMPLETED' : 'RUNNING';
        expect({ code: a.entry.code, status: await statusOf(agencyWorkflowId(definition.id, a.entry.code)) }).toEqual({
          code: a.entry.code,
          status: expected,
        });
      }
      const snapshot = await snapshotRun(database.db, 'postgresql', dir, {
        campaignId: definition.id,
        exportDir: dir,
        fixedInstants: fixedInstants(definition),
      });
      expectScriptOutcome(snapshot, agencies, { audit: { [SILENT]: ['extend'] } });
      // Every request the server audited as failed during the outage was answered once it was back.
      expect(accessAttempts(snapshot).unanswered).toEqual([]);
      expectOnTime(await silentTimerFirings(database.db, definition.id), LATE_DAYS);
    } finally {
      await worker?.kill();
      await server?.kill();
      if (run) await terminateOpen(client, run.definition.id, run.agencies);
      await connection.close();
      await proxy?.close();
      await database?.drop();
      signing.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});

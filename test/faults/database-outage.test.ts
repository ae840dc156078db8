import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { launchCampaign } from '../../server/launch-campaign';
import { agencyWorkflowId } from '../../domain/agency-input';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { extendDeadlineUpdate } from '../../workflows/agency/messages';
import {
  consolidateAndApprove,
  expectScriptOutcome,
  newDriver,
  runScripts,
  scriptedAgencies,
  scriptedCampaign,
  fixedInstants,
  terminateOpen,
  waitFor,
  waitForCampaignEnd,
} from '../support/fault-campaign';
import { snapshotRun } from '../support/fault-snapshot';
import { startTcpProxy, type TcpProxy } from '../support/fault-tcp-proxy';
import { killAllWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../support/fault-worker';
import { testSigning } from '../support/signing-client';
import { uniqueId } from '../support/harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ENV_TEMPORAL_ADDRESS, required, testDatabases } from '../support/test-env';

// PostgreSQL goes away for ~5 s while Updates are being persisted and a deadline timer fires: the
// worker reaches the database through a TCP proxy that drops every connection on command. Local
// activities retry until it is back, the Updates then complete, no workflow fails, and the
// database ends as scripted, without duplicates. (The SMTP outage is notifications.test.ts.)
// PostgreSQL only: a network outage between worker and database has no SQLite counterpart.

const OUTAGE_MS = 5_000;
const STRAGGLER = 'ubnd-huyen-ly-son';
const WAIT_MS = 180_000;

const describePostgres = testDatabases().includes('postgresql') ? describe : describe.skip;

describePostgres('PostgreSQL outage mid-campaign', () => {
  afterAll(async () => {
    await killAllWorkerProcesses();
  });

  test('Updates and a deadline timer wait out a 5 s outage; nothing fails, nothing is written twice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-fault-db-'));
    const taskQueue = uniqueId('fault-db');
    const agencies = scriptedAgencies();
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const deadlines = { submission: inDays(20), approval: inDays(30) };
    const definition = scriptedCampaign(agencies, deadlines);
    let database: TestDatabase | undefined;
    let proxy: TcpProxy | undefined;
    let worker: WorkerProcess | undefined;
    const connection = await Connection.connect({ address: required(ENV_TEMPORAL_ADDRESS) });
    const signing = testSigning();
    const client = new Client({ connection, interceptors: signing.interceptors });

    try {
      database = await createTestDatabase('postgresql');
      const direct = new URL(database.url);
      proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      // The worker goes through the proxy; the test reads and launches directly.
      const viaProxy = new URL(database.url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      worker = await startWorkerProcess({
        taskQueue,
        databaseUrl: viaProxy.toString(),
        exportDir: dir,
        trustedKeysDir: signing.keysDir,
      });
      await launchCampaign({ client, db: database.db, taskQueue, definition });
      const driver = newDriver(client, definition.id);
      await runScripts(driver, agencies, { to: () => 1 });
      expect(proxy.accepted).toBeGreaterThan(0);

      // A deadline timer that fires during the outage: its escalation must wait for the database.
      const reviewDeadline = new Date(Date.now() + 1_500).toISOString();
      await client.workflow.getHandle(agencyWorkflowId(definition.id, STRAGGLER)).executeUpdate(extendDeadlineUpdate, {
        args: [{ kind: 'review', deadline: reviewDeadline, reason: 'Rút ngắn để kiểm thử' }],
      });

      // The rest of the script runs while the database is cut: each agency's next Update
      // is in flight when the connections drop, and waits for the restore.
      const rest = runScripts(driver, agencies, { from: () => 1 });
      await waitFor(async () => driver.inFlight > 0, 'Updates in flight', 10_000, 10);
      await sleep(100);
      proxy.cut();
      const inFlightAtCut = driver.inFlight;
      const cutAt = Date.now();
      await sleep(OUTAGE_MS);
      // Nothing of the cut period reached the database, and the waiting Updates are still waiting.
      const escalatedDuringOutage = await database.db.escalation.count({
        where: { campaignId: definition.id, kind: 'review_overdue' },
      });
      const waitingAtRestore = driver.inFlight;
      proxy.restore();
      await rest;
      const recoveredAfterMs = Date.now() - cutAt;
      await consolidateAndApprove(driver);
      const taskFailures = await waitForCampaignEnd(client, definition.id, agencies, WAIT_MS);
      console.log(
        `database-outage: ${inFlightAtCut} Updates in flight at the cut, ${waitingAtRestore} still waiting at the restore; ` +
          `script done ${(recoveredAfterMs / 1000).toFixed(1)} s after the cut; ${driver.log.retries.length} update retries`,
      );

      expect(inFlightAtCut).toBeGreaterThan(0);
      expect(waitingAtRestore).toBeGreaterThan(0);
      expect(escalatedDuringOutage).toBe(0);
      expect(worker.alive()).toBe(true); // the worker rode it out; it did not crash
      expect(taskFailures).toEqual({});
      // Completed, or (the agency never reviewed) still running: none failed or timed out.
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
        fixedInstants: fixedInstants(deadlines),
      });
      expectScriptOutcome(snapshot, agencies, {
        escalations: { [STRAGGLER]: ['review_overdue'] },
        audit: { [STRAGGLER]: ['extend'] },
      });
      const overdue = await database.db.escalation.findMany({
        where: { campaignId: definition.id, kind: 'review_overdue' },
      });
      expect(overdue).toEqual([expect.objectContaining({ deadline: new Date(reviewDeadline), target: 'reviewer' })]);
    } finally {
      await worker?.kill();
      await terminateOpen(client, definition.id, agencies);
      await connection.close();
      await proxy?.close();
      await database?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

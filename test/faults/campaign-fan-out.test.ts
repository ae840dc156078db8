import fs from 'node:fs';
import { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, NativeConnection } from '@temporalio/worker';
import { createCampaignActivities } from '../../activities/campaign';
import type { RosterEntry } from '../../domain/campaign-definition';
import { launchCampaign } from '../../server/launch/launch-campaign';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { approveUpdate, consolidateUpdate } from '../../workflows/campaign/messages';
import { acceptListUpdate, agencyStateQuery, submitListUpdate } from '../../workflows/agency/messages';
import { REVIEWER } from '../support/fault-campaign';
import { waitFor } from '../support/fault-watch';
import { createDondocWorker } from '../../worker/create-worker';
import { createHarness, uniqueId, type Harness } from '../support/harness';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { ENV_TEMPORAL_ADDRESS, ENV_WORKFLOW_BUNDLE, required, testDatabases } from '../support/test-env';

// Two KNOWN BUGS in the campaign-wide fan-out (activities/campaign.ts signalAgencies, and the
// approval in workflows/campaign/workflow.ts), each reproduced deterministically. Both lose an
// Update under a fault: agencies whose lists are in the catalogue never reached "consolidated" or
// "approved", and their workflows never ended. Both are fixed (resume by key; approval also
// signals "accepted"); these tests keep them fixed.

async function campaignOfAccepted(harness: Harness, count: number) {
  const definition = sampleCampaign({
    agencies: Array.from({ length: count }, (_, i) => ({
      code: `xa-${String(i).padStart(3, '0')}`,
      name: `UBND xã số ${i}`,
      kind: 'commune' as const,
      stage: 'assigned' as const,
    })),
  });
  await launchCampaign({ client: harness.client, db: harness.database.db, taskQueue: harness.taskQueue, definition });
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < definition.agencies.length) {
        const { code } = definition.agencies[next++]!;
        const handle = harness.client.workflow.getHandle(agencyWorkflowId(definition.id, code));
        await handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
        await handle.executeUpdate(acceptListUpdate, { args: [{}] });
      }
    }),
  );
  return definition;
}

const stageCount = (harness: Harness, campaignId: string, stage: string) =>
  harness.database.db.assignment.count({ where: { campaignId, stage } });

// The first attempt fails on purpose: keep its log line out of the test output.
const quiet = { logger: new DefaultLogger('ERROR', () => undefined) };

describe.each(testDatabases())('campaign fan-out under faults on %s', (kind) => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness(kind);
    await harness.startWorker();
  });

  afterAll(async () => {
    await harness?.close();
  });

  // signalAgencies resumes a retried attempt at the heartbeat's *position* in a list it queries
  // again by stage; the agencies signalled by the first attempt have left that stage by then, so
  // the list has shrunk and the position skips agencies that were never signalled. A retry comes
  // from a worker crash or from any signal RPC failing mid-way (the activity then throws).
  test('a retried consolidation fan-out signals every agency not yet signalled', async () => {
    const definition = await campaignOfAccepted(harness, 40); // more than one batch of 32
    const event = { type: 'consolidated' as const, by: REVIEWER, at: new Date().toISOString() };
    const input = { campaignId: definition.id, stages: ['accepted'], event };
    // What consolidateCampaign records before it signals: agencies act on the campaign's record only.
    await harness.database.db.campaign.update({
      where: { id: definition.id },
      data: { status: 'consolidated', consolidatedAt: new Date(event.at) },
    });

    // Attempt 1: the 33rd signal fails (a frontend restarting, a rate limit…) after one batch.
    let sent = 0;
    const flaky = {
      workflow: {
        getHandle: (id: string) => ({
          signal: async (...args: Parameters<ReturnType<Client['workflow']['getHandle']>['signal']>) => {
            if (sent++ >= 32) throw new Error('14 UNAVAILABLE: Connection dropped');
            return harness.client.workflow.getHandle(id).signal(...args);
          },
        }),
      },
    } as unknown as Client;
    const first = new MockActivityEnvironment({ attempt: 1 }, quiet);
    let heartbeat: unknown;
    first.on('heartbeat', (details: unknown) => (heartbeat = details));
    await expect(
      first.run(
        createCampaignActivities(harness.database.db, { client: flaky, exportDir: harness.exportDir }).signalAgencies,
        input,
      ),
    ).rejects.toThrow('UNAVAILABLE');
    expect(heartbeat).toMatchObject({ done: 32 }); // resumes after the last agency signalled
    // Before Temporal retries (1 s later at least), the signalled agencies record the new stage.
    await waitFor(
      async () => (await stageCount(harness, definition.id, 'consolidated')) === 32,
      '32 agencies consolidated',
      30_000,
    );

    // Attempt 2, as Temporal runs it: with the last heartbeat's details.
    const retry = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: heartbeat }, quiet);
    await retry.run(
      createCampaignActivities(harness.database.db, { client: harness.client, exportDir: harness.exportDir })
        .signalAgencies,
      input,
    );

    // Every agency must be consolidated (before the fix, 8 stayed "accepted").
    await waitFor(
      async () => (await stageCount(harness, definition.id, 'consolidated')) === 40,
      'all 40 agencies consolidated',
      5_000,
    ).catch(() => undefined);
    expect(await stageCount(harness, definition.id, 'accepted')).toBe(0);
  }, 120_000);
});

// Approval signals the agencies the database shows "consolidated" at that instant. An agency that
// received the consolidation signal but has not recorded it yet (its worker lagging or restarting,
// its write waiting on a lock) is not signalled, stays "consolidated" forever although its list
// is in the approved catalogue, and its workflow never ends. A row lock held for a few seconds
// stands for the slow write (PostgreSQL: SQLite's single writer would block everyone).
const describePostgres = testDatabases().includes('postgresql') ? describe : describe.skip;

describePostgres('approval right after consolidation, one agency slow to record it (postgresql)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness('postgresql');
    await harness.startWorker();
  });

  afterAll(async () => {
    await harness?.close();
  });

  test('every agency of the approved catalogue is approved', async () => {
    const definition = await campaignOfAccepted(harness, 2);
    const [slow] = definition.agencies;
    const lock = new PgClient({ connectionString: harness.database.url });
    await lock.connect();
    try {
      // The consolidation writes each assignment's round itself, then answers before the agencies are
      // told: the lock is taken between the two, so the slow agency's record of it waits.
      const campaign = harness.client.workflow.getHandle(campaignWorkflowId(definition.id));
      const summary = await campaign.executeUpdate(consolidateUpdate, { args: [{}] });
      await lock.query('BEGIN');
      // Blocks the agency's UPDATE of its assignment row, not the inserts that reference it.
      await lock.query('SELECT 1 FROM "Assignment" WHERE id = $1 FOR NO KEY UPDATE', [
        `${definition.id}/${slow!.code}`,
      ]);
      expect(summary.agencies).toBe(2); // both lists are in the catalogue
      const approval = await campaign.executeUpdate(approveUpdate, {
        args: [{ decisionNumber: '512/QĐ-UBND', decisionDate: '2024-03-13', signer: 'Đặng Văn Minh' }],
      });
      await lock.query('COMMIT');
      await campaign.result();
      const slowHandle = harness.client.workflow.getHandle(agencyWorkflowId(definition.id, slow!.code));
      await waitFor(
        async () => (await slowHandle.query(agencyStateQuery)).stage === 'approved',
        'the slow agency approved',
        5_000,
      ).catch(() => undefined);
      // Before the fix: { approved: 1 }, and the slow agency stayed "consolidated", its workflow running.
      expect(approval).toEqual({ approved: 2 });
      expect((await slowHandle.query(agencyStateQuery)).stage).toBe('approved');
    } finally {
      await lock.query('ROLLBACK').catch(() => undefined);
      await lock.end();
    }
  }, 120_000);
});

// The same race on every database, with the lag made by Temporal rather than by a lock: the slow
// agency's workflow runs on a task queue of its own whose worker is away while the campaign
// consolidates and is approved straight after. The consolidation signal waits in its history, its
// row still says "accepted" when approval fans out, and it must be approved once its worker is back.
describe.each(testDatabases())("approval right after consolidation, one agency's worker away (%s)", (kind) => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness(kind);
    await harness.startWorker();
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function slowQueueWorker(taskQueue: string) {
    const connection = await NativeConnection.connect({ address: required(ENV_TEMPORAL_ADDRESS) });
    const worker = await createDondocWorker({
      connection,
      namespace: 'default',
      taskQueue,
      db: harness.database.db,
      client: harness.client,
      exportDir: harness.exportDir,
      notifications: { from: 'dondoc <dondoc@quangngai.gov.vn>' },
      workflowBundle: { code: fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8') },
      trustedKeys: harness.signer.trustedKeys(),
    });
    const running = worker.run();
    return async () => {
      worker.shutdown();
      await running;
      await connection.close();
    };
  }

  test('the agency that had not recorded its consolidation is approved too', async () => {
    const slowQueue = uniqueId('slow-agency');
    const definition = sampleCampaign({
      agencies: ['xa-nhanh', 'xa-cham'].map((code) => ({
        code,
        name: `UBND ${code}`,
        kind: 'commune' as const,
        stage: 'assigned' as const,
      })),
    });
    const [fast, slow] = definition.agencies as [RosterEntry, RosterEntry];
    // The campaign and the fast agency on the harness's queue; then the slow one on its own.
    await launchCampaign({
      client: harness.client,
      db: harness.database.db,
      taskQueue: harness.taskQueue,
      definition: { ...definition, agencies: [fast] },
    });
    await launchCampaign({ client: harness.client, db: harness.database.db, taskQueue: slowQueue, definition });
    let stopSlow: (() => Promise<void>) | undefined = await slowQueueWorker(slowQueue);
    try {
      for (const { code } of [fast, slow]) {
        const handle = harness.client.workflow.getHandle(agencyWorkflowId(definition.id, code));
        await handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
        await handle.executeUpdate(acceptListUpdate, { args: [{}] });
      }
      await stopSlow();
      stopSlow = undefined;

      const campaign = harness.client.workflow.getHandle(campaignWorkflowId(definition.id));
      const summary = await campaign.executeUpdate(consolidateUpdate, { args: [{}] });
      expect(summary.agencies).toBe(2); // both lists are in the catalogue
      const approval = await campaign.executeUpdate(approveUpdate, {
        args: [{ decisionNumber: '512/QĐ-UBND', decisionDate: '2024-03-13', signer: 'Đặng Văn Minh' }],
      });
      expect(approval).toEqual({ approved: 2 });
      // Approval fanned out while the slow agency's row still said "accepted".
      const slowRow = () =>
        harness.database.db.assignment.findUniqueOrThrow({ where: { id: `${definition.id}/${slow.code}` } });
      expect((await slowRow()).stage).toBe('accepted');
      await campaign.result();

      stopSlow = await slowQueueWorker(slowQueue);
      const slowHandle = harness.client.workflow.getHandle(agencyWorkflowId(definition.id, slow.code));
      await waitFor(
        async () => (await slowHandle.query(agencyStateQuery)).stage === 'approved',
        'the slow agency approved',
        30_000,
      ).catch(() => undefined);
      // Before the fix it stayed "consolidated", its workflow running for ever.
      expect((await slowHandle.query(agencyStateQuery)).stage).toBe('approved');
      await slowHandle.result();
      expect((await slowRow()).stage).toBe('approved');
      const fastHandle = harness.client.workflow.getHandle(agencyWorkflowId(definition.id, fast.code));
      expect((await fastHandle.query(agencyStateQuery)).stage).toBe('approved');
    } finally {
      await stopSlow?.();
    }
  }, 120_000);
});

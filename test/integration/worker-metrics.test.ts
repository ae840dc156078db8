import { startOpsListener } from '../../shared/ops-listener';
import { workerRegistry } from '../../worker/metrics';
import { eventually } from '../support/eventually';
import { useHarness } from '../support/harness';
import { sample } from '../support/npm-process';
import { testDatabases } from '../support/test-env';

// The worker's own figures follow the system of record: the outbox backlog and its oldest
// undelivered notification, overdue agencies per campaign, open escalations. And the endpoint that
// serves them answers only with the token when one is set.

describe.each(testDatabases())('worker metrics (%s)', (kind) => {
  const harness = useHarness(kind, { worker: false });

  test('outbox, overdue and escalation figures move with the database', async () => {
    const { database, campaignId, startAgency, startWorker } = harness;
    const worker = await startWorker();
    const db = database.db;
    const registry = workerRegistry(db);
    const before = await registry.metrics();
    expect(sample(before, 'dondoc_outbox_oldest_pending_age_seconds')).toBe(0);

    const { workflowId } = await startAgency();
    const created = new Date(Date.now() - 120_000);
    await db.notification.create({
      data: {
        id: 'n-metrics-1',
        idempotencyKey: 'n-metrics-1',
        campaignId,
        kind: 'reminder',
        channel: 'email',
        recipient: 'syt@example.gov.vn',
        subject: 'Nhắc hạn',
        body: 'Nhắc hạn',
        createdAt: created,
      },
    });
    await db.escalation.create({
      data: { id: 'e-metrics-1', idempotencyKey: 'e-metrics-1', campaignId, kind: 'overdue', raisedAt: new Date() },
    });
    const assignment = await eventually(() => db.assignment.findUniqueOrThrow({ where: { workflowId } }));
    await worker.stop(); // the figures below are the test's alone
    await db.assignment.update({ where: { id: assignment.id }, data: { overdue: true } });

    const fresh = await workerRegistry(db).metrics(); // a new registry: no cached figures
    expect(sample(fresh, 'dondoc_outbox_pending{channel="email"}')).toBeGreaterThanOrEqual(1);
    expect(sample(fresh, 'dondoc_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(120);
    expect(sample(fresh, 'dondoc_escalations_open{kind="overdue"}')).toBe(1);
    expect(sample(fresh, `dondoc_overdue_agencies{campaign="${campaignId}"}`)).toBe(1);
  });

  test('the endpoint refuses a scrape without its token', async () => {
    const listener = await startOpsListener({ host: '127.0.0.1', token: 'a-long-enough-token' }, 0, {
      '/metrics': async () => ({ status: 200, contentType: 'text/plain', body: 'ok\n' }),
    });
    try {
      expect((await fetch(`${listener.url}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${listener.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-value!' } });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${listener.url}/metrics`, {
        headers: { authorization: 'Bearer a-long-enough-token' },
      });
      expect(await right.text()).toBe('ok\n');
    } finally {
      await listener.close();
    }
  });
});

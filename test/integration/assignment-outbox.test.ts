import type { WorkflowHandle } from '@temporalio/client';
import { useHarness, uniqueId } from '../support/harness';
import { eventually, stillAfterSettling } from '../support/eventually';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { testDatabases } from '../support/test-env';

// Registration is one commit and one workflow task: the assignment and its notice are written in one
// transaction, and the outbox relay delivers the notice without an activity of its own. The notice
// can never reach the database before its assignment, whichever worker delivers it.

/** How many workflow tasks completed, activities were scheduled and local activities ran. */
async function historyCounts(handle: WorkflowHandle) {
  const events = (await handle.fetchHistory()).events ?? [];
  return {
    workflowTasks: events.filter((event) => event.workflowTaskCompletedEventAttributes).length,
    activities: events.filter((event) => event.activityTaskScheduledEventAttributes).length,
    // Patch markers come and go with the workflow's versions; local activities are the work done.
    localActivities: events.filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity')
      .length,
  };
}

describe.each(testDatabases())('registration through the outbox on %s', (kind) => {
  describe('without SMTP', () => {
    const harness = useHarness(kind);

    test('one workflow task, no activity, the notice written with the assignment', async () => {
      const { workflowId } = await harness.startAgency({
        agency: { code: uniqueId('so'), name: 'Sở Nội vụ', kind: 'department', email: 'snv@example.gov.vn' },
      });
      const db = harness.database.db;
      const assignment = await eventually(() => db.assignment.findUniqueOrThrow({ where: { workflowId } }));
      const handle = harness.client.workflow.getHandle(workflowId);
      const registered = { workflowTasks: 1, activities: 0, localActivities: 1 };
      await eventually(async () => expect(await historyCounts(handle)).toEqual(registered));
      await stillAfterSettling(async () => expect(await historyCounts(handle)).toEqual(registered));

      const notices = await db.notification.findMany({ where: { assignmentId: assignment.id } });
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({
        kind: 'assigned',
        recipient: 'snv@example.gov.vn',
        status: 'skipped', // no SMTP on this worker: kept, as the notify activity would keep it
        lastError: 'SMTP_URL chưa được cấu hình',
      });
      expect(notices[0]!.subject).toContain('Giao nhiệm vụ');
    });
  });

  describe('with SMTP and two workers', () => {
    let sink: SmtpSink;

    beforeAll(async () => {
      sink = await startSmtpSink();
    });
    const harness = useHarness(kind, () => ({ smtpUrl: sink.url }));
    // Two workers on the queue: each assignment is still delivered once.
    beforeAll(async () => {
      await harness.startWorker();
    });

    afterAll(async () => {
      await sink?.stop();
    });

    test('every agency receives its assignment once, each notice after its assignment row', async () => {
      sink.clear();
      const addresses = Array.from({ length: 6 }, (_, i) => `xa-${i}-${uniqueId('m')}@example.gov.vn`);
      await Promise.all(
        addresses.map((email, i) =>
          harness.startAgency({ agency: { code: uniqueId(`xa-${i}`), name: `UBND xã ${i}`, kind: 'commune', email } }),
        ),
      );
      await eventually(() => addresses.forEach((address) => expect(sink.to(address)).toHaveLength(1)));
      await stillAfterSettling(() => addresses.forEach((address) => expect(sink.to(address)).toHaveLength(1)));
      expect(sink.to(addresses[0]!)[0]!.parsed.subject).toContain('Giao nhiệm vụ');

      const rows = await harness.database.db.notification.findMany({
        where: { recipient: { in: addresses } },
        include: { assignment: true },
      });
      expect(rows).toHaveLength(addresses.length);
      for (const row of rows) {
        expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
        expect(row.assignment).not.toBeNull();
      }
    });

    test('a recipient the mail server refuses fails alone; the notices sent beside it are sent once', async () => {
      const refused = `tu-choi-${uniqueId('m')}@example.gov.vn`;
      const accepted = Array.from({ length: 4 }, (_, i) => `nhan-${i}-${uniqueId('m')}@example.gov.vn`);
      sink.reject(refused, 550);
      await Promise.all(
        [refused, ...accepted].map((email, i) =>
          harness.startAgency({ agency: { code: uniqueId(`xa-${i}`), name: `UBND xã ${i}`, kind: 'commune', email } }),
        ),
      );
      const db = harness.database.db;
      await eventually(async () =>
        expect(await db.notification.findFirstOrThrow({ where: { recipient: refused } })).toMatchObject({
          status: 'failed',
          attempts: 1,
          nextAttemptAt: null,
        }),
      );
      await eventually(() => accepted.forEach((address) => expect(sink.to(address)).toHaveLength(1)));
      const rows = await db.notification.findMany({ where: { recipient: { in: accepted } } });
      expect(rows.map((row) => row.status)).toEqual(accepted.map(() => 'sent'));
      await stillAfterSettling(() => expect(sink.to(refused)).toHaveLength(0));
    });

    test('a notice the mail server defers is delivered by the relay on its next attempt', async () => {
      const address = `hoan-${uniqueId('m')}@example.gov.vn`;
      sink.reject(address, 451);
      await harness.startAgency({
        agency: { code: uniqueId('xa'), name: 'UBND xã hoãn', kind: 'commune', email: address },
      });
      const db = harness.database.db;
      const deferred = await eventually(async () => {
        const row = await db.notification.findFirstOrThrow({ where: { recipient: address } });
        expect(row).toMatchObject({ status: 'pending', attempts: 1 });
        expect(row.lastError).toBeTruthy();
        expect(row.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
        return row;
      });
      sink.accept(address);
      await eventually(() => expect(sink.to(address)).toHaveLength(1), 30_000);
      await eventually(async () =>
        expect(await db.notification.findUniqueOrThrow({ where: { id: deferred.id } })).toMatchObject({
          status: 'sent',
          attempts: 2,
        }),
      );
    });
  });
});

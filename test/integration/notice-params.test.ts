import { temporal } from '@temporalio/proto';
import { agencyStateQuery, extendDeadlineUpdate } from '../../workflows/agency/messages';
import { eventually } from '../support/eventually';
import { useHarness, TEST_REVIEWER, TEST_SERVICE_CENTER } from '../support/harness';
import { testDatabases } from '../support/test-env';

// The agency workflow names the campaign's own people in every notice it writes: its reviewer and
// its service center, from the campaign definition it was started with, not a template's default
// and not the outbox's fill-in (the campaign's row names other people here, so a fill-in shows).

const [kind] = testDatabases(); // the notices are the workflow's, whatever the database

describe(`notice params (${kind})`, () => {
  const harness = useHarness(kind!);

  test('the assignment and extension notices carry the campaign’s own directive, reviewer, service center and agency', async () => {
    const { db } = harness.database;
    await db.campaign.update({
      where: { id: harness.campaignId },
      data: { reviewer: 'Người thẩm định khác', definition: { serviceCenter: { name: 'Trung tâm khác' } } },
    });
    const { workflowId } = await harness.startAgency();
    const handle = harness.client.workflow.getHandle(workflowId);
    await eventually(async () => expect((await handle.query(agencyStateQuery)).stage).toBe('assigned'));
    await handle.executeUpdate(extendDeadlineUpdate, {
      args: [
        {
          deadline: new Date(Date.now() + 40 * 86_400_000).toISOString(),
          reason: 'Cơ quan đề nghị thêm thời gian rà soát.',
        },
      ],
    });
    const rows = await eventually(async () => {
      const found = await db.notification.findMany({ where: { assignment: { workflowId } } });
      expect(found.map((row) => row.kind).sort()).toEqual(['assigned', 'deadline_extended']);
      return found;
    });
    const text = (kind: string) => {
      const row = rows.find((r) => r.kind === kind)!;
      return `${row.subject}\n${row.body}`;
    };
    expect(text('assigned')).toContain(TEST_REVIEWER);
    expect(text('assigned')).toContain(TEST_SERVICE_CENTER);
    for (const kind of ['assigned', 'deadline_extended']) {
      expect(text(kind)).toContain('751/UBND-TTHC');
      expect(text(kind)).toContain('Sở Tư pháp');
      expect(text(kind)).not.toMatch(/Người thẩm định khác|Trung tâm khác/);
    }
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.some((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toBe(
      false,
    );
  });
});

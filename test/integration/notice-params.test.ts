import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import { agencyStateQuery, extendDeadlineUpdate } from '../../workflows/agency/messages';
import { eventually } from '../support/eventually';
import { useHarness, TEST_REVIEWER, TEST_SERVICE_CENTER } from '../support/harness';
import { testDatabases } from '../support/test-env';

// The agency workflow names the campaign's own people in every notice it asks for: its reviewer and
// its service center, from the campaign definition, not a template's default and not the outbox's
// fill-in.

/** The params of every `notify` the workflow scheduled, by notice kind. */
async function noticeParams(handle: WorkflowHandle): Promise<Map<string, Record<string, unknown>>> {
  const events = (await handle.fetchHistory()).events ?? [];
  const byKind = new Map<string, Record<string, unknown>>();
  for (const event of events) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name !== 'notify') continue;
    const data = scheduled.input?.payloads?.[0]?.data;
    const notice = JSON.parse(Buffer.from(data!).toString('utf8')) as { kind: string; params: Record<string, unknown> };
    byKind.set(notice.kind, notice.params);
  }
  return byKind;
}

const [kind] = testDatabases(); // the notices' params are in the workflow's history, whatever the database

describe(`notice params (${kind})`, () => {
  const harness = useHarness(kind!);

  test('the extension notice carries the campaign’s own reviewer and service center', async () => {
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
    const params = await eventually(async () => {
      const found = await noticeParams(handle);
      expect([...found.keys()]).toContain('deadline_extended');
      return found;
    });
    expect(params.get('deadline_extended')).toMatchObject({
      directive: '751/UBND-TTHC',
      reviewerName: TEST_REVIEWER,
      serviceCenterName: TEST_SERVICE_CENTER,
      agencyName: 'Sở Tư pháp',
    });
    // Only the kinds that print the agency's code are given it.
    expect(params.get('deadline_extended')).not.toHaveProperty('agencyCode');
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.some((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toBe(
      false,
    );
  });
});

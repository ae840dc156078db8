import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { deadlineKey, overdueKey, returnCountKey, stageKey } from '../../temporal/search-attributes';
import { acceptListUpdate, submitListUpdate } from '../../workflows/agency/messages';
import { useHarness, uniqueId } from '../support/harness';
import { eventually, stillAfterSettling } from '../support/eventually';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';

// What an agency's registration costs the server: a run started on this code records no gate marker
// (workflows/common/code-gates.ts has none since the 1.0 baseline), and its starting status comes
// with its start, so the workflow upserts no search attribute of its own until something it shows
// changes.

const { EventType } = temporal.api.enums.v1;

async function historyOf(handle: WorkflowHandle) {
  const events = (await handle.fetchHistory()).events ?? [];
  return {
    length: events.length,
    patches: events
      .filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_patch')
      .map((event) => event.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data)
      .map((data) => (data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id : undefined)),
    // Each upsert: the names it set (TemporalChangeVersion comes with each gate marker).
    upserts: events
      .filter((event) => event.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
      .map((event) =>
        Object.keys(event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).sort(),
      ),
  };
}

describe.each(testDatabases())('an agency registration history on %s', (kind) => {
  const harness = useHarness(kind);

  test('no gate marker, no status upsert; the Web UI shows the starting status from the start', async () => {
    const submissionDeadline = new Date(Date.now() + 20 * 86_400_000).toISOString();
    const { workflowId } = await harness.startAgency({
      agency: { code: uniqueId('so'), name: 'Sở Xây dựng', kind: 'department' },
      submissionDeadline,
    });
    const handle = harness.client.workflow.getHandle(workflowId);
    await eventually(() => harness.database.db.assignment.findUniqueOrThrow({ where: { workflowId } }));
    const registered = { patches: [], upserts: [] };
    await eventually(async () => expect(await historyOf(handle)).toMatchObject(registered));
    await stillAfterSettling(async () => expect(await historyOf(handle)).toMatchObject(registered));

    const shown = (await handle.describe()).typedSearchAttributes;
    expect(shown.get(stageKey)).toBe('assigned');
    expect(shown.get(deadlineKey)?.getTime()).toBe(Date.parse(submissionDeadline));
    expect(shown.get(overdueKey)).toBe(false);
    expect(shown.get(returnCountKey)).toBe(0);
  });

  test('a submission upserts only what it changed, and asks no gate again', async () => {
    const { workflowId } = await harness.startAgency({
      agency: { code: uniqueId('so'), name: 'Sở Công Thương', kind: 'department' },
    });
    const handle = harness.client.workflow.getHandle(workflowId);
    await handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    const afterSubmit = await historyOf(handle);
    expect(afterSubmit.patches).toEqual([]);
    // Submitted: a new stage and the review deadline; not late, never returned, as before.
    expect(afterSubmit.upserts).toEqual([['Deadline', 'Stage']]);

    await handle.executeUpdate(acceptListUpdate, { args: [{}] });
    const afterAccept = await historyOf(handle);
    // Accepted: no running deadline any more, so the Deadline attribute goes with the stage.
    expect(afterAccept.upserts.slice(1)).toEqual([['Deadline', 'Stage']]);
    const shown = (await handle.describe()).typedSearchAttributes;
    expect(shown.get(stageKey)).toBe('accepted');
    expect(shown.get(deadlineKey)).toBeUndefined();
  });

  test('an agency launched late shows it: the workflow upserts Overdue itself', async () => {
    const { workflowId } = await harness.startAgency({
      agency: { code: uniqueId('so'), name: 'Sở Tài chính', kind: 'department' },
      submissionDeadline: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    });
    const handle = harness.client.workflow.getHandle(workflowId);
    await eventually(async () => expect((await handle.describe()).typedSearchAttributes.get(overdueKey)).toBe(true));
    expect((await historyOf(handle)).upserts).toContainEqual(['Overdue']);
  });
});

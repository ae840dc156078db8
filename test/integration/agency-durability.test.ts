import { setTimeout as sleep } from 'node:timers/promises';
import { useHarness } from '../support/harness';
import { eventually, stillAfterSettling } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';
import {
  acceptListUpdate,
  agencyStateQuery,
  returnListUpdate,
  submitListUpdate,
} from '../../workflows/agency/messages';

// What must survive restarts and show in Temporal's visibility, not just in the workflow's memory.

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

describe.each(testDatabases())('agency durability on %s', (kind) => {
  const harness = useHarness(kind, { worker: false });

  test('a deadline that passes while no worker runs escalates exactly once, across restarts', async () => {
    const worker = await harness.startWorker();
    // Set once the worker runs (its start is the slow part of set-up on a loaded machine), with room
    // for the workflow's first task and the worker's shutdown before it passes.
    const deadline = inSeconds(10);
    const { workflowId } = await harness.startAgency({ submissionDeadline: deadline });
    const handle = harness.client.workflow.getHandle(workflowId);
    await handle.query(agencyStateQuery); // the workflow has started and set its timer
    await worker.stop();
    const escalations = () => harness.database.db.escalation.count({ where: { assignment: { workflowId } } });
    // The scenario holds only if the deadline is still ahead now: say so rather than pass for another reason.
    expect({ escalations: await escalations(), deadlineAhead: Date.now() < Date.parse(deadline) }).toEqual({
      escalations: 0,
      deadlineAhead: true,
    });
    await sleep(Date.parse(deadline) - Date.now() + 1_000); // the deadline passes with nobody to act on it

    const second = await harness.startWorker();
    await eventually(async () => expect(await escalations()).toBe(1));
    await second.stop();
    const third = await harness.startWorker();
    expect(await handle.query(agencyStateQuery)).toMatchObject({ overdue: true, escalations: ['submission_overdue'] });
    await stillAfterSettling(async () => expect(await escalations()).toBe(1));
    await third.stop();
  });

  test('search attributes follow every stage change (read through visibility)', async () => {
    const worker = await harness.startWorker();
    const { workflowId } = await harness.startAgency({ submissionDeadline: inSeconds(2) });
    const handle = harness.client.workflow.getHandle(workflowId);
    const listed = async (query: string) => {
      const ids: string[] = [];
      for await (const execution of harness.client.workflow.list({
        query: `Campaign = "${harness.campaignId}" AND ${query}`,
      }))
        ids.push(execution.workflowId);
      return ids;
    };

    await eventually(async () => expect(await listed('Stage = "assigned" AND Overdue = true')).toContain(workflowId));
    await handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    await handle.executeUpdate(returnListUpdate, { args: [{ reasons: { overall: 'Thiếu giấy tờ' } }] });
    await eventually(async () =>
      expect(await listed('Stage = "returned" AND ReturnCount = 1 AND Overdue = false')).toContain(workflowId),
    );
    // The Web UI's "current details" come from the workflow's metadata query.
    const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toContain('Trạng thái: **Bị trả lại**');
    expect(metadata.currentDetails).toContain('Thời hạn (hạn nộp lại)');
    const description = await handle.describe();
    expect(description.typedSearchAttributes.getAll().map((pair) => pair.key.name)).toEqual(
      expect.arrayContaining(['Campaign', 'AgencyCode', 'AgencyKind', 'Stage', 'Deadline', 'Overdue', 'ReturnCount']),
    );
    await worker.stop();
  });

  test('one agency through two returns stays well under 150 history events', async () => {
    const worker = await harness.startWorker();
    const { workflowId } = await harness.startAgency({
      agency: { code: '000.00.99.H48', name: 'Sở Nội vụ', kind: 'department', email: 'snv@example.gov.vn' },
      contacts: { reviewerEmail: 'stttt@example.gov.vn', serviceCenterEmail: 'ttpv@example.gov.vn' },
    });
    const handle = harness.client.workflow.getHandle(workflowId);
    const submit = () => handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    const giveBack = () => handle.executeUpdate(returnListUpdate, { args: [{ reasons: { overall: 'Chưa đạt' } }] });
    await submit();
    await giveBack();
    await submit();
    await giveBack();
    await submit();
    await handle.executeUpdate(acceptListUpdate, { args: [{}] });
    // Let background notifications settle so the count is the final one.
    await eventually(async () =>
      expect(
        await harness.database.db.notification.count({ where: { assignment: { workflowId } } }),
      ).toBeGreaterThanOrEqual(8),
    );
    await sleep(1_000);
    // Recorded on the code that hands transition notices to the relay (gate notices-relayed);
    // agency-two-returns.binpb is the same journey from before it, with a notify activity per notice.
    const events = await recordHistory(handle, 'agency-notices-relayed');
    console.log(`history events for one agency through two returns: ${events}`);
    expect(events).toBeLessThanOrEqual(150);
    await worker.stop();
  });
});

import { WorkflowUpdateFailedError } from '@temporalio/client';
import { useHarness } from '../support/harness';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';
import { acceptListUpdate, agencyStateQuery, submitListUpdate } from '../../workflows/agency/messages';

// The first vertical slice, end to end on a real dev server and a real database:
// assigned → submitted → accepted, every transition in the system of record.

describe.each(testDatabases())('agency slice on %s', (kind) => {
  const harness = useHarness(kind, { worker: false });

  test('assigned → submitted → accepted, recorded in the database', async () => {
    const worker = await harness.startWorker();
    const { workflowId, input } = await harness.startAgency();
    const handle = harness.client.workflow.getHandle(workflowId);

    expect((await handle.query(agencyStateQuery)).stage).toBe('assigned');

    const submitted = await handle.executeUpdate(submitListUpdate, {
      args: [{ list: justiceDepartmentList }],
    });
    expect(submitted).toMatchObject({ stage: 'submitted', version: 1 });

    const accepted = await handle.executeUpdate(acceptListUpdate, { args: [{ note: 'Đạt yêu cầu' }] });
    expect(accepted).toMatchObject({ stage: 'accepted', version: 1 });
    expect((await handle.query(agencyStateQuery)).stage).toBe('accepted');

    const db = harness.database.db;
    const assignment = await db.assignment.findUniqueOrThrow({
      where: { workflowId },
      include: { submissions: true, decisions: true, auditEvents: { orderBy: { at: 'asc' } }, agency: true },
    });
    expect(assignment.stage).toBe('accepted');
    expect(assignment.currentVersion).toBe(1);
    expect(assignment.agency).toMatchObject({ code: input.agency.code, name: 'Sở Tư pháp', kind: 'department' });
    expect(assignment.submissions).toHaveLength(1);
    expect(assignment.submissions[0]!.content).toEqual(justiceDepartmentList);
    expect(assignment.submissions[0]!.submittedBy).toBe('Người thử nghiệm (agency)');
    expect(assignment.decisions).toEqual([
      expect.objectContaining({ decision: 'accepted', reviewer: 'so-tttt', reasons: { note: 'Đạt yêu cầu' } }),
    ]);
    expect(assignment.auditEvents.map((event) => [event.action, event.fromStage, event.toStage])).toEqual([
      ['assign', null, 'assigned'],
      ['submit', 'assigned', 'submitted'],
      ['accept', 'submitted', 'accepted'],
    ]);
    await worker.stop();
  });

  test('an invalid submission is rejected with a message naming the field, and nothing changes', async () => {
    const worker = await harness.startWorker();
    const { workflowId } = await harness.startAgency();
    const handle = harness.client.workflow.getHandle(workflowId);
    const badList = {
      procedures: [
        { code: '1.00242', name: 'Thủ tục sai mã', documents: [{ name: 'Tờ khai', kind: 'ban_sao' }] },
        { code: '1.002421', name: 'Thủ tục không có giấy tờ', documents: [] },
      ],
    };

    const error = await handle
      .executeUpdate(submitListUpdate, { args: [{ list: badList as never }] })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const message = String((error as WorkflowUpdateFailedError).cause?.message);
    expect(message).toContain('list.procedures[1].code: Mã TTHC phải có dạng 1.002421');
    expect(message).toContain('list.procedures[1].documents[1].kind: Loại giấy tờ phải là một trong');
    expect(message).toContain('list.procedures[2].documents: Mỗi TTHC phải có ít nhất một giấy tờ');
    expect(await handle.query(agencyStateQuery)).toMatchObject({ stage: 'assigned', version: 0 });
    expect(await harness.database.db.submission.count({ where: { assignment: { workflowId } } })).toBe(0);
    // A rejected Update never reaches the history.
    const history = await handle.fetchHistory();
    expect(history.events?.some((event) => event.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
    await worker.stop();
  });

  test('accept before submit, and accept by someone who is not the reviewer, are rejected', async () => {
    const worker = await harness.startWorker();
    const { workflowId } = await harness.startAgency();
    const handle = harness.client.workflow.getHandle(workflowId);

    const early = await handle.executeUpdate(acceptListUpdate, { args: [{}] }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(String((early as WorkflowUpdateFailedError).cause?.message)).toBe(
      'Không thể chấp nhận danh sách khi hồ sơ đang ở trạng thái "Đã giao". Chỉ được chấp nhận danh sách khi ở trạng thái: "Đã nộp", "Đã nộp lại".',
    );

    await handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });

    const resubmit = await handle
      .executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] })
      .catch((e: unknown) => e);
    expect(String((resubmit as WorkflowUpdateFailedError).cause?.message)).toContain(
      'Không thể nộp danh sách khi hồ sơ đang ở trạng thái "Đã nộp"',
    );

    expect(await handle.query(agencyStateQuery)).toMatchObject({ stage: 'submitted', version: 1 });
    const assignment = await harness.database.db.assignment.findUniqueOrThrow({ where: { workflowId } });
    expect(assignment.stage).toBe('submitted');
    expect(await harness.database.db.reviewDecision.count({ where: { assignmentId: assignment.id } })).toBe(0);
    await worker.stop();
  });

  test('a worker restarted mid-slice loses nothing', async () => {
    const first = await harness.startWorker();
    const { workflowId } = await harness.startAgency();
    const handle = harness.client.workflow.getHandle(workflowId);
    await handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    await first.stop();

    // A fresh worker has no cached state: it rebuilds the workflow from its history.
    const second = await harness.startWorker();
    expect(await handle.query(agencyStateQuery)).toMatchObject({ stage: 'submitted', version: 1 });
    await handle.executeUpdate(acceptListUpdate, { args: [{}] });
    const assignment = await harness.database.db.assignment.findUniqueOrThrow({ where: { workflowId } });
    expect(assignment.stage).toBe('accepted');
    expect(await harness.database.db.auditEvent.count({ where: { assignmentId: assignment.id } })).toBe(3);
    await second.stop();
  });

  test('launching the same agency twice starts one workflow', async () => {
    const worker = await harness.startWorker();
    const first = await harness.startAgency({
      agency: { code: 'twice.H48', name: 'Thanh tra tỉnh', kind: 'department' },
    });
    const again = await harness.startAgency({
      agency: { code: 'twice.H48', name: 'Thanh tra tỉnh', kind: 'department' },
    });
    expect(first).toMatchObject({ started: true });
    expect(again).toMatchObject({ started: false, workflowId: first.workflowId });
    await harness.client.workflow.getHandle(first.workflowId).query(agencyStateQuery);
    await worker.stop();
  });
});

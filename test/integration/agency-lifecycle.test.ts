import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { useHarness } from '../support/harness';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';
import {
  acceptListUpdate,
  agencyStateQuery,
  answerSupportUpdate,
  escalateUpdate,
  extendDeadlineUpdate,
  requestSupportUpdate,
  returnListUpdate,
  submitListUpdate,
  withdrawUpdate,
} from '../../workflows/agency/messages';

// Every stage, deadline and escalation of one agency, on the real dev server and database.
// Deadlines are seconds away: the timers are real Temporal timers.

const REVIEWER = 'so-tttt';
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

async function updateError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  return String((error as WorkflowUpdateFailedError).cause?.message);
}

describe.each(testDatabases())('agency lifecycle on %s', (kind) => {
  const harness = useHarness(kind);

  const escalationsOf = (workflowId: string) =>
    harness.database.db.escalation.findMany({ where: { assignment: { workflowId } }, orderBy: { raisedAt: 'asc' } });

  test('two returns, then acceptance: every version, decision and the perfunctory escalation recorded once', async () => {
    const { workflowId } = await harness.startAgency();
    const handle = harness.client.workflow.getHandle(workflowId);
    const submit = () => handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    const giveBack = (overall: string) =>
      handle.executeUpdate(returnListUpdate, {
        args: [
          {
            reasons: { overall, lines: [{ procedureCode: '1.002421', reason: 'Thiếu căn cứ pháp lý' }] },
          },
        ],
      });

    expect(await submit()).toMatchObject({ stage: 'submitted', version: 1 });
    expect(await giveBack('Chưa đủ thành phần hồ sơ')).toMatchObject({ stage: 'returned' });
    expect(await submit()).toMatchObject({ stage: 'resubmitted', version: 2 });
    expect(await giveBack('Vẫn chưa đạt')).toMatchObject({ stage: 'returned' });
    expect(await submit()).toMatchObject({ stage: 'resubmitted', version: 3 });
    expect(await handle.executeUpdate(acceptListUpdate, { args: [{}] })).toMatchObject({
      stage: 'accepted',
      version: 3,
    });

    const state = await handle.query(agencyStateQuery);
    expect(state).toMatchObject({ stage: 'accepted', returnCount: 2, version: 3 });
    const db = harness.database.db;
    const assignment = await db.assignment.findUniqueOrThrow({
      where: { workflowId },
      include: { submissions: true, decisions: { orderBy: { decidedAt: 'asc' } } },
    });
    expect(assignment).toMatchObject({ stage: 'accepted', returnCount: 2, currentVersion: 3 });
    expect(assignment.submissions.map((s) => s.version).sort()).toEqual([1, 2, 3]);
    expect(assignment.decisions.map((d) => d.decision)).toEqual(['returned', 'returned', 'accepted']);
    expect(assignment.decisions[0]!.reasons).toMatchObject({
      overall: 'Chưa đủ thành phần hồ sơ',
      lines: [{ procedureCode: '1.002421' }],
    });
    const escalations = await escalationsOf(workflowId);
    expect(escalations.map((e) => e.kind)).toEqual(['perfunctory']);
    expect(escalations[0]!.evidence).toMatchObject({ returnCount: 2 });
  });

  test('illegal actions are rejected with a Vietnamese message and change nothing', async () => {
    const { workflowId } = await harness.startAgency();
    const handle = harness.client.workflow.getHandle(workflowId);

    expect(
      await updateError(handle.executeUpdate(returnListUpdate, { args: [{ reasons: { overall: 'x' } }] })),
    ).toContain('Không thể trả lại danh sách khi hồ sơ đang ở trạng thái "Đã giao"');
    await handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    expect(
      await updateError(handle.executeUpdate(returnListUpdate, { args: [{ reasons: { overall: '  ' } }] })),
    ).toContain('reasons.overall: Lý do trả lại (overall) không được để trống.');
    await handle.executeUpdate(acceptListUpdate, { args: [{}] });
    expect(
      await updateError(handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] })),
    ).toContain('Không thể nộp danh sách khi hồ sơ đang ở trạng thái "Đã chấp nhận"');
    expect(await handle.query(agencyStateQuery)).toMatchObject({ stage: 'accepted', version: 1, returnCount: 0 });
    const audit = await harness.database.db.auditEvent.findMany({ where: { assignment: { workflowId } } });
    expect(audit.map((e) => e.action).sort()).toEqual(['accept', 'assign', 'submit']);
  });

  test('a re-review agency starts returned and its submission is a resubmission', async () => {
    const { workflowId } = await harness.startAgency({
      initialStage: 'returned',
      initialReason: 'Kết quả rà soát trước chưa đảm bảo yêu cầu',
    });
    const handle = harness.client.workflow.getHandle(workflowId);
    expect(await handle.query(agencyStateQuery)).toMatchObject({
      stage: 'returned',
      returnCount: 1,
      stageReason: 'Kết quả rà soát trước chưa đảm bảo yêu cầu',
    });
    expect(await handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] })).toMatchObject({
      stage: 'resubmitted',
    });
  });

  test('a missed submission deadline sends one reminder, escalates once, and a late submission resolves it', async () => {
    const { workflowId } = await harness.startAgency({ submissionDeadline: inSeconds(3) });
    const handle = harness.client.workflow.getHandle(workflowId);

    const [escalation] = await eventually(async () => {
      const found = await escalationsOf(workflowId);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(escalation).toMatchObject({ kind: 'submission_overdue', target: 'agency', resolvedAt: null });
    expect(await handle.query(agencyStateQuery)).toMatchObject({ overdue: true, escalations: ['submission_overdue'] });

    await handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    const resolved = await eventually(async () => {
      const [found] = await escalationsOf(workflowId);
      expect(found!.resolvedAt).not.toBeNull();
      return found!;
    });
    expect(resolved.kind).toBe('submission_overdue'); // the record stays, resolved
    expect(await handle.query(agencyStateQuery)).toMatchObject({ stage: 'submitted', overdue: false });
    // Both reminders fell before the launch: only the one closest to the deadline goes out.
    const reminders = await harness.database.db.notification.findMany({
      where: { assignment: { workflowId }, kind: 'reminder' },
    });
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body).toContain('1 ngày làm việc');
  });

  test('an extension moves the running timer: no escalation at the old deadline', async () => {
    const { workflowId } = await harness.startAgency({ submissionDeadline: inSeconds(3) });
    const handle = harness.client.workflow.getHandle(workflowId);
    const later = inSeconds(3600);
    const deadlines = await handle.executeUpdate(extendDeadlineUpdate, {
      args: [{ deadline: later, reason: 'Cơ quan xin gia hạn' }],
    });
    expect(deadlines.submission).toBe(new Date(later).toISOString());
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(await escalationsOf(workflowId)).toHaveLength(0);
    expect(await handle.query(agencyStateQuery)).toMatchObject({
      overdue: false,
      activeDeadline: { kind: 'submission', at: new Date(later).toISOString() },
    });
    const assignment = await harness.database.db.assignment.findUniqueOrThrow({ where: { workflowId } });
    expect(assignment.submissionDeadline.toISOString()).toBe(new Date(later).toISOString());

    expect(
      await updateError(
        handle.executeUpdate(extendDeadlineUpdate, {
          args: [{ deadline: '2020-01-01T00:00:00+07:00', reason: 'lùi' }],
        }),
      ),
    ).toContain('Thời hạn mới phải ở sau thời điểm hiện tại.');
    await recordHistory(handle, 'agency-extension');
  });

  test('a review left too long escalates against the reviewer', async () => {
    const { workflowId } = await harness.startAgency();
    const handle = harness.client.workflow.getHandle(workflowId);
    await handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    await handle.executeUpdate(extendDeadlineUpdate, {
      args: [{ kind: 'review', deadline: inSeconds(2), reason: 'Rút ngắn để kiểm thử' }],
    });
    const [escalation] = await eventually(async () => {
      const found = await escalationsOf(workflowId);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(escalation).toMatchObject({ kind: 'review_overdue', target: 'reviewer' });
  });

  test('manual escalation, support request and answer, withdrawal', async () => {
    const { workflowId } = await harness.startAgency();
    const handle: WorkflowHandle = harness.client.workflow.getHandle(workflowId);
    const { escalationKey } = await handle.executeUpdate(escalateUpdate, {
      args: [{ reason: 'Không phối hợp' }],
    });
    expect(escalationKey).toContain(':manual:');

    const { requestId } = await handle.executeUpdate(requestSupportUpdate, {
      args: [{ question: 'TTHC 1.002421 có phải số hóa ý kiến của Hội công chứng viên không?' }],
    });
    await handle.executeUpdate(answerSupportUpdate, {
      args: [{ requestId, answer: 'Có, đó là kết quả ý kiến của cơ quan tham gia.' }],
    });
    expect(
      await updateError(handle.executeUpdate(answerSupportUpdate, { args: [{ requestId, answer: 'Lần nữa' }] })),
    ).toContain('đã được trả lời');
    const request = await harness.database.db.supportRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(request).toMatchObject({
      askedBy: 'Người thử nghiệm (agency)',
      answeredBy: REVIEWER,
      answer: 'Có, đó là kết quả ý kiến của cơ quan tham gia.',
    });

    await handle.executeUpdate(withdrawUpdate, { args: [{ reason: 'Cơ quan đã sáp nhập' }] });
    await handle.result();
    expect((await escalationsOf(workflowId)).map((e) => e.kind)).toEqual(['manual']);
    await recordHistory(handle, 'agency-escalate-support-withdraw');
    const assignment = await harness.database.db.assignment.findUniqueOrThrow({ where: { workflowId } });
    expect(assignment).toMatchObject({ stage: 'withdrawn', stageReason: 'Cơ quan đã sáp nhập' });
  });
});

import { agencyWorkflowInputSchema } from '../../domain/agency-input';
import { campaignWorkflowInputSchema } from '../../domain/campaign-input';
import { CampaignClock } from '../../domain/clock';
import { WORK_CALENDAR_NONE } from '../../domain/working-days';
import { AgencyWorkflowState } from '../../workflows/agency/state';
import { AgencyUpdateChecks } from '../../workflows/agency/update-checks';
import { CampaignWorkflowState } from '../../workflows/campaign/state';
import { justiceDepartmentList } from '../support/sample-lists';

// The workflows' state classes decide without Temporal: who may act, what is planned next. Their
// clocks here run from a fixed campaign instant (one real second = one campaign second).

const clockAt = (instant: string) =>
  new CampaignClock({ secondsPerDay: 86_400, simulatedStart: instant, realStart: new Date().toISOString() });

const REVIEWER = 'Sở Thông tin và Truyền thông';
const SERVICE_CENTER = 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh';
const APPROVER = 'Chủ tịch UBND tỉnh';

describe('AgencyWorkflowState', () => {
  const input = agencyWorkflowInputSchema.parse({
    campaignId: 'c1',
    directive: '12/UBND-TTHC',
    agency: { code: 'so-y-te', name: 'Sở Y tế', kind: 'department' },
    reviewer: REVIEWER,
    serviceCenter: SERVICE_CENTER,
    submissionDeadline: '2024-03-04T23:59:59+07:00',
    calendar: WORK_CALENDAR_NONE,
  });
  const fresh = (now = '2024-02-26T09:00:00+07:00') => new AgencyWorkflowState(input, 'w1', clockAt(now));

  // Who may act is the actor proof's (domain/access.ts, verified in every validator); the state checks the stage.
  test('stages are checked before anything happens', () => {
    const checks = new AgencyUpdateChecks(fresh());
    expect(() => checks.accept()).toThrow('Không thể chấp nhận danh sách');
    expect(() => checks.returnList()).toThrow('Không thể trả lại danh sách');
    expect(checks.submit({ list: justiceDepartmentList, source: 'json' }).errors).toEqual([]);
  });

  test('a support request is answered once', () => {
    const state = fresh();
    const checks = new AgencyUpdateChecks(state);
    const id = state.nextSupportRequestId();
    expect(id).toBe('c1/so-y-te#support-1');
    state.supportRequested(id);
    expect(() => checks.answerSupport({ requestId: id, answer: 'Có' })).not.toThrow();
    state.supportAnswered(id);
    expect(() => checks.answerSupport({ requestId: id, answer: 'Có' })).toThrow('đã được trả lời');
  });

  test('remind now needs a running deadline and a way to reach its audience', () => {
    const state = fresh();
    const checks = new AgencyUpdateChecks(state);
    expect(() => checks.remind(() => false)).toThrow('Sở Y tế không có email');
    expect(() => checks.remind(() => true)).not.toThrow();
    state.stageEntered('accepted', { action: 'accept', by: REVIEWER, at: '2024-02-27T09:00:00+07:00' });
    expect(() => checks.remind(() => true)).toThrow('Không có hạn nào đang chạy');
  });

  test('an extension must name a deadline that exists and lies ahead', () => {
    const checks = new AgencyUpdateChecks(fresh());
    const ok = { deadline: '2024-03-11T23:59:59+07:00', reason: 'Xin gia hạn' };
    expect(() => checks.extend(ok)).not.toThrow();
    expect(() => checks.extend({ ...ok, kind: 'review' })).toThrow('Chưa có thời hạn "review"');
    expect(() => checks.extend({ ...ok, deadline: '2024-02-20T00:00:00+07:00' })).toThrow(
      'Thời hạn mới phải ở sau thời điểm hiện tại.',
    );
  });

  test('a late launch marks both due reminders done and sends the closest one; the plan then shows none', () => {
    const state = fresh('2024-03-02T09:00:00+07:00'); // Saturday, after both reminders' instants
    const [first, second, deadline] = state.timers();
    expect([first!.type, second!.type, deadline!.type]).toEqual(['reminder', 'reminder', 'deadline']);
    const sent = state.takeDueReminders(first as Extract<typeof first, { type: 'reminder' }>);
    expect(sent).toMatchObject({ type: 'reminder', offset: 1 });
    expect(state.timers().map((timer) => timer.type)).toEqual(['deadline']);
    expect(state.reminderPlan()).toMatchObject({ reminders: [], escalationAt: '2024-03-04T16:59:59.000Z' });
  });

  test('the lateness escalation to resolve is the running deadline’s, once raised', () => {
    const state = fresh();
    state.refresh();
    expect(state.raisedLatenessKey()).toBeUndefined();
    state.escalationRaised('submission_overdue', 'w1:submission_overdue:2024-03-04T23:59:59+07:00');
    expect(state.raisedLatenessKey()).toBe('w1:submission_overdue:2024-03-04T23:59:59+07:00');
  });

  test('a transition whose record is refused is put back whole: stage, deadlines, their origins, the kept list', () => {
    const state = fresh();
    const by = { action: 'submit', by: 'Sở Y tế', at: '2024-02-26T09:00:00+07:00' };
    const reviewOrigin = { from: by.at, workingDays: 5 };
    state.versionSubmitted({
      reviewDeadline: '2024-03-04T02:00:00.000Z',
      reviewOrigin,
      last: { list: justiceDepartmentList },
    });
    state.stageEntered('submitted', by, 1);
    state.nextEventSeq();
    const before = state.checkpoint();
    const seen = state.changes;

    const resubmissionOrigin = { from: '2024-02-27T09:00:00+07:00', workingDays: 5 };
    state.returned({
      returnCount: 1,
      resubmissionDeadline: '2024-03-05T02:00:00.000Z',
      resubmissionOrigin,
      reason: 'Thiếu giấy tờ',
    });
    state.stageEntered('returned', { ...by, action: 'return', by: REVIEWER });
    state.nextEventSeq();
    expect(state.facts).toMatchObject({ stage: 'returned', returnCount: 1, stageReason: 'Thiếu giấy tờ' });
    expect(state.deadlineOrigins.resubmission).toEqual(resubmissionOrigin);

    state.restore(before);
    expect(JSON.parse(JSON.stringify(state.facts))).toEqual(before.facts);
    expect(state.facts).toMatchObject({ stage: 'submitted', version: 1, returnCount: 0 });
    expect(state.deadlineOrigins).toEqual({ review: reviewOrigin });
    expect(state.lastList).toBe(justiceDepartmentList);
    expect(state.seq).toBe(1);
    expect(state.changes).toBeGreaterThan(seen); // the timer loop wakes to plan on the restored deadlines
  });
});

describe('CampaignWorkflowState', () => {
  const input = campaignWorkflowInputSchema.parse({
    campaignId: 'c1',
    directive: { number: '12/UBND-TTHC', date: '2024-02-07', title: 'Số hóa' },
    submissionDeadline: '2024-03-04T23:59:59+07:00',
    approvalDeadline: '2024-03-14T23:59:59+07:00',
    reviewer: REVIEWER,
    approver: APPROVER,
    serviceCenter: SERVICE_CENTER,
    calendar: WORK_CALENDAR_NONE,
    policy: { reminderOffsets: [3, 1], resubmissionWorkingDays: 5, reviewWorkingDays: 5, perfunctoryReturnCount: 2 },
  });
  const fresh = () => new CampaignWorkflowState(input, clockAt('2024-03-08T09:00:00+07:00'));

  test('collecting: the next thing is a look at the agencies, six campaign hours away', () => {
    const state = fresh();
    const next = state.nextTimer()!;
    expect(next.type).toBe('check');
    expect(next.at - state.clock.now()).toBeGreaterThanOrEqual(6 * 3_600_000 - 1_000);
  });

  test('consolidated: the approval reminders, then the approval deadline', () => {
    const state = fresh();
    state.enter('consolidated');
    expect(state.nextTimer()).toMatchObject({ type: 'approval_reminder', key: 'approval:3', offset: 3 });
    state.approvalReminderSent('approval:3');
    state.approvalReminderSent('approval:1');
    expect(state.nextTimer()).toEqual({ type: 'approval_deadline', at: Date.parse(input.approvalDeadline) });
    state.approvalOverdue();
    expect(state.nextTimer()).toBeUndefined();
  });

  test('consolidates on its own only when every agency still in it is accepted and nobody sent it back', () => {
    const state = fresh();
    expect(state.shouldConsolidate({ total: 3, byStage: { accepted: 2, withdrawn: 1 } })).toBe(true);
    expect(state.shouldConsolidate({ total: 3, byStage: { accepted: 2, assigned: 1 } })).toBe(false);
    expect(state.shouldConsolidate({ total: 1, byStage: { withdrawn: 1 } })).toBe(false);
    state.sentBack({ by: APPROVER, reasons: 'Bổ sung', at: '2024-03-08T10:00:00+07:00' });
    expect(state.shouldConsolidate({ total: 3, byStage: { accepted: 2, withdrawn: 1 } })).toBe(false);
  });

  test('each decision belongs to one phase, and waits while another runs', () => {
    const state = fresh();
    expect(() => state.checkApprove()).toThrow('Không thể phê duyệt danh mục');
    expect(() => state.checkConsolidate()).not.toThrow();
    state.operationStarted();
    expect(() => state.checkCancel()).toThrow('đang xử lý một thao tác khác');
  });

  test('continue-as-new carries what the next run needs', () => {
    const state = fresh();
    state.approvalReminderSent('approval:3');
    state.approvalOverdue();
    const next = new CampaignWorkflowState(input, state.clock, state.carry());
    expect(next.carry()).toEqual({
      state: state.facts,
      remindersDone: ['approval:3'],
      approvalEscalated: true,
    });
  });
});

import fs from 'node:fs';
import { Worker } from '@temporalio/worker';
import { useHarness, TEST_SERVICE_CENTER } from '../support/harness';
import { startCompressedAgency } from '../support/compressed-clock';
import { eventually } from '../support/eventually';
import { historyMessages, saveHistory } from '../support/histories';
import { ENV_WORKFLOW_BUNDLE, required, testDatabases } from '../support/test-env';
import {
  agencyStateQuery,
  answerExtensionUpdate,
  reminderPlanQuery,
  requestExtensionUpdate,
} from '../../workflows/agency/messages';
import { WORK_CALENDAR_NONE } from '../../domain/working-days';

// Extension requests on a compressed campaign clock (one day = 5 s), on real timers: a grant moves
// the deadline and its reminders; a refusal changes nothing; an unanswered request reminds the
// Service Center on its answer day, then escalates once; the campaign's limits are refused in
// Vietnamese, naming the limit.

const SECONDS_PER_DAY = 5;
// Monday 04/03/2024 00:30 (the whole day to ask in); the agency's deadline is Friday 08/03, reminders Tuesday 05/03 and Thursday 07/03.
const START = Date.parse('2024-03-04T00:30:00+07:00');
const DEADLINE = '2024-03-08T23:59:59+07:00';
const iso = (local: string) => new Date(`${local}+07:00`).toISOString();
// The stand-in server signs an agency member's request (test/support/signing-client.ts).
const AGENCY_MEMBER = 'Người thử nghiệm (agency)';
/**
 * The answer deadline, worked out by hand: two working days (weekends only) after the day asked,
 * at its end. Asked on Monday 04/03 (as the clock starts), or on Tuesday 05/03 on a slow machine;
 * any other day fails the test.
 */
const ANSWER_BY_DAY_ASKED: Record<string, { at: string; shown: string }> = {
  '2024-03-04': { at: iso('2024-03-06T23:59:59.999'), shown: '06/03/2024' },
  '2024-03-05': { at: iso('2024-03-07T23:59:59.999'), shown: '07/03/2024' },
};
const dayAsked = (requestedAt: string) => new Date(Date.parse(requestedAt) + 7 * 3_600_000).toISOString().slice(0, 10); // the day in Asia/Ho_Chi_Minh
const bundle = () => ({ workflowBundle: { code: fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8') } });

describe.each(testDatabases())('extension requests on %s', (kind) => {
  const harness = useHarness(kind);

  const start = (policy: Record<string, number> = {}) =>
    startCompressedAgency(
      harness,
      { start: START, secondsPerDay: SECONDS_PER_DAY },
      {
        submissionDeadline: DEADLINE,
        calendar: WORK_CALENDAR_NONE,
        contacts: { serviceCenterEmail: 'ttpv@example.gov.vn' },
        policy: { extensionMaxWorkingDays: 5, ...policy },
      },
    );

  test('a granted request moves the deadline, its timer and its reminders; the agency is told', async () => {
    const { workflowId, handle, campaignNow } = await start();
    const db = harness.database.db;

    const asked = await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ deadline: '2024-03-13', reason: 'Chờ ý kiến của Bộ Tư pháp' }],
    });
    expect(asked).toMatchObject({
      kind: 'submission',
      currentDeadline: DEADLINE,
      requestedDeadline: iso('2024-03-13T23:59:59.999'),
      workingDays: 3,
      requestedAs: 'agency',
      status: 'pending',
    });
    // Two working days from the day asked (Monday, unless the machine is slow: the clock runs on).
    expect(asked.answerDeadline).toBe(ANSWER_BY_DAY_ASKED[dayAsked(asked.requestedAt)]?.at);

    // Granted with another day, Tuesday 12/03: reminders move to Thursday 07/03 and Monday 11/03.
    const granted = await handle.executeUpdate(answerExtensionUpdate, {
      args: [{ requestId: asked.id, decision: 'grant', deadline: '2024-03-12', reason: 'Hai ngày' }],
    });
    expect(granted).toMatchObject({ status: 'granted', grantedDeadline: iso('2024-03-12T23:59:59.999') });
    const state = await handle.query(agencyStateQuery);
    expect(state.activeDeadline).toEqual({ kind: 'submission', at: iso('2024-03-12T23:59:59.999') });
    const plan = await handle.query(reminderPlanQuery);
    expect(plan.reminders.map((r) => r.at)).toEqual([iso('2024-03-07T08:00:00'), iso('2024-03-11T08:00:00')]);
    expect(plan.escalationAt).toBe(iso('2024-03-12T23:59:59.999'));
    const assignment = await db.assignment.findFirstOrThrow({ where: { workflowId } });
    expect(assignment.submissionDeadline.toISOString()).toBe(iso('2024-03-12T23:59:59.999'));

    // The first reminder comes on Thursday with the new date; the answered request reminds no one.
    await eventually(
      async () =>
        expect(await db.notification.count({ where: { assignment: { workflowId }, kind: 'reminder' } })).toBe(2),
      40_000,
      100,
    );
    expect(campaignNow()).toBeGreaterThan(Date.parse(iso('2024-03-07T08:00:00')));
    const reminders = await db.notification.findMany({
      where: { assignment: { workflowId }, kind: 'reminder' },
      orderBy: { createdAt: 'asc' },
    });
    expect(reminders.map((r) => r.body.includes('12/03/2024'))).toEqual([true, true]);
    expect(
      await db.notification.count({ where: { assignment: { workflowId }, kind: 'extension_answer_reminder' } }),
    ).toBe(0);
    expect(await db.escalation.count({ where: { assignment: { workflowId } } })).toBe(0);

    // Audited with who asked and who answered; both sides were told.
    const audit = await db.auditEvent.findMany({
      where: { assignment: { workflowId }, action: { startsWith: 'extension_' } },
      orderBy: { at: 'asc' },
    });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['extension_request', AGENCY_MEMBER],
      ['extension_grant', TEST_SERVICE_CENTER],
    ]);
    expect(audit[0]!.payload).toMatchObject({ reason: 'Chờ ý kiến của Bộ Tư pháp', role: 'agency', workingDays: 3 });
    expect(audit[1]!.payload).toMatchObject({ grantedDeadline: iso('2024-03-12T23:59:59.999'), answer: 'Hai ngày' });
    const told = await db.notification.findFirstOrThrow({
      where: { assignment: { workflowId }, kind: 'extension_granted' },
    });
    expect(told.body).toContain('đến 23:59 ngày 12/03/2024');
    expect(await db.notification.count({ where: { assignment: { workflowId }, kind: 'extension_requested' } })).toBe(1);

    // Kept for the replay test (DONDOC_RECORD_HISTORIES=1): a request granted on running timers.
    await eventually(async () => expect((await handle.describe()).raw.pendingActivities ?? []).toHaveLength(0), 20_000);
    const history = await saveHistory(handle, 'agency-extension-request');
    expect(historyMessages(history)).toEqual(
      expect.arrayContaining(['update:requestExtension', 'update:answerExtension']),
    );
    await Worker.runReplayHistory(bundle(), history, workflowId);
  }, 90_000);

  test('a refused request changes nothing; the limits are refused naming them', async () => {
    const { workflowId, handle } = await start({ extensionRequestLimit: 1 });
    const db = harness.database.db;
    const planBefore = await handle.query(reminderPlanQuery);

    await expect(
      handle.executeUpdate(requestExtensionUpdate, {
        args: [{ deadline: '2024-03-18', reason: 'Thay đổi nhân sự' }],
      }),
    ).rejects.toMatchObject({
      cause: {
        message: expect.stringContaining(
          'mỗi lần gia hạn tối đa 5 ngày làm việc (policy.extensionMaxWorkingDays). Cách sửa: chọn ngày không muộn hơn 15/03/2024.',
        ),
      },
    });
    await expect(
      handle.executeUpdate(requestExtensionUpdate, {
        args: [{ deadline: '13/03/2024', reason: 'x' }],
      }),
    ).rejects.toMatchObject({
      cause: { message: expect.stringContaining('Thời hạn đề nghị (deadline) phải là một ngày dạng YYYY-MM-DD') },
    });

    const asked = await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ deadline: '2024-03-15', reason: 'Công văn giấy số 12/STP' }],
    });
    expect(asked).toMatchObject({ requestedAs: 'agency', workingDays: 5 });
    await expect(
      handle.executeUpdate(answerExtensionUpdate, {
        args: [{ requestId: asked.id, decision: 'refuse' }],
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringContaining('Cần nêu lý do không chấp thuận (reason)') } });
    const refused = await handle.executeUpdate(answerExtensionUpdate, {
      args: [{ requestId: asked.id, decision: 'refuse', reason: 'Thời hạn đã công bố từ đầu' }],
    });
    expect(refused).toMatchObject({ status: 'refused', answer: 'Thời hạn đã công bố từ đầu' });
    expect((await handle.query(agencyStateQuery)).activeDeadline).toEqual({ kind: 'submission', at: DEADLINE });
    // The plan is the one before (less any reminder sent meanwhile).
    const planAfter = await handle.query(reminderPlanQuery);
    expect(planAfter.deadline).toEqual(planBefore.deadline);
    expect(planAfter.escalationAt).toBe(planBefore.escalationAt);
    expect(planBefore.reminders).toEqual(expect.arrayContaining(planAfter.reminders));
    const assignment = await db.assignment.findFirstOrThrow({ where: { workflowId } });
    expect(assignment.submissionDeadline.toISOString()).toBe(new Date(DEADLINE).toISOString());
    const told = await db.notification.findFirstOrThrow({
      where: { assignment: { workflowId }, kind: 'extension_refused' },
    });
    expect(told.body).toContain('Lý do: Thời hạn đã công bố từ đầu');

    // One request per agency in this campaign.
    await expect(
      handle.executeUpdate(requestExtensionUpdate, {
        args: [{ deadline: '2024-03-11', reason: 'Lần hai' }],
      }),
    ).rejects.toMatchObject({
      cause: {
        message: expect.stringContaining(
          'Cơ quan đã gửi 1 đề nghị gia hạn, bằng giới hạn của chiến dịch: tối đa 1 đề nghị mỗi cơ quan (policy.extensionRequestLimit).',
        ),
      },
    });
  }, 60_000);

  test('an unanswered request reminds the Service Center on its answer day, then escalates once', async () => {
    const { workflowId, handle, campaignNow } = await start();
    const db = harness.database.db;
    const asked = await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ deadline: '2024-03-11', reason: 'Chờ hướng dẫn' }],
    });

    // Wednesday 06/03 08:00 the reminder, end of Wednesday the escalation.
    await eventually(
      async () => expect(await db.escalation.count({ where: { assignment: { workflowId } } })).toBe(1),
      40_000,
      100,
    );
    const escalation = await db.escalation.findFirstOrThrow({ where: { assignment: { workflowId } } });
    expect(escalation).toMatchObject({ kind: 'extension_unanswered', target: 'serviceCenter', resolvedAt: null });
    expect(escalation.deadline?.toISOString()).toBe(ANSWER_BY_DAY_ASKED[dayAsked(asked.requestedAt)]?.at);
    const reminder = await db.notification.findFirstOrThrow({
      where: { assignment: { workflowId }, kind: 'extension_answer_reminder' },
    });
    expect(reminder.body).toContain(
      `Hạn trả lời là 23:59 ngày ${ANSWER_BY_DAY_ASKED[dayAsked(asked.requestedAt)]?.shown}`,
    );
    await eventually(async () => {
      const alert = await db.notification.findFirstOrThrow({
        where: { assignment: { workflowId }, kind: 'escalation' },
      });
      expect(alert.subject).toContain('Quá hạn trả lời đề nghị gia hạn của cơ quan');
    });

    // A day later still once each; a late grant resolves the escalation.
    const later = campaignNow() + 86_400_000;
    await eventually(() => expect(campaignNow()).toBeGreaterThan(later), 10_000, 100);
    expect(await db.escalation.count({ where: { assignment: { workflowId } } })).toBe(1);
    expect(
      await db.notification.count({ where: { assignment: { workflowId }, kind: 'extension_answer_reminder' } }),
    ).toBe(1);
    await handle.executeUpdate(answerExtensionUpdate, {
      args: [{ requestId: asked.id, decision: 'grant' }],
    });
    await eventually(async () =>
      expect(
        (await db.escalation.findFirstOrThrow({ where: { assignment: { workflowId } } })).resolvedAt,
      ).not.toBeNull(),
    );

    // Replays as recorded: nothing raised twice on replay.
    await eventually(async () => expect((await handle.describe()).raw.pendingActivities ?? []).toHaveLength(0), 20_000);
    await Worker.runReplayHistory(bundle(), await handle.fetchHistory(), workflowId);
  }, 90_000);
});

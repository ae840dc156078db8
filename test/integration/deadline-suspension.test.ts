import fs from 'node:fs';
import { Worker } from '@temporalio/worker';
import { buildCampaignReport } from '../../reporting/build';
import { renderMarkdown } from '../../reporting/render-markdown';
import { CLI_PEOPLE, useAdminScript, writeCampaignFile } from '../support/cli-runner';
import { useHarness, uniqueId } from '../support/harness';
import { eventually } from '../support/eventually';
import { startCompressedAgency } from '../support/compressed-clock';
import { historyMessages, saveHistory } from '../support/histories';
import { ENV_WORKFLOW_BUNDLE, required, testDatabases } from '../support/test-env';
import { agencyStateQuery, reminderPlanQuery } from '../../workflows/agency/messages';
import { resumeDeadlineUpdate, suspendDeadlineUpdate } from '../../workflows/agency/suspension-messages';
import { localDay, WORK_CALENDAR_NONE } from '../../domain/working-days';

// Suspending an agency's clock on a compressed campaign clock (one day = 5 s): while suspended no
// reminder or escalation fires even past the old deadline; on resume the agency gets back the
// working days it had left, counted from the resume date, and the reminders follow. The test dates
// each action itself (`actAt`: an Update acts, and its check decides, at the instant its proof was
// signed), so the campaign instants the records carry do not depend on how fast a loaded machine
// delivers them; what is left to real time has days of campaign time (10 s or more) of room. A
// suspension that reaches the worker only after the deadline's timer fired is held back on purpose
// (`signAt`): it still counts from the instant the person acted.

const SERVICE_CENTER = 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh';
const SECONDS_PER_DAY = 5;
// Thursday; the suspension falls on the weekend before the five working days to Friday 01/03, the
// resume on the weekend after it.
const START = Date.parse('2024-02-22T08:00:00+07:00');
const SUSPENDED_AT = Date.parse('2024-02-24T00:00:00+07:00');
const RESUMED_AT = Date.parse('2024-03-02T08:00:00+07:00');
const WEEKEND_DAYS = ['2024-02-24', '2024-02-25', '2024-03-02', '2024-03-03'];

describe.each(testDatabases())('deadline suspension on %s', (kind) => {
  const harness = useHarness(kind);

  test('a suspended agency gets no reminder or escalation and resumes with the working days it had left', async () => {
    const { workflowId, handle, campaignNow, actAt } = await startCompressedAgency(
      harness,
      { start: START, secondsPerDay: SECONDS_PER_DAY },
      {
        agency: { code: 'so-xay-dung', name: 'Sở Xây dựng', kind: 'department', email: 'sxd@example.gov.vn' },
        contacts: { serviceCenterEmail: 'ttpv@example.gov.vn' },
        // Friday 01/03: reminders Tuesday 27/02 and Thursday 29/02 at 08:00.
        submissionDeadline: '2024-03-01T23:59:59+07:00',
        calendar: WORK_CALENDAR_NONE,
      },
    );
    const db = harness.database.db;

    // The suspension is the first Update, acting on Saturday; the campaign instant it landed at is
    // checked, not assumed. Monday to Friday are left.
    const { result: suspension, actedAt: suspendedAt } = await actAt(SUSPENDED_AT, suspendDeadlineUpdate, {
      reason: 'Cơ quan đang chờ hướng dẫn của Bộ Tư pháp',
    });
    // The suspension counts from the instant the person acted, whenever the worker reached it.
    const since = (await handle.query(agencyStateQuery)).suspension!.since;
    expect(since).toBe(new Date(suspendedAt).toISOString());
    expect(suspension).toMatchObject({ kind: 'submission', workingDaysLeft: 5, deadline: '2024-03-01T23:59:59+07:00' });
    // A reason is required.
    await expect(handle.executeUpdate(suspendDeadlineUpdate, { args: [{ reason: '' }] })).rejects.toMatchObject({
      cause: { message: expect.stringContaining('Cần nêu lý do tạm dừng (reason)') },
    });
    await expect(handle.executeUpdate(suspendDeadlineUpdate, { args: [{ reason: 'Lần nữa' }] })).rejects.toMatchObject({
      cause: { message: expect.stringContaining('đã được tạm dừng') },
    });
    expect((await handle.query(reminderPlanQuery)).reminders).toEqual([]);

    // Wait past the old deadline (Friday) into the weekend, Saturday 02/03 06:00.
    const weekend = Date.parse('2024-03-02T06:00:00+07:00');
    await eventually(() => expect(campaignNow()).toBeGreaterThan(weekend), 70_000, 100);
    const state = await handle.query(agencyStateQuery);
    expect(state.suspension).toMatchObject({
      reason: 'Cơ quan đang chờ hướng dẫn của Bộ Tư pháp',
      since,
    });
    expect(state.overdue).toBe(false);
    expect(await db.notification.count({ where: { assignment: { workflowId }, kind: 'reminder' } })).toBe(0);
    expect(await db.escalation.count({ where: { assignment: { workflowId } } })).toBe(0);

    // Resumed on the weekend: five working days from it is Friday 08/03.
    const { result: receipt, actedAt: resumedAt } = await actAt(RESUMED_AT, resumeDeadlineUpdate, {});
    expect(WEEKEND_DAYS).toContain(localDay(new Date(resumedAt)));
    expect(receipt).toEqual({
      kind: 'submission',
      previousDeadline: '2024-03-01T23:59:59+07:00',
      deadline: new Date('2024-03-08T23:59:59.999+07:00').toISOString(),
      workingDaysLeft: 5,
    });
    expect((await handle.query(reminderPlanQuery)).reminders.map((r) => r.at)).toEqual([
      new Date('2024-03-05T08:00:00+07:00').toISOString(),
      new Date('2024-03-07T08:00:00+07:00').toISOString(),
    ]);
    const assignment = await db.assignment.findFirstOrThrow({ where: { workflowId } });
    expect(assignment.submissionDeadline.toISOString()).toBe(receipt.deadline);
    await expect(handle.executeUpdate(resumeDeadlineUpdate, { args: [{}] })).rejects.toMatchObject({
      cause: { message: expect.stringContaining('không bị tạm dừng') },
    });

    // The reminders then the escalation come on the new deadline, once each.
    await eventually(
      async () => expect(await db.escalation.count({ where: { assignment: { workflowId } } })).toBe(1),
      70_000,
    );
    const escalation = await db.escalation.findFirstOrThrow({ where: { assignment: { workflowId } } });
    expect(escalation.deadline?.toISOString()).toBe(receipt.deadline);
    expect(escalation.raisedAt.getTime()).toBeGreaterThan(Date.parse(receipt.deadline));
    const reminders = await db.notification.findMany({ where: { assignment: { workflowId }, kind: 'reminder' } });
    expect(reminders).toHaveLength(2);
    expect(reminders.every((r) => r.body.includes('08/03/2024'))).toBe(true);

    // Both steps are in the audit trail, and the agency was told its new deadline.
    const audit = await db.auditEvent.findMany({
      where: { assignment: { workflowId }, action: { in: ['suspend', 'resume'] } },
      orderBy: { at: 'asc' },
    });
    expect(audit.map((a) => [a.action, a.actor, a.at.toISOString()])).toEqual([
      ['suspend', SERVICE_CENTER, new Date(suspendedAt).toISOString()],
      ['resume', SERVICE_CENTER, new Date(resumedAt).toISOString()],
    ]);
    expect(audit[0]!.payload).toMatchObject({
      reason: 'Cơ quan đang chờ hướng dẫn của Bộ Tư pháp',
      workingDaysLeft: 5,
    });
    expect(audit[1]!.payload).toMatchObject({
      previousDeadline: '2024-03-01T23:59:59+07:00',
      deadline: receipt.deadline,
    });
    const told = await db.notification.findFirstOrThrow({
      where: { assignment: { workflowId }, kind: 'deadline_extended' },
    });
    expect(told.body).toContain('Tiếp tục tính thời hạn sau thời gian tạm dừng');
    expect(historyMessages(await saveHistory(handle, 'agency-deadline-suspension'))).toEqual(
      expect.arrayContaining(['update:suspendDeadline', 'update:resumeDeadline']),
    );
  }, 200_000);

  test('a suspension signed before the deadline counts from that instant, though the worker reaches it after the deadline passed', async () => {
    const deadline = '2024-03-01T23:59:59+07:00';
    const { workflowId, handle, campaignNow, signAt, actAt } = await startCompressedAgency(
      harness,
      // Thursday 29/02 08:00; the deadline is Friday's end.
      { start: Date.parse('2024-02-29T08:00:00+07:00'), secondsPerDay: SECONDS_PER_DAY },
      {
        agency: { code: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department', email: 'snv@example.gov.vn' },
        contacts: { serviceCenterEmail: 'ttpv@example.gov.vn' },
        submissionDeadline: deadline,
        calendar: WORK_CALENDAR_NONE,
      },
    );
    const db = harness.database.db;
    const reason = 'Cơ quan đang chờ ý kiến của Sở Tài chính';

    // The Service Center suspends on Thursday evening, with Friday left; the Update is held back
    // until the deadline's timer has fired and raised its overdue escalation.
    const signed = await signAt(Date.parse('2024-02-29T20:00:00+07:00'), suspendDeadlineUpdate, { reason });
    await eventually(
      async () => expect(await db.escalation.count({ where: { assignment: { workflowId } } })).toBe(1),
      40_000,
      100,
    );
    expect(campaignNow()).toBeGreaterThan(Date.parse(deadline));
    expect((await handle.query(agencyStateQuery)).overdue).toBe(true);

    const since = new Date(signed.actedAt).toISOString();
    const suspension = await signed.send();
    expect(suspension).toEqual({ kind: 'submission', deadline, workingDaysLeft: 1, since, reason, by: SERVICE_CENTER });
    const state = await handle.query(agencyStateQuery);
    expect(state.suspension).toMatchObject({ since, workingDaysLeft: 1 });
    expect(state.overdue).toBe(false);
    expect((await handle.query(reminderPlanQuery)).reminders).toEqual([]);
    // The overdue escalation was raised for a deadline suspended before it passed: resolved as of then.
    const escalation = await db.escalation.findFirstOrThrow({ where: { assignment: { workflowId } } });
    expect(escalation).toMatchObject({ kind: 'submission_overdue' });
    expect(escalation.resolvedAt?.toISOString()).toBe(since);
    const assignment = await db.assignment.findFirstOrThrow({ where: { workflowId } });
    expect(assignment.overdue).toBe(false);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { assignment: { workflowId }, action: 'suspend' } });
    expect([audit.actor, audit.at.toISOString()]).toEqual([SERVICE_CENTER, since]);

    // Resumed on Monday 04/03: the one working day left is Tuesday 05/03.
    const { result: receipt } = await actAt(Date.parse('2024-03-04T09:00:00+07:00'), resumeDeadlineUpdate, {});
    expect(receipt).toMatchObject({
      previousDeadline: deadline,
      deadline: new Date('2024-03-05T23:59:59.999+07:00').toISOString(),
      workingDaysLeft: 1,
    });
    expect((await handle.query(agencyStateQuery)).overdue).toBe(false);

    // Kept for the replay test (DONDOC_RECORD_HISTORIES=1): the gate's path, a suspension reached late.
    await eventually(async () => expect((await handle.describe()).raw.pendingActivities ?? []).toHaveLength(0));
    const history = await saveHistory(handle, 'agency-suspension-at-proof');
    await Worker.runReplayHistory(
      { workflowBundle: { code: fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8') } },
      history,
      workflowId,
    );
  }, 120_000);
});

describe.each(testDatabases())('deadline suspend and resume with the admin script on %s', (kind) => {
  const { server, dir, cli } = useAdminScript(kind);

  test('suspend, status shows it, resume tells the new deadline; bad input named', async () => {
    const campaignId = uniqueId('suspend');
    const day = (days: number) => localDay(new Date(Date.now() + days * 86_400_000));
    const file = writeCampaignFile(dir, campaignId, [{ code: 'so-y-te', name: 'Sở Y tế', kind: 'department' }], {
      deadlines: { submission: `${day(30)}T23:59:59+07:00`, approval: `${day(40)}T23:59:59+07:00` },
    });
    expect((await cli(['campaign', 'launch', file])).code).toBe(0);
    await eventually(async () =>
      expect(await server.harness.database.db.assignment.count({ where: { campaignId } })).toBe(1),
    );

    const missing = await cli(['deadline', 'suspend', campaignId, 'so-y-te']);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('--reason');

    const suspended = await cli([
      'deadline',
      'suspend',
      campaignId,
      'so-y-te',
      '--reason',
      'Đang sáp nhập phòng chuyên môn',
    ]);
    expect(suspended).toMatchObject({ code: 0, err: '' });
    expect(suspended.out).toContain('Đã tạm dừng hạn nộp của Sở Y tế (so-y-te)');
    await eventually(async () => {
      const status = await cli(['campaign', 'status', campaignId, '--agencies']);
      expect(status.out).toContain('Đang tạm dừng thời hạn: 1 cơ quan');
      expect(status.out).toMatch(
        /so-y-te\s+Sở Y tế: Đã giao; hạn nộp .* — TẠM DỪNG từ .*Đang sáp nhập phòng chuyên môn/,
      );
    });

    // The report lists it.
    const report = await buildCampaignReport({ db: server.harness.database.db, campaignId });
    expect(report.deadlines.suspended).toEqual([
      expect.objectContaining({
        code: 'so-y-te',
        reason: 'Đang sáp nhập phòng chuyên môn',
        by: CLI_PEOPLE.serviceCenter,
      }),
    ]);
    expect(renderMarkdown(report)).toContain('| Sở Y tế | so-y-te |');

    const resumed = await cli(['deadline', 'resume', campaignId, 'so-y-te']);
    expect(resumed).toMatchObject({ code: 0, err: '' });
    expect(resumed.out).toMatch(
      /Đã tiếp tục tính hạn nộp của Sở Y tế \(so-y-te\): \d+ ngày làm việc còn lại, hạn mới hết ngày/,
    );
    const again = await cli(['deadline', 'resume', campaignId, 'so-y-te']);
    expect(again.code).not.toBe(0);
    expect(again.err).toContain('không bị tạm dừng');
    const status = await cli(['campaign', 'status', campaignId, '--agencies']);
    expect(status.out).not.toContain('TẠM DỪNG');
  }, 60_000);
});

import { useHarness } from '../support/harness';
import { eventually, stillAfterSettling } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { justiceDepartmentList } from '../support/sample-lists';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { testDatabases } from '../support/test-env';
import { acceptListUpdate, remindNowUpdate, returnListUpdate, submitListUpdate } from '../../workflows/agency/messages';
import { WORK_CALENDAR_NONE } from '../../domain/working-days';

// Notifications end to end: the workflow's events arrive as Vietnamese e-mail at a real SMTP
// server on 127.0.0.1, each exactly once, and reminders fire at their working-day instants.

const AGENCY_MAIL = 'snv@example.gov.vn';
const REVIEWER_MAIL = 'stttt@example.gov.vn';
const OFFICE_MAIL = 'ttpv@example.gov.vn';
const SERVICE_CENTER = 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh';
const contacts = { reviewerEmail: REVIEWER_MAIL, serviceCenterEmail: OFFICE_MAIL };
const subjects = (sink: SmtpSink, address: string) => sink.to(address).map((mail) => mail.parsed.subject ?? '');

describe.each(testDatabases())('agency notifications on %s', (kind) => {
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  const harness = useHarness(kind, () => ({ smtpUrl: sink.url }));

  afterAll(async () => {
    await sink?.stop();
  });

  test('agency, reviewer and Service Center each receive their messages once', async () => {
    sink.clear();
    const { workflowId } = await harness.startAgency({
      agency: { code: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department', email: AGENCY_MAIL },
      contacts,
    });
    const handle = harness.client.workflow.getHandle(workflowId);
    const submit = () => handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    const giveBack = (overall: string) => handle.executeUpdate(returnListUpdate, { args: [{ reasons: { overall } }] });
    await submit();
    await giveBack('Thiếu kết quả giải quyết TTHC');
    await submit();
    await giveBack('Vẫn thiếu');
    await submit();
    await handle.executeUpdate(acceptListUpdate, { args: [{}] });

    await eventually(() => expect(sink.messages).toHaveLength(4 + 3 + 1));
    await stillAfterSettling(() => expect(sink.messages).toHaveLength(4 + 3 + 1));
    const agencyMail = subjects(sink, AGENCY_MAIL);
    expect(agencyMail).toHaveLength(4);
    expect(agencyMail[0]).toContain('Giao nhiệm vụ');
    expect(agencyMail.filter((s) => s.includes('Trả lại danh sách'))).toHaveLength(2);
    expect(agencyMail.some((s) => /chấp nhận/i.test(s))).toBe(true);
    expect(subjects(sink, REVIEWER_MAIL)).toHaveLength(3);
    const office = sink.to(OFFICE_MAIL);
    expect(office).toHaveLength(1);
    expect(office[0]!.parsed.text).toContain('Sở Nội vụ');
    const returned = sink.to(AGENCY_MAIL).find((mail) => mail.parsed.subject?.includes('Trả lại'));
    expect(returned!.parsed.text).toContain('Thiếu kết quả giải quyết TTHC');
    // The reviewer sees what changed between versions.
    expect(sink.to(REVIEWER_MAIL)[1]!.parsed.text).toMatch(/thay đổi|không có thay đổi/i);
  });

  test('reminders at their working-day instants, then the escalation, on a compressed clock', async () => {
    sink.clear();
    // Monday 26/02/2024 08:00, one simulated day every 5 real seconds (slow enough that a loaded
    // machine's set-up does not run past the first reminder); deadline Friday 01/03 end of day,
    // about 23 real seconds away.
    const deadline = '2024-03-01T23:59:59+07:00';
    const clock = {
      secondsPerDay: 5,
      simulatedStart: '2024-02-26T08:00:00+07:00',
      realStart: new Date().toISOString(),
    };
    const campaignNow = () =>
      Date.parse(clock.simulatedStart) + ((Date.now() - Date.parse(clock.realStart)) * 86_400) / clock.secondsPerDay;
    const { workflowId } = await harness.startAgency({
      agency: { code: 'so-khcn', name: 'Sở Khoa học và Công nghệ', kind: 'department', email: AGENCY_MAIL },
      contacts,
      submissionDeadline: deadline,
      calendar: WORK_CALENDAR_NONE,
      clock,
    });
    const escalations = () => harness.database.db.escalation.findMany({ where: { assignment: { workflowId } } });
    const reminders = () =>
      harness.database.db.notification.findMany({
        where: { assignment: { workflowId }, kind: 'reminder' },
        orderBy: { createdAt: 'asc' },
      });
    await eventually(async () => expect(await escalations()).toHaveLength(1), 60_000);
    const observedAt = campaignNow();
    // Values derived from the deadline, not from how fast this machine is: the escalation is for
    // that deadline, raised once it had passed (and not later than campaign time when we saw it).
    const [escalation] = await escalations();
    expect(escalation).toMatchObject({ kind: 'submission_overdue', deadline: new Date(deadline) });
    expect(escalation!.raisedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(deadline));
    expect(escalation!.raisedAt.getTime()).toBeLessThanOrEqual(observedAt);
    // The reminders: 3 and 1 working days before the deadline, in that order.
    const sent = await reminders();
    expect(sent.map((reminder) => reminder.body.match(/\d ngày làm việc/)?.[0])).toEqual([
      '3 ngày làm việc',
      '1 ngày làm việc',
    ]);
    await eventually(() =>
      expect(sink.to(OFFICE_MAIL).map((mail) => mail.parsed.subject)).toEqual([
        expect.stringContaining('Sở Khoa học và Công nghệ'),
      ]),
    );
    // Exactly once, still, after a settle window.
    await stillAfterSettling(async () => {
      expect(await escalations()).toHaveLength(1);
      expect(await reminders()).toHaveLength(2);
      expect(sink.to(OFFICE_MAIL)).toHaveLength(1);
    });
    await recordHistory(harness.client.workflow.getHandle(workflowId), 'agency-reminders-escalation');
  }, 120_000);

  test('remind now reaches the agency, or the reviewer while a list awaits review, once per request', async () => {
    sink.clear();
    const { workflowId } = await harness.startAgency({
      agency: { code: 'so-gtvt', name: 'Sở Giao thông vận tải', kind: 'department', email: AGENCY_MAIL },
      contacts,
    });
    const handle = harness.client.workflow.getHandle(workflowId);
    await eventually(() => expect(subjects(sink, AGENCY_MAIL)).toHaveLength(1)); // the assignment

    const remind = (updateId: string, note?: string) =>
      handle.executeUpdate(remindNowUpdate, { updateId, args: [{ note }] });
    const receipt = await remind(`${workflowId}:r1`, 'Còn thiếu các TTHC lĩnh vực đường bộ.');
    expect(receipt).toMatchObject({
      kind: 'submission',
      audience: 'agency',
      notificationKey: expect.stringContaining(workflowId),
    });
    expect(receipt.workingDaysLeft).toBeGreaterThanOrEqual(15); // 30 calendar days away
    expect(receipt.workingDaysLate).toBeUndefined();
    // The same request again (a retried command keeps its update ID): one e-mail, not two.
    expect(await remind(`${workflowId}:r1`, 'Còn thiếu các TTHC lĩnh vực đường bộ.')).toEqual(receipt);

    // The transactional outbox: once an Update has answered, its messages are recorded with it
    // (delivery follows in the background).
    const outboxed = (kind: string) =>
      harness.database.db.notification.count({ where: { assignment: { workflowId }, kind } });
    expect(await outboxed('reminder')).toBe(1);
    await handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    expect(await outboxed('submission_received')).toBe(1);
    const review = await remind(`${workflowId}:r2`);
    expect(await outboxed('review_reminder')).toBe(1);
    expect(review).toMatchObject({ kind: 'review', audience: 'reviewer' });

    await eventually(() => expect(subjects(sink, REVIEWER_MAIL)).toHaveLength(2)); // the submission and the reminder
    const agencyMail = sink.to(AGENCY_MAIL);
    expect(agencyMail).toHaveLength(2);
    expect(agencyMail[1]!.parsed.subject).toMatch(
      /^\[751\/UBND-TTHC\] Nhắc hạn: còn \d+ ngày làm việc để gửi kết quả \(hạn \d{2}\/\d{2}\/\d{4}\)$/,
    );
    expect(agencyMail[1]!.parsed.text).toContain(
      `Nhắc việc theo yêu cầu của ${SERVICE_CENTER}.\nLời nhắn: Còn thiếu các TTHC lĩnh vực đường bộ.`,
    );
    // The relay delivers due rows side by side: the submission's notice and the reminder may arrive in either order.
    expect(subjects(sink, REVIEWER_MAIL).filter((subject) => subject.includes('Nhắc thẩm định'))).toEqual([
      expect.stringContaining('Nhắc thẩm định: danh sách của Sở Giao thông vận tải (phiên bản 1)'),
    ]);

    const audit = await harness.database.db.auditEvent.findMany({
      where: { assignment: { workflowId }, action: 'remind' },
    });
    expect(audit.map((event) => event.actor)).toEqual([SERVICE_CENTER, SERVICE_CENTER]);
    const rows = await harness.database.db.notification.findMany({
      where: { assignment: { workflowId }, kind: { in: ['reminder', 'review_reminder'] } },
    });
    expect(rows.map((row) => row.status).sort()).toEqual(['sent', 'sent']);

    // An agency with nothing running has nothing to remind of (who may remind: proof-matrix.test.ts).
    await handle.executeUpdate(acceptListUpdate, { args: [{}] });
    await expect(handle.executeUpdate(remindNowUpdate, { args: [{}] })).rejects.toMatchObject({
      cause: { message: expect.stringContaining('Không có hạn nào đang chạy ở trạng thái "Đã chấp nhận"') },
    });
    await recordHistory(handle, 'agency-remind-now');
  });
});

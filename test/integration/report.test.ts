import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createReportActivities } from '../../activities/report';
import { buildCampaignReport } from '../../reporting/build';
import { runReport } from '../../reporting/run-report';
import type { CampaignReport } from '../../reporting/model';
import { ensureReportSchedule } from '../../server/campaign/report-schedule';
import { startAgencyWorkflow } from '../../server/launch/start-agency';
import { vietnamCalendarFor } from '../../domain/calendar/vietnam';
import { createDondocWorker } from '../../worker/create-worker';
import type { reportWorkflow } from '../../workflows/report/workflow';
import { isWorkingDay, localDay } from '../../domain/working-days';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { uniqueId } from '../support/harness';
import {
  AGENCIES,
  agencyCode,
  endOf,
  EXPECTED,
  FORMULA_NAME,
  HOSTILE_NAME,
  REPORT_AT,
  seedReportScenario,
  vn,
} from '../support/report-scenario';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ENV_TEMPORAL_ADDRESS, ENV_WORKFLOW_BUNDLE, required, testDatabases } from '../support/test-env';

// The reporting job on real databases and the real Temporal dev server: a known scenario written
// with Prisma, the report built from it, every format written, the daily schedule created and
// updated, and the report workflow run by a real worker.

const FROM = 'dondoc <dondoc@quangngai.gov.vn>';

const byCode = (report: CampaignReport, campaignId: string, n: number) =>
  report.agencies.find((a) => a.code === agencyCode(campaignId, n))!;

describe.each(testDatabases())('reporting job on %s', (kind) => {
  let database: TestDatabase;
  let campaignId: string;
  let report: CampaignReport;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-reports-'));

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    campaignId = uniqueId('c751');
    await seedReportScenario(database.db, campaignId);
    report = await buildCampaignReport({ db: database.db, campaignId, at: REPORT_AT });
  });

  afterAll(async () => {
    await database?.drop();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  test('counts per stage and per kind equal the database exactly', async () => {
    const db = database.db;
    const byStage = await db.assignment.groupBy({ by: ['stage'], where: { campaignId }, _count: { _all: true } });
    for (const { stage, _count } of byStage)
      expect(report.stages.find((s) => s.stage === stage)!.count).toBe(_count._all);
    expect(Object.fromEntries(report.stages.map((s) => [s.stage, s.count]))).toEqual(EXPECTED.stages);
    expect(report.stages.map((s) => s.label)).toEqual([
      'Đã giao',
      'Đã nộp',
      'Bị trả lại',
      'Đã nộp lại',
      'Đã chấp nhận',
      'Đã tổng hợp',
      'Đã phê duyệt',
      'Đã rút khỏi chiến dịch',
    ]);
    expect(report.summary).toEqual({
      agencies: await db.assignment.count({ where: { campaignId } }),
      inReview: 2,
      accepted: 4,
      pending: 4,
      withdrawn: 1,
      late: 5,
      perfunctory: 2,
      openEscalations: 4,
      // The colour status of every agency but the withdrawn one; "quá hạn" is exactly `late`.
      byDeadlineStatus: [
        { status: 'on_track', label: 'Còn hạn', count: 1 },
        { status: 'due_soon', label: 'Sắp đến hạn', count: 0 },
        { status: 'overdue', label: 'Quá hạn', count: 5 },
        { status: 'done_on_time', label: 'Hoàn thành đúng hạn', count: 3 },
        { status: 'done_late', label: 'Hoàn thành trễ hạn', count: 1 },
        { status: 'suspended', label: 'Tạm dừng tính hạn', count: 0 },
      ],
    });
    expect(Object.fromEntries(report.kinds.map((k) => [k.kind, k.total]))).toEqual(EXPECTED.kinds);
    expect(report.kinds.map((k) => k.label)).toEqual([
      'Sở, ban, ngành',
      'Công an tỉnh',
      'UBND cấp huyện',
      'UBND cấp xã',
      'Khác',
    ]);
    expect(report.kinds.find((k) => k.kind === 'department')!.byStage).toEqual({
      approved: 1,
      accepted: 2,
      assigned: 1,
    });
    // The free-text kind "ban-quan-ly" is counted under Khác.
    expect(report.kinds.find((k) => k.kind === 'other')!.byStage).toEqual({ returned: 1 });
    expect(report.agencies).toHaveLength(AGENCIES.length);
  });

  test('every agency: Vietnamese stage, deadlines, working days late, returns, escalations, version', () => {
    for (const a of AGENCIES)
      expect([a.n, byCode(report, campaignId, a.n).lateness?.daysLate ?? null]).toEqual([a.n, EXPECTED.daysLate[a.n]]);
    const justice = byCode(report, campaignId, 2);
    expect(justice).toMatchObject({
      name: 'Sở Nội vụ',
      kindLabel: 'Sở, ban, ngành',
      stageLabel: 'Đã chấp nhận',
      returnCount: 2,
      currentVersion: 3,
    });
    expect(justice.escalations).toEqual([
      expect.objectContaining({
        kind: 'perfunctory',
        label: 'Thực hiện mang tính đối phó (danh sách bị trả lại nhiều lần)',
        open: true,
      }),
    ]);
    const police = byCode(report, campaignId, 4);
    expect(police).toMatchObject({
      stageLabel: 'Đã nộp',
      lastSubmittedAt: vn('2024-03-06T14:00').toISOString(),
      lateness: { basis: 'submission', daysLate: 2, ongoing: false },
    });
    expect(police.deadlines).toEqual({
      submission: endOf('2024-03-04').toISOString(),
      resubmission: null,
      review: endOf('2024-03-13').toISOString(),
    });
    expect(police.escalations).toEqual([
      expect.objectContaining({
        kind: 'submission_overdue',
        open: false,
        resolvedAt: vn('2024-03-06T14:00').toISOString(),
      }),
    ]);
    expect(byCode(report, campaignId, 9)).toMatchObject({
      stageLabel: 'Đã rút khỏi chiến dịch',
      lateness: null,
      stageReason: 'Sáp nhập đơn vị hành chính',
    });
  });

  test('days late across Tết 2024: deadline 08/02, list on 16/02 is 1 working day late, not 8 calendar days', () => {
    expect(byCode(report, campaignId, 8)).toMatchObject({
      name: 'Thanh tra tỉnh',
      lastSubmittedAt: vn('2024-02-16T09:00').toISOString(),
      lateness: { basis: 'submission', deadline: endOf('2024-02-08').toISOString(), daysLate: 1, ongoing: false },
    });
  });

  test('the list for the Chairman: late and perfunctory agencies, most serious first', () => {
    expect(report.attention.map((a) => a.code)).toEqual(EXPECTED.attention.map((n) => agencyCode(campaignId, n)));
    expect(
      report.attention
        .filter((a) => a.late)
        .map((a) => a.code)
        .sort(),
    ).toEqual(EXPECTED.late.map((n) => agencyCode(campaignId, n)));
    expect(
      report.attention
        .filter((a) => a.perfunctory)
        .map((a) => a.code)
        .sort(),
    ).toEqual(EXPECTED.perfunctory.map((n) => agencyCode(campaignId, n)));
    const hostile = report.attention.find((a) => a.code === agencyCode(campaignId, 3))!;
    expect(hostile).toMatchObject({
      name: HOSTILE_NAME,
      daysLate: 3,
      reasons: ['Quá hạn nộp danh sách (hạn 04/03/2024)'],
      responsible: 'Cơ quan được giao',
    });
    // Only the review is late at UBND huyện Lý Sơn: Sở TTTT answers for it.
    expect(report.attention.find((a) => a.code === agencyCode(campaignId, 6))!.responsible).toBe(
      'Sở Thông tin và Truyền thông',
    );
  });

  test('progress per day from the audit trail: first submissions and acceptances, cumulated', () => {
    expect(report.progress[0]).toEqual({ day: '2024-02-07', submitted: 0, accepted: 0 });
    expect(report.progress.at(-1)).toEqual({ day: '2024-03-07', ...EXPECTED.progressEnd });
    const on = (day: string) => report.progress.find((p) => p.day === day);
    expect(on('2024-02-15')).toEqual({ day: '2024-02-15', submitted: 0, accepted: 0 });
    expect(on('2024-02-16')).toEqual({ day: '2024-02-16', submitted: 1, accepted: 0 });
    // Sở Nội vụ submitted three times: counted once, on 19/02.
    expect(on('2024-02-26')).toEqual({ day: '2024-02-26', submitted: 5, accepted: 2 });
    expect(report.lateness).toEqual([
      { label: 'Không trễ hạn', count: 3 },
      { label: '1–2 ngày', count: 4 },
      { label: '3–5 ngày', count: 3 },
      { label: '6–10 ngày', count: 0 },
      { label: 'Trên 10 ngày', count: 0 },
    ]);
  });

  test('runReport writes HTML, Markdown, CSV and JSON to reports/<campaign>/<day>/, the hostile name escaped', async () => {
    const result = await runReport({ db: database.db, campaignId, at: REPORT_AT, baseDir: outDir });
    expect(result.dir).toBe(path.join(outDir, campaignId, '2024-03-07'));
    expect(result.paths.map((p) => path.basename(p))).toEqual([
      'bao-cao-tien-do.html',
      'bao-cao-tien-do.md',
      'bao-cao-tien-do.json',
      'co-quan.csv',
      'co-quan-cham-tre-doi-pho.csv',
    ]);
    const read = (file: string) => fs.readFileSync(file, 'utf8');

    const html = read(result.files.html);
    expect(html).toContain('<h1>Báo cáo tiến độ thực hiện Công văn 751/UBND-TTHC</h1>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>Đức</b>');
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; UBND xã &quot;Hành&quot; &amp; &lt;b&gt;Đức&lt;/b&gt;',
    );
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html.indexOf('Danh sách cơ quan chậm trễ / thực hiện mang tính đối phó')).toBeLessThan(
      html.indexOf('Chi tiết từng cơ quan'),
    );

    const md = read(result.files.markdown);
    expect(md).not.toContain('<script');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).toContain('- Cơ quan chậm trễ: **5**');

    const json = JSON.parse(read(result.files.json)) as CampaignReport;
    expect(json.summary).toEqual(report.summary);
    expect(json.agencies.find((a) => a.code === agencyCode(campaignId, 3))!.name).toBe(HOSTILE_NAME);

    const rows = parse(read(result.files.csv), { bom: true }) as string[][];
    expect(rows).toHaveLength(AGENCIES.length + 1);
    const thanhTra = rows.find((r) => r[1] === agencyCode(campaignId, 8))!;
    expect(thanhTra.slice(2, 11)).toEqual([
      'Thanh tra tỉnh',
      'Sở, ban, ngành',
      'Đã chấp nhận',
      '',
      '08/02/2024',
      '',
      '',
      '16/02/2024',
      '1',
    ]);
    expect(rows.find((r) => r[1] === agencyCode(campaignId, 10))![2]).toBe(`'${FORMULA_NAME}`);
    const attention = parse(read(result.files.attentionCsv), { bom: true }) as string[][];
    expect(attention.slice(1).map((r) => r[1])).toEqual(EXPECTED.attention.map((n) => agencyCode(campaignId, n)));

    // Same day again: the files are replaced, nothing else appears.
    await runReport({ db: database.db, campaignId, at: vn('2024-03-07T16:00'), baseDir: outDir });
    expect(fs.readdirSync(result.dir).sort()).toEqual([
      'bao-cao-tien-do.html',
      'bao-cao-tien-do.json',
      'bao-cao-tien-do.md',
      'co-quan-cham-tre-doi-pho.csv',
      'co-quan.csv',
    ]);
  });

  test('an unknown campaign is an error that names it', async () => {
    await expect(buildCampaignReport({ db: database.db, campaignId: 'khong-co' })).rejects.toThrow(
      'Không tìm thấy chiến dịch "khong-co"',
    );
  });

  describe('on Temporal', () => {
    let client: Client;
    let connection: Connection;
    let workerConnection: NativeConnection;
    let smtp: SmtpSink;
    const workers: { shutdown(): void; running: Promise<void> }[] = [];
    const reportQueue = uniqueId('report-queue');
    const agencyQueue = uniqueId('agency-queue');
    const schedules: string[] = [];

    beforeAll(async () => {
      const address = required(ENV_TEMPORAL_ADDRESS);
      connection = await Connection.connect({ address });
      client = new Client({ connection });
      workerConnection = await NativeConnection.connect({ address });
      smtp = await startSmtpSink();
      // Report workflow + the project's activities merged with the report activities.
      const reportWorker = await Worker.create({
        connection: workerConnection,
        taskQueue: reportQueue,
        workflowBundle: { code: fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8') },
        activities: {
          ...createActivities(database.db, { notifications: { from: FROM }, campaign: { client, exportDir: outDir } }),
          ...createReportActivities(database.db, {
            smtpUrl: smtp.url,
            from: FROM,
            temporalClient: client,
            reportsDir: outDir,
            allowedRecipients: ['vanphong@quangngai.gov.vn'],
          }),
        },
      });
      // The project's own worker for real agency workflows (cross-check).
      const agencyWorker = await createDondocWorker({
        connection: workerConnection,
        namespace: 'default',
        taskQueue: agencyQueue,
        db: database.db,
        client,
        exportDir: outDir,
        notifications: { from: FROM },
        workflowBundle: { code: fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8') },
        trustedKeys: {}, // nothing here acts on the agencies
      });
      for (const worker of [reportWorker, agencyWorker])
        workers.push({ shutdown: () => worker.shutdown(), running: worker.run() });
    });

    afterAll(async () => {
      for (const id of schedules)
        await client.schedule
          .getHandle(id)
          .delete()
          .catch(() => undefined);
      for (const worker of workers) worker.shutdown();
      await Promise.all(workers.map((w) => w.running));
      await workerConnection?.close();
      await connection?.close();
      await smtp?.stop();
    });

    test('the daily schedule is created once, then updated in place', async () => {
      const first = await ensureReportSchedule(client, { campaignId, taskQueue: reportQueue, outputDir: outDir });
      schedules.push(first.scheduleId);
      expect(first).toEqual({ scheduleId: `report:${campaignId}`, created: true });
      const handle = client.schedule.getHandle(first.scheduleId);
      const before = await handle.describe();
      expect(before.spec.timezone).toBe('Asia/Ho_Chi_Minh');
      expect(before.spec.calendars).toEqual([
        expect.objectContaining({
          hour: [{ start: 7, end: 7, step: 1 }],
          minute: [{ start: 30, end: 30, step: 1 }],
          dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }],
        }),
      ]);
      expect(before.action).toMatchObject({
        type: 'startWorkflow',
        workflowType: 'reportWorkflow',
        taskQueue: reportQueue,
        args: [{ campaignId, outputDir: outDir }],
      });
      // 07:30 in Vietnam is 00:30 UTC, on a weekday.
      for (const next of before.info.nextActionTimes) {
        expect(next.toISOString().slice(11, 16)).toBe('00:30');
        expect([1, 2, 3, 4, 5]).toContain(next.getUTCDay());
      }

      // Someone moves it by hand to 09:00 UTC every day; the next ensure puts 07:30 Mon–Fri back.
      await handle.update((previous) => ({ ...previous, spec: { cronExpressions: ['0 9 * * *'], timezone: 'UTC' } }));
      expect((await handle.describe()).spec.timezone).toBe('UTC');

      const otherDir = path.join(outDir, 'khac');
      const second = await ensureReportSchedule(client, {
        campaignId,
        taskQueue: reportQueue,
        outputDir: otherDir,
        emailTo: ['vanphong@quangngai.gov.vn'],
      });
      expect(second).toEqual({ scheduleId: first.scheduleId, created: false });
      const after = await handle.describe();
      expect(after.scheduleId).toBe(first.scheduleId);
      expect(after.action).toMatchObject({
        args: [{ campaignId, outputDir: otherDir, emailTo: ['vanphong@quangngai.gov.vn'] }],
      });
      expect(after.spec).toEqual(before.spec);
      expect(after.state.note).toBe(before.state.note);
      expect(after.info.createdAt).toEqual(before.info.createdAt);
      expect(after.info.lastUpdatedAt).toBeDefined();
    });

    test('the report workflow on a real worker writes the files and e-mails the HTML once per day', async () => {
      const dir = path.join(outDir, 'wf');
      const runs: string[] = [];
      const run = (at: string) => {
        const workflowId = uniqueId(`report:${campaignId}`);
        runs.push(workflowId);
        return client.workflow.execute<typeof reportWorkflow>('reportWorkflow', {
          taskQueue: reportQueue,
          workflowId,
          args: [{ campaignId, outputDir: dir, at, emailTo: ['vanphong@quangngai.gov.vn'] }],
        });
      };
      const result = await run(REPORT_AT.toISOString());
      await recordHistory(client.workflow.getHandle(runs[0]!), 'report-workflow');
      expect(result).toMatchObject({
        day: '2024-03-07',
        skipped: false,
        dir: path.join(dir, campaignId, '2024-03-07'),
        emailed: { sent: 1, alreadySent: 0, skipped: 0 },
      });
      expect(result.files).toHaveLength(5);
      for (const file of result.files!) expect(fs.statSync(file).size).toBeGreaterThan(0);
      const mail = smtp.to('vanphong@quangngai.gov.vn');
      expect(mail).toHaveLength(1);
      expect(mail[0]!.parsed.subject).toBe(
        'Báo cáo tiến độ thực hiện Công văn 751/UBND-TTHC — số liệu đến 07:30 ngày 07/03/2024',
      );
      expect(mail[0]!.parsed.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(mail[0]!.parsed.attachments.map((a) => a.filename)).toEqual([
        'co-quan.csv',
        'co-quan-cham-tre-doi-pho.csv',
      ]);

      // Later the same day: files rewritten, no second e-mail.
      const again = await run(vn('2024-03-07T16:00').toISOString());
      expect(again.emailed).toEqual({ sent: 0, alreadySent: 1, skipped: 0 });
      expect(smtp.to('vanphong@quangngai.gov.vn')).toHaveLength(1);
    });

    test("in a rehearsal, a run started without an instant (as the schedule starts it) reports for the campaign's now", async () => {
      const db = database.db;
      const { definition } = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
      // One campaign day an hour, from 07/03/2024 08:00: the run speaks for that morning, not the machine's day.
      const clock = {
        secondsPerDay: 3600,
        simulatedStart: '2024-03-07T01:00:00.000Z',
        realStart: new Date().toISOString(),
      };
      await db.campaign.update({
        where: { id: campaignId },
        data: { definition: { ...(definition as object), clock } },
      });
      try {
        const dir = path.join(outDir, 'rehearsal');
        const result = await client.workflow.execute<typeof reportWorkflow>('reportWorkflow', {
          taskQueue: reportQueue,
          workflowId: uniqueId(`report:${campaignId}`),
          args: [{ campaignId, outputDir: dir, includeNonWorkingDays: true }],
        });
        expect(result.dir).toBe(path.join(dir, campaignId, '2024-03-07'));
        const json = JSON.parse(fs.readFileSync(path.join(result.dir!, 'bao-cao-tien-do.json'), 'utf8')) as {
          at: string;
        };
        expect(json.at.slice(0, 10)).toBe('2024-03-07');
      } finally {
        await db.campaign.update({ where: { id: campaignId }, data: { definition: definition as object } });
      }
    });

    test('on a holiday (Tết, Mon 12/02/2024) the report workflow skips', async () => {
      const dir = path.join(outDir, 'holiday');
      const result = await client.workflow.execute<typeof reportWorkflow>('reportWorkflow', {
        taskQueue: reportQueue,
        workflowId: uniqueId(`report:${campaignId}`),
        args: [{ campaignId, outputDir: dir, at: vn('2024-02-12T07:30').toISOString() }],
      });
      expect(result).toMatchObject({ day: '2024-02-12', skipped: true });
      expect(fs.existsSync(dir)).toBe(false);
    });

    test('a run triggered from the schedule reports for today, or skips when today is a day off', async () => {
      const dir = path.join(outDir, 'triggered');
      const { scheduleId } = await ensureReportSchedule(client, {
        campaignId,
        taskQueue: reportQueue,
        outputDir: dir,
        scheduleId: uniqueId('report-trigger'),
      });
      schedules.push(scheduleId);
      await client.schedule.getHandle(scheduleId).trigger();
      const execution = await eventually(async () => {
        const found: string[] = [];
        for await (const execution of client.workflow.list({ query: `TemporalScheduledById = "${scheduleId}"` }))
          found.push(execution.workflowId);
        expect(found).toHaveLength(1);
        return found[0]!;
      });
      const result = await client.workflow.getHandle<typeof reportWorkflow>(execution).result();
      const today = localDay(new Date());
      expect([today, localDay(new Date(Date.now() - 60_000))]).toContain(result.day);
      expect(result.skipped).toBe(!isWorkingDay(result.day, vietnamCalendarFor([new Date()])));
      if (!result.skipped)
        expect(fs.existsSync(path.join(dir, campaignId, result.day, 'bao-cao-tien-do.html'))).toBe(true);
    });

    test('cross-check with Temporal visibility: missing agency workflows are named, counts stay from the database', async () => {
      const other = uniqueId('c751-temporal');
      const db = database.db;
      await db.campaign.create({
        data: {
          id: other,
          directiveNumber: '751/UBND-TTHC',
          directiveDate: vn('2024-02-07T00:00'),
          title: 'Đối chiếu',
          submissionDeadline: endOf('2024-03-04'),
        },
      });
      const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString();
      for (const n of [1, 2]) {
        await startAgencyWorkflow(client, database.db, agencyQueue, {
          campaignId: other,
          agency: { code: `${other}.${n}.H48`, name: `Cơ quan ${n}`, kind: 'commune' },
          directive: '751/UBND-TTHC',
          reviewer: 'so-tttt',
          serviceCenter: 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh',
          submissionDeadline: deadline,
        });
      }
      // An assignment with no workflow behind it (e.g. written by hand).
      await db.agency.create({
        data: { campaignId: other, code: `${other}.3.H48`, name: 'Cơ quan 3', kind: 'commune' },
      });
      await db.assignment.create({
        data: {
          id: `${other}/${other}.3.H48`,
          campaignId: other,
          agencyCode: `${other}.3.H48`,
          workflowId: `campaign:${other}:agency:${other}.3.H48`,
          stage: 'assigned',
          submissionDeadline: new Date(deadline),
        },
      });

      const checked = await eventually(async () => {
        const built = await buildCampaignReport({ db, campaignId: other, temporal: { client } });
        expect(built.summary.agencies).toBe(3); // the two workflows have recorded their assignments
        expect(built.temporal).toMatchObject({
          workflowCount: 2,
          missingCount: 1,
          unknownToDatabase: 0,
          stageMismatchCount: 0,
          ok: false,
        });
        return built;
      });
      expect(checked.temporal!.missingInTemporal).toEqual([`campaign:${other}:agency:${other}.3.H48`]);
      expect(checked.temporal!.query).toBe(`Campaign = "${other}" AND WorkflowType = "agencyWorkflow"`);
      expect(checked.stages.find((s) => s.stage === 'assigned')!.count).toBe(3);
    });
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { buildCampaignReport } from '../../reporting/build';
import { ensureReportSchedule } from '../../server/campaign/report-schedule';
import { startAgencyWorkflow } from '../../server/launch/start-agency';
import { vietnamCalendarFor } from '../../domain/calendar/vietnam';
import type { reportWorkflow } from '../../workflows/report/workflow';
import { isWorkingDay, localDay } from '../../domain/working-days';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { uniqueId } from '../support/harness';
import { endOf, REPORT_AT, vn } from '../support/report-scenario';
import { testDatabases } from '../support/test-env';
import { useReportWorkers } from '../support/report-world';

// The reporting job on the real Temporal dev server: the daily schedule created and updated, and the
// report workflow run by a real worker (files, e-mail, holidays, rehearsals, the visibility cross-check).

describe.each(testDatabases())('reporting job on %s', (kind) => {
  describe('on Temporal', () => {
    const { database, campaignId, outDir, client, smtp, reportQueue, agencyQueue, schedules } = useReportWorkers(kind);

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

import ExcelJS from 'exceljs';
import { agencyPagePath } from '../../domain/page-links';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { cliRunner } from '../support/cli-runner';
import { eventually } from '../support/eventually';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// A rehearsal (`?drill=true`) of a 2024 directive runs on its compressed clock from the directive's
// day: every page, the dashboard, the bulk preview, the status, the report and the catalogue's draft
// speak that time, not the machine's (2026 or later), and nothing is late on campaign day 0.

// The year the machine is in: no page of the rehearsal may show it.
const machineYear = String(new Date().getFullYear());

describe.each(testDatabases())('a rehearsal reads on its own clock (%s)', (kind) => {
  const definition = sampleCampaign({
    deadlines: { submission: '2024-03-04T23:59:59+07:00', approval: '2024-03-14T23:59:59+07:00' },
  });
  const id = definition.id;
  const tokens: Record<string, string> = {};
  const as = (who: string) => apiAs(server.baseUrl, tokens[who]);

  const server = useServer(kind, { env: { DONDOC_DEMO_SECONDS_PER_DAY: '3600' } });
  beforeAll(async () => {
    // One campaign day is an hour: the whole test runs on campaign day 0 (07/02/2024).

    const launch = await launchThroughApi(
      server,
      definition,
      {
        justice: 'stp@example.gov.vn',
        health: 'syt@example.gov.vn',
        reviewer: 'stttt@example.gov.vn',
        operator: 'ttpv@example.gov.vn',
      },
      'token',
      '?drill=true',
    );
    Object.assign(tokens, launch.tokens);
    // A list in review, so the reviewer's queue has a review deadline to judge.
    const submitted = await as('health').post(`/api/v1/campaigns/${id}/agencies/so-y-te/submissions`, {
      list: justiceDepartmentList,
    });
    expect(submitted.status).toBe(200);
    await eventually(async () =>
      expect(
        (
          await server.harness.database.db.assignment.findFirstOrThrow({
            where: { campaignId: id, agencyCode: 'so-y-te' },
          })
        ).reviewDeadline,
      ).not.toBeNull(),
    );
  });

  /** A page's visible text, without markup. */
  const textOf = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

  test("the agency's pages say the deadline is running, in 2024", async () => {
    const agency = await server.signIn('stp@example.gov.vn');
    const tasks = textOf((await agency.get('/nhiem-vu')).text);
    const page = textOf((await agency.get(agencyPagePath(id, 'so-tu-phap'))).text);
    for (const text of [tasks, page]) {
      expect(text).not.toContain('Quá hạn');
      expect(text).toContain('Còn hạn');
      expect(text).toMatch(/\d\d\/\d\d\/2024/);
      expect(text).not.toContain(`/${machineYear}`);
    }
  });

  test("the reviewer's queue is on time", async () => {
    const reviewer = await server.signIn('stttt@example.gov.vn');
    const queue = textOf((await reviewer.get(`/tham-dinh/${encodeURIComponent(id)}`)).text);
    expect(queue).toContain('Sở Y tế');
    expect(queue).not.toContain('Quá hạn');
    expect(queue).toMatch(/\d\d\/\d\d\/2024/);
    expect(queue).not.toContain(`/${machineYear}`);
  });

  test('the dashboard and the bulk preview count nobody late, at campaign time', async () => {
    const operator = await server.signIn('ttpv@example.gov.vn');
    const dashboard = textOf((await operator.get(`/dieu-hanh/${encodeURIComponent(id)}`)).text);
    expect(dashboard).toMatch(/Số liệu lúc \d\d:\d\d ngày 07\/02\/2024/);
    expect(dashboard).toContain('Chậm, trễ 0');
    expect(dashboard).toContain('Không có cơ quan nào chậm, trễ.');
    expect(dashboard).not.toContain(`/${machineYear}`);

    const late = textOf(
      (await operator.get(`/dieu-hanh/${encodeURIComponent(id)}/hang-loat?loai=remind&chon=late`)).text,
    );
    expect(late).toContain('Sẽ nhắc đúng 0 cơ quan');
    const pending = textOf(
      (await operator.get(`/dieu-hanh/${encodeURIComponent(id)}/hang-loat?loai=remind&chon=pending`)).text,
    );
    // Every agency with a running deadline, each "Còn hạn" (the column is headed "Quá hạn").
    expect(pending).toContain('Sẽ nhắc đúng 3 cơ quan');
    expect(pending.match(/\d\d\/\d\d\/2024 Còn hạn/g)).toHaveLength(3);
    expect(pending).not.toMatch(/\d{4} Quá hạn/);
    expect(pending).not.toContain(`/${machineYear}`);
  });

  test('the campaign status counts nobody late', async () => {
    const status = await as('operator').get(`/api/v1/campaigns/${id}/status`);
    expect(status.status).toBe(200);
    const body = status.body as { late: number; agencies: { overdue: boolean; status?: string }[] };
    expect(body.late).toBe(0);
    expect(body.agencies.every((a) => !a.overdue)).toBe(true);
    expect(body.agencies.map((a) => a.status).join(' ')).not.toContain('Quá hạn');
  });

  test('the reminder schedule judges what is due by campaign time', async () => {
    const schedule = await as('operator').get<{ now: string; agencies: { plan?: { deadline?: { at: string } } }[] }>(
      `/api/v1/campaigns/${id}/reminder-schedule`,
    );
    expect(schedule.status).toBe(200);
    expect(new Date(schedule.body.now).toISOString().slice(0, 10)).toMatch(/^2024-02-0[67]$/);
    const deadlines = schedule.body.agencies.map((a) => Date.parse(a.plan!.deadline!.at));
    expect(deadlines.every((at) => at > Date.parse(schedule.body.now))).toBe(true);
    // The admin script prints the same: reminders still to come, no "đã quá hạn".
    const run = await cliRunner(server, tokens.operator!)(['campaign', 'remind', id, '--schedule']);
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toContain('sẽ nhắc lúc');
    expect(run.out).not.toContain('đã quá hạn');
    expect(run.out).not.toContain(`/${machineYear}`);
  });

  test("the report's dates, footer and who-did-what window are the campaign's", async () => {
    const json = await as('operator').get(`/api/v1/campaigns/${id}/report`);
    expect(json.status).toBe(200);
    const report = json.body as {
      at: string;
      generatedAt: string;
      reportDay: string;
      summary: { late: number };
      actions: { at: string; agencyCode: string | null }[];
    };
    expect(report.reportDay).toBe('2024-02-07');
    expect(report.at.slice(0, 4)).toBe('2024');
    expect(report.generatedAt.slice(0, 4)).toBe('2024');
    expect(report.summary.late).toBe(0);
    // Who did what, up to the report's campaign instant: Sở Y tế's submission, dated on the campaign's timeline.
    expect(report.actions.map((a) => [a.agencyCode, a.at.slice(0, 10)])).toContainEqual(['so-y-te', '2024-02-07']);
    expect(report.actions.every((a) => a.at.startsWith('2024-'))).toBe(true);
    const html = await fetch(`${server.baseUrl}/api/v1/campaigns/${id}/report?format=html`, {
      headers: { authorization: `Bearer ${tokens.operator}` },
    });
    expect(html.status).toBe(200);
    const text = textOf(await html.text());
    expect(text).toMatch(/Báo cáo lập tự động lúc \d\d:\d\d ngày 07\/02\/2024/);
    expect(text).not.toContain(`/${machineYear}`);
  });

  test("the catalogue's draft, before any consolidation, is dated on the campaign's clock", async () => {
    const approver = await server.signIn('chutich@example.gov.vn');
    const cookie = [...approver.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const file = await fetch(`${server.baseUrl}/phe-duyet/${encodeURIComponent(id)}/danh-muc-tong-hop.xlsx`, {
      headers: { cookie },
    });
    expect(file.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.arrayBuffer());
    const texts: string[] = [];
    for (const sheet of workbook.worksheets)
      sheet.eachRow((row) => row.eachCell((cell) => void texts.push(String(cell.value))));
    expect(texts.find((text) => text.includes('Dự thảo tổng hợp'))).toMatch(/ngày \d\d\/\d\d\/2024 /);
    expect(texts.join(' ')).not.toContain(`/${machineYear}`);
  });

  test("the admin script extends to a date after the campaign's now, though before the machine's", async () => {
    const run = await cliRunner(
      server,
      tokens.operator!,
    )([
      'campaign',
      'extend',
      id,
      '--agency',
      'so-y-te',
      '--deadline',
      '20/02/2024',
      '--reason',
      'Diễn tập: thêm thời gian thẩm định',
    ]);
    expect(run).toMatchObject({ code: 0, err: '' });
    await eventually(async () =>
      expect(
        (
          await server.harness.database.db.assignment.findFirstOrThrow({
            where: { campaignId: id, agencyCode: 'so-y-te' },
          })
        ).reviewDeadline?.toISOString(),
      ).toBe('2024-02-20T16:59:59.000Z'),
    );
    // Before the campaign's now it is refused, naming the option.
    const past = await cliRunner(
      server,
      tokens.operator!,
    )(['campaign', 'extend', id, '--agency', 'so-y-te', '--deadline', '01/02/2024', '--reason', 'x']);
    expect(past.code).not.toBe(0);
    expect(past.err).toContain('--deadline: thời hạn mới (01/02/2024) phải ở sau thời điểm hiện tại');
  });
});

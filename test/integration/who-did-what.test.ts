import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { partialNotice } from '../../reporting/approval-records';
import { runReport } from '../../reporting/run-report';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { issueApiToken } from '../../server/identity/api-tokens';
import { grantRole } from '../../server/identity/people';
import { cliRunner } from '../support/cli-runner';
import { eventually } from '../support/eventually';
import type { RunningWorker } from '../support/harness';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { startTestServer, type ServerHarness } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// Who did what comes from the workflows' own audit rows: the report's section 6, the Service
// Center's dashboard and `campaign status` list the people who acted, counted per person and action,
// with their role and channel, dated on the campaign's clock (a rehearsal's 2024). A report taken
// while the approval is still reaching the agencies waits for it, or says it is partial. Each
// workflow audit row names the person whose proof it verified, even where that person's name is not
// the name of the reviewing agency they act for.

jest.setTimeout(120_000);

const ASSESSOR = { email: 'tham-dinh-vien@example.gov.vn', name: 'Lê Thị Thẩm Định' };

interface Count {
  email: string | null;
  roleLabel: string;
  channelLabel: string;
  action: string;
  count: number;
  first: string;
  last: string;
}

describe.each(testDatabases())('who did what (%s)', (kind) => {
  let server: ServerHarness;
  let worker: RunningWorker;
  const definition = sampleCampaign({
    deadlines: { submission: '2024-03-04T23:59:59+07:00', approval: '2024-03-14T23:59:59+07:00' },
  });
  const id = definition.id;
  const tokens: Record<string, string> = {};
  const as = (who: string) => apiAs(server.baseUrl, tokens[who]);
  const agencyRoute = (code: string) => `/api/v1/campaigns/${id}/agencies/${code}`;
  const textOf = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
  const stageOf = async (code: string) =>
    (await server.harness.database.db.assignment.findFirstOrThrow({ where: { campaignId: id, agencyCode: code } }))
      .stage;

  beforeAll(async () => {
    // One campaign day is an hour: everything happens on 07/02/2024, campaign time.
    server = await startTestServer(kind, { env: { DONDOC_DEMO_SECONDS_PER_DAY: '3600' } });
    worker = await server.harness.startWorker();
    const launch = await launchThroughApi(
      server,
      definition,
      { health: 'syt@example.gov.vn', reviewer: 'stttt@example.gov.vn', operator: 'ttpv@example.gov.vn' },
      'token',
      '?drill=true',
    );
    Object.assign(tokens, launch.tokens);
    // A second reviewer, whose name is not the reviewing agency's: the rows must name the person.
    const db = server.harness.database.db;
    await grantRole(db, { email: ASSESSOR.email, name: ASSESSOR.name, role: 'reviewer', campaignId: id }, 'test');
    const assessor = await db.person.findUniqueOrThrow({ where: { email: ASSESSOR.email } });
    tokens.assessor = (await issueApiToken(db, assessor.id, { label: 'test', days: 1, channel: 'token' })).token;
    // Sở Y tế submits, is returned, submits again and is accepted; the Service Center reminds Bình Sơn.
    expect(
      (await as('health').post(`${agencyRoute('so-y-te')}/submissions`, { list: justiceDepartmentList })).status,
    ).toBe(200);
    await eventually(async () => expect(await stageOf('so-y-te')).toBe('submitted'));
    expect(
      (await as('reviewer').post(`${agencyRoute('so-y-te')}/return`, { reasons: { overall: 'Bổ sung TTHC.' } })).status,
    ).toBe(200);
    await eventually(async () => expect(await stageOf('so-y-te')).toBe('returned'));
    expect(
      (await as('health').post(`${agencyRoute('so-y-te')}/submissions`, { list: justiceDepartmentList })).status,
    ).toBe(200);
    await eventually(async () => expect(await stageOf('so-y-te')).toBe('resubmitted'));
    expect((await as('assessor').post(`${agencyRoute('so-y-te')}/accept`, {})).status).toBe(200);
    expect(
      (await as('operator').post(`${agencyRoute('ubnd-huyen-binh-son')}/remind`, { note: 'Đề nghị gửi sớm.' })).status,
    ).toBe(200);
    await eventually(async () => expect(await stageOf('so-y-te')).toBe('accepted'));
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
  });

  test('the report counts each person’s actions, with role and channel, in campaign time', async () => {
    const json = await as('operator').get<{ actionTotal: number; actionCounts: Count[] }>(
      `/api/v1/campaigns/${id}/report`,
    );
    expect(json.status).toBe(200);
    const counts = json.body.actionCounts;
    const of = (email: string, action: string) => counts.find((c) => c.email === email && c.action === action);
    expect(of('syt@example.gov.vn', 'submit')).toMatchObject({
      count: 2,
      roleLabel: 'cán bộ của cơ quan được giao',
      channelLabel: 'mã API',
    });
    expect(of('stttt@example.gov.vn', 'returnList')).toMatchObject({ count: 1, roleLabel: 'cơ quan thẩm định' });
    expect(of('stttt@example.gov.vn', 'acceptList')).toBeUndefined();
    expect(of(ASSESSOR.email, 'acceptList')).toMatchObject({ count: 1, roleLabel: 'cơ quan thẩm định' });
    expect(of('ttpv@example.gov.vn', 'remind')).toMatchObject({ count: 1 });
    // The launch is the server's alone: its trail counts it, for the administrator who launched.
    expect(of('admin@example.gov.vn', 'launch')).toMatchObject({ count: 1 });
    expect(json.body.actionTotal).toBe(6);
    for (const c of counts) expect([c.first.slice(0, 10), c.last.slice(0, 10)]).toEqual(['2024-02-07', '2024-02-07']);

    const html = await fetch(`${server.baseUrl}/api/v1/campaigns/${id}/report?format=html`, {
      headers: { authorization: `Bearer ${tokens.operator}` },
    });
    const text = textOf(await html.text());
    const section = text.slice(text.indexOf('6. Ai đã làm gì'));
    expect(section).toContain('6 thao tác của 5 người, theo giờ của chiến dịch.');
    expect(section).toMatch(
      /Sở Y tế syt@example\.gov\.vn cán bộ của cơ quan được giao mã API nộp danh sách 2 \d\d:\d\d ngày 07\/02\/2024/,
    );
    expect(section).not.toContain('Chưa có');
  });

  test('`campaign status` lists the people who acted, counted per action', async () => {
    const run = await cliRunner(server, tokens.operator!)(['campaign', 'status', id]);
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toContain('Ai đã làm gì (6 thao tác, theo người và loại thao tác):');
    expect(run.out).toMatch(
      /Sở Y tế <syt@example\.gov\.vn> \(cán bộ của cơ quan được giao, mã API\): nộp danh sách × 2, lần cuối \d\d:\d\d ngày 07\/02\/2024/,
    );
    expect(run.out).toMatch(
      /Sở Thông tin và Truyền thông <stttt@example\.gov\.vn> \(cơ quan thẩm định, mã API\): trả lại danh sách × 1/,
    );
  });

  test("the Service Center's dashboard lists them", async () => {
    const operator = await server.signIn('ttpv@example.gov.vn');
    const page = textOf((await operator.get(`/dieu-hanh/${encodeURIComponent(id)}`)).text);
    expect(page).toContain('Ai đã làm gì (6 thao tác)');
    expect(page).toMatch(
      /Sở Y tế \(syt@example\.gov\.vn\) cán bộ của cơ quan được giao mã API nộp danh sách 2 \d\d:\d\d ngày 07\/02\/2024/,
    );
    expect(page).toContain(
      'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh (ttpv@example.gov.vn) cán bộ Trung tâm Phục vụ - Kiểm soát TTHC mã API nhắc việc 1',
    );
  });

  test('an agency member sees only the actions on their own agency', async () => {
    const own = await as('health').get<{ actionCounts: Count[] }>(`/api/v1/campaigns/${id}`);
    expect(own.status).toBe(200);
    expect(new Set(own.body.actionCounts.map((c) => c.action))).toEqual(
      new Set(['submit', 'returnList', 'acceptList']),
    );
  });

  test('each audit row of a person’s action names the person who acted, not the role holder they act for', async () => {
    const db = server.harness.database.db;
    const rows = await db.auditEvent.findMany({ where: { campaignId: id, personId: { not: null } } });
    const emails = new Map((await db.person.findMany()).map((person) => [person.id, person.email]));
    const named = rows.map((row) => [row.action, emails.get(row.personId!), row.personName]).sort();
    expect(named).toEqual(
      [
        ['accept', ASSESSOR.email, ASSESSOR.name],
        ['remind', 'ttpv@example.gov.vn', 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh'],
        ['return', 'stttt@example.gov.vn', 'Sở Thông tin và Truyền thông'],
        ['submit', 'syt@example.gov.vn', 'Sở Y tế'],
        ['submit', 'syt@example.gov.vn', 'Sở Y tế'],
      ].sort(),
    );
  });

  // Last: it puts the database in the moment between the approval and its arrival at an agency.
  test('a report taken after the approval waits for every agency to record it, or says it is partial', async () => {
    const db = server.harness.database.db;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-who-did-what-'));
    try {
      await db.campaign.update({ where: { id }, data: { status: 'approved' } });
      const pending = { campaignId: id, agencyCode: 'so-y-te' };
      await db.assignment.updateMany({ where: pending, data: { stage: 'consolidated' } });
      const partial = await runReport({ db, campaignId: id, dir: path.join(dir, 'a'), approvalWaitMs: 300 });
      expect(partial.report.partial).toEqual({ unrecordedApprovals: 1 });
      expect(fs.readFileSync(partial.files.html, 'utf8')).toContain(partialNotice(1));
      expect(partialNotice(1)).toMatch(/^Số liệu chưa đầy đủ: 1 cơ quan chưa ghi nhận phê duyệt/);
      // Taken by the consolidation but not yet told of it either: as partial.
      await db.assignment.updateMany({ where: pending, data: { stage: 'accepted', catalogueRound: 1 } });
      const untold = await runReport({ db, campaignId: id, dir: path.join(dir, 'c'), approvalWaitMs: 300 });
      expect(untold.report.partial).toEqual({ unrecordedApprovals: 1 });
      await db.assignment.updateMany({ where: pending, data: { stage: 'consolidated' } });

      // The agency records it while the report waits: the report is whole.
      const recorded = new Promise((resolve) => setTimeout(resolve, 700)).then(() =>
        db.assignment.updateMany({ where: pending, data: { stage: 'approved' } }),
      );
      const started = Date.now();
      const whole = await runReport({ db, campaignId: id, dir: path.join(dir, 'b'), approvalWaitMs: 30_000 });
      await recorded;
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
      expect(whole.report.partial).toBeUndefined();
      expect(whole.report.stages.find((s) => s.stage === 'approved')?.count).toBe(1);
      expect(fs.readFileSync(whole.files.html, 'utf8')).not.toContain('Số liệu chưa đầy đủ');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

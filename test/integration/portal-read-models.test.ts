import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { AgencyList } from '../../domain/agency-list';
import { bulkTargets } from '../../read-side/bulk-targets';
import { catalogueXlsx, cataloguePage } from '../../read-side/catalogue-view';
import { consolidationPreview, consolidationWarnings } from '../../read-side/consolidation-preview';
import { buildDashboard, campaignDashboard, type Dashboard } from '../../read-side/dashboard';
import { DashboardThread } from '../../read-side/dashboard-thread';
import { listForReview, returnFromLines } from '../../read-side/list-review';
import { listReportDays, reportFilePath } from '../../read-side/report-files';
import { reviewQueue } from '../../read-side/review-queue';
import { runReport } from '../../reporting';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { eventually } from '../support/eventually';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// What the portal's reviewer, approver and Service Center pages read, over a campaign driven through
// the HTTP API on a real server, worker, Temporal and database.

const DAY = 86_400_000;

describe.each(testDatabases())('portal read models (%s)', (kind) => {
  const definition = sampleCampaign();
  const id = definition.id;
  const tokens: Record<string, string> = {};
  const as = (who: string) => apiAs(server.baseUrl, tokens[who]);
  const agencyPath = (code: string, action = '') => `/api/v1/campaigns/${id}/agencies/${code}${action}`;
  const db = () => server.harness.database.db;

  const server = useServer(kind);
  beforeAll(async () => {
    const launch = await launchThroughApi(
      server,
      definition,
      {
        justice: 'stp@example.gov.vn',
        health: 'syt@example.gov.vn',
        reviewer: 'stttt@example.gov.vn',
        approver: 'chutich@example.gov.vn',
        operator: 'ttpv@example.gov.vn',
      },
      'token',
    );
    Object.assign(tokens, launch.tokens);
  });

  test('the queue follows the review deadline; the list reads with its notes, the previous reasons and the diff', async () => {
    expect(await reviewQueue(db(), id, new Date())).toEqual([]);
    expect(
      (await as('justice').post(agencyPath('so-tu-phap', '/submissions'), { list: justiceDepartmentList })).status,
    ).toBe(200);
    expect(
      (await as('health').post(agencyPath('so-y-te', '/submissions'), { list: justiceDepartmentList })).status,
    ).toBe(200);
    // Moving the Sở Tư pháp review deadline later puts Sở Y tế first, against the alphabet.
    const later = new Date(Date.now() + 12 * DAY).toISOString();
    expect(
      (
        await as('operator').post(agencyPath('so-tu-phap', '/extend'), {
          kind: 'review',
          deadline: later,
          reason: 'Thêm thời gian thẩm định',
        })
      ).status,
    ).toBe(200);
    const queue = await reviewQueue(db(), id, new Date());
    expect(queue.map((q) => [q.code, q.stage, q.version, q.late])).toEqual([
      ['so-y-te', 'submitted', 1, false],
      ['so-tu-phap', 'resubmitted', 1, false],
    ]);
    expect(queue[0]!.reviewDeadline!.getTime()).toBeLessThan(queue[1]!.reviewDeadline!.getTime());
    expect(queue[1]!.submittedAt).toBeInstanceOf(Date);
    // Past every deadline, the same queue reads late by the one rule.
    expect((await reviewQueue(db(), id, new Date(Date.now() + 30 * DAY))).every((q) => q.late)).toBe(true);

    const first = await listForReview(db(), id, 'so-tu-phap');
    expect(first).toMatchObject({ version: 1, diff: null, previousReturn: null, agency: { name: 'Sở Tư pháp' } });
    expect(first.lines.map((l) => [l.index, l.documentName, l.change])).toEqual([
      [0, 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', 'unchanged'],
      [1, 'Phiếu lý lịch tư pháp số 1', 'unchanged'],
      [2, 'Ý kiến của Hội công chứng viên tỉnh', 'unchanged'],
    ]);

    // The reviewer picks two lines; a picked line without a reason, or a stale version, is refused.
    expect(returnFromLines(first, { version: 1, overall: 'x', picked: [{ index: 1, reason: ' ' }] })).toMatchObject({
      ok: false,
      field: 'reason-1',
    });
    expect(returnFromLines(first, { version: 2, overall: 'x', picked: [] })).toMatchObject({
      ok: false,
      field: 'version',
    });
    const chosen = returnFromLines(first, {
      version: 1,
      overall: 'Cần bổ sung căn cứ',
      picked: [
        { index: 1, reason: 'Ghi căn cứ pháp lý' },
        { index: 2, reason: 'Ý kiến này không cần số hóa' },
      ],
    });
    if (!chosen.ok) throw new Error(chosen.message);
    expect((await as('reviewer').post(agencyPath('so-tu-phap', '/return'), { reasons: chosen.reasons })).status).toBe(
      200,
    );

    const second: AgencyList = structuredClone(justiceDepartmentList);
    second.procedures[0]!.documents[1]!.basis = 'Luật Lý lịch tư pháp 2009, Điều 42';
    second.procedures[1]!.documents.push({
      name: 'Quyết định công nhận hành nghề',
      kind: 'ket_qua',
      note: 'Bản chính để đối chiếu',
    });
    expect((await as('justice').post(agencyPath('so-tu-phap', '/submissions'), { list: second })).status).toBe(200);
    const again = await listForReview(db(), id, 'so-tu-phap');
    expect(again.version).toBe(2);
    expect(again.lines.map((l) => [l.documentName, l.change, l.previousReason ?? null])).toEqual([
      ['Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', 'unchanged', null],
      ['Phiếu lý lịch tư pháp số 1', 'changed', 'Ghi căn cứ pháp lý'],
      ['Ý kiến của Hội công chứng viên tỉnh', 'unchanged', 'Ý kiến này không cần số hóa'],
      ['Quyết định công nhận hành nghề', 'added', null],
    ]);
    expect(again.diff!.summary).toMatchObject({ added: 1, changed: 1, removed: 0 });
    expect(again.previousReturn).toMatchObject({ overall: 'Cần bổ sung căn cứ', lines: [{}, {}] });
    // The quality notes recorded with the submission come along.
    expect(again.findings).toEqual([
      expect.objectContaining({ code: 'excluded_shown_only', path: 'procedures[2].documents[2].note' }),
    ]);
  });

  test('bulk targets: the late and the pending, exactly as the lateness rule says', async () => {
    const now = await bulkTargets(db(), id, 'pending', new Date());
    expect(now.map((t) => [t.code, t.deadlineKind, t.late])).toEqual([
      ['so-tu-phap', 'review', false],
      ['so-y-te', 'review', false],
      ['ubnd-huyen-binh-son', 'submission', false],
    ]);
    expect(await bulkTargets(db(), id, 'late', new Date())).toEqual([]);
    // Past the review deadlines (5 working days) but before the submission deadline (20 days).
    const late = await bulkTargets(db(), id, 'late', new Date(Date.now() + 12 * DAY));
    expect(late.map((t) => t.code)).toEqual(['so-tu-phap', 'so-y-te']);
  });

  test('the dashboard is kept while nothing changes; a small campaign shows a change on the first read after it', async () => {
    const counts = (d: Dashboard) =>
      Object.fromEntries(d.report.stages.filter((s) => s.count > 0).map((s) => [s.stage, s.count]));
    const before = await campaignDashboard(db(), id, new Date());
    expect(before.current).toBe(true);
    expect((await campaignDashboard(db(), id, new Date())).dashboard).toBe(before.dashboard);
    expect(counts(before.dashboard)).toEqual({ assigned: 1, submitted: 1, resubmitted: 1 });
    expect((await as('reviewer').post(agencyPath('so-tu-phap', '/accept'), {})).status).toBe(200);
    await eventually(async () =>
      expect((await db().assignment.findUniqueOrThrow({ where: { id: `${id}/so-tu-phap` } })).stage).toBe('accepted'),
    );
    // The rebuild ends within the wait (a generous one here, for a loaded machine): its figures are served.
    const after = await campaignDashboard(db(), id, new Date(), { waitMs: 60_000 });
    expect(after.current).toBe(true);
    expect(counts(after.dashboard)).toEqual({ assigned: 1, submitted: 1, accepted: 1 });
    expect(after.dashboard.report.summary.accepted).toBe(1);
    // A new local day is read afresh even when nothing was written, and never served from the day before.
    const tomorrow = await campaignDashboard(db(), id, new Date(Date.now() + DAY), { waitMs: 0 });
    expect(tomorrow.current).toBe(true);
    expect(tomorrow.dashboard).not.toBe(after.dashboard);
    expect((await campaignDashboard(db(), id, new Date(), { waitMs: 0 })).current).toBe(true);
  });

  test('consolidation preview, then the catalogue searched, paged and downloaded', async () => {
    const preview = await consolidationPreview(db(), id, new Date());
    expect(preview.included.map((a) => [a.code, a.version])).toEqual([['so-tu-phap', 2]]);
    // Before the deadline: the agency still within its own deadline is not missing, and it is said.
    expect(preview.missing.map((a) => [a.code, a.stage])).toEqual([['so-y-te', 'submitted']]);
    expect(preview.withinDeadline.map((a) => a.code)).toEqual(['ubnd-huyen-binh-son']);
    expect(preview.awaitingReview.map((a) => a.code)).toEqual(['so-y-te']);
    expect(consolidationWarnings(preview)).toEqual([
      expect.stringMatching(/^Hạn nộp của chiến dịch \(.+\d{4}\) chưa qua/),
      expect.stringMatching(/^1 cơ quan còn trong thời hạn của mình/),
      expect.stringMatching(/^1 danh sách đã nộp nhưng chưa được thẩm định/),
    ]);
    // After every deadline: both owe a list and are missing; no warning of a running deadline.
    const late = await consolidationPreview(db(), id, new Date(Date.now() + 60 * DAY));
    expect(late.missing.map((a) => [a.code, a.stage])).toEqual([
      ['so-y-te', 'submitted'],
      ['ubnd-huyen-binh-son', 'assigned'],
    ]);
    expect(late.withinDeadline).toEqual([]);
    expect(late.submissionDeadlineAhead).toBeUndefined();
    expect((await as('reviewer').post(`/api/v1/campaigns/${id}/consolidate`, {})).status).toBe(200);
    await eventually(async () => expect(await db().catalogueEntry.count({ where: { campaignId: id } })).toBe(4));

    const all = await cataloguePage(db(), id, { pageSize: 3 });
    expect(all).toMatchObject({ total: 4, matched: 4, page: 1, pages: 2 });
    expect(all.lines.map((l) => l.number)).toEqual([1, 2, 3]);
    const second = await cataloguePage(db(), id, { pageSize: 3, page: 2 });
    expect(second.lines.map((l) => l.number)).toEqual([4]);
    // Search ignores diacritics and case, and looks in agency names too.
    const found = await cataloguePage(db(), id, { query: 'phieu LY LICH' });
    expect(found.lines.map((l) => l.documentName)).toEqual([
      'Phiếu lý lịch tư pháp số 1',
      'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
    ]);
    expect(found.matched).toBe(2);
    expect((await cataloguePage(db(), id, { query: 'sở tư pháp' })).matched).toBe(4);
    expect((await cataloguePage(db(), id, { query: 'không có dòng nào' })).lines).toEqual([]);
    expect((await cataloguePage(db(), id, { page: 99, pageSize: 3 })).page).toBe(2);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await catalogueXlsx(db(), id)) as unknown as ArrayBuffer);
    // The same rows by paper in the summary; the annex names the agency above its lines.
    const sheet = workbook.getWorksheet('Tổng hợp theo giấy tờ')!;
    expect(String(sheet.getCell('A6').value)).toContain('751/UBND-TTHC');
    const documents = [9, 10, 11, 12].map((r) => String(sheet.getRow(r).getCell(4).value));
    expect(documents).toEqual(all.lines.concat(second.lines).map((l) => l.documentName));
    expect(String(workbook.getWorksheet('Phụ lục')!.getCell('A9').value)).toMatch(/^1\. Sở Tư pháp \(4 giấy tờ\)$/);
  });

  test('dashboard: counts by stage and kind, the open escalations, and the daily report files', async () => {
    await eventually(async () =>
      expect(await db().escalation.count({ where: { campaignId: id, kind: 'missing_at_consolidation' } })).toBe(1),
    );
    const { dashboard } = await campaignDashboard(db(), id, new Date(), { waitMs: 60_000 });
    const stages = Object.fromEntries(
      dashboard.report.stages.filter((s) => s.count > 0).map((s) => [s.stage, s.count]),
    );
    expect(stages).toEqual({ assigned: 1, submitted: 1, consolidated: 1 });
    const kinds = Object.fromEntries(dashboard.report.kinds.filter((k) => k.total > 0).map((k) => [k.kind, k.total]));
    expect(kinds).toEqual({ department: 2, district: 1 });
    // UBND huyện Bình Sơn's own deadline still ran at consolidation: not missing, not late.
    expect(dashboard.openEscalations.map((e) => [e.code, e.label])).toEqual(
      expect.arrayContaining([['so-y-te', expect.stringContaining('tổng hợp')]]),
    );
    expect(dashboard.openEscalations.map((e) => e.code)).not.toContain('ubnd-huyen-binh-son');
    expect(dashboard.late.map((a) => a.code).sort()).toEqual(['so-y-te']);
    // An escalation resolved in the database shows on the next read.
    const open = await db().escalation.findFirstOrThrow({
      where: { campaignId: id, resolvedAt: null, assignment: { agencyCode: 'so-y-te' } },
    });
    await db().escalation.update({ where: { id: open.id }, data: { resolvedAt: new Date() } });
    const { dashboard: resolved } = await campaignDashboard(db(), id, new Date(), { waitMs: 60_000 });
    expect(resolved.openEscalations.length).toBe(dashboard.openEscalations.length - 1);
    // Opened again for the tests below, which resolve it themselves.
    await db().escalation.update({ where: { id: open.id }, data: { resolvedAt: null } });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-reports-'));
    try {
      expect(listReportDays(dir, id)).toEqual([]);
      await runReport({ db: db(), campaignId: id, baseDir: dir });
      const days = listReportDays(dir, id);
      expect(days).toHaveLength(1);
      expect(days[0]!.files).toEqual(expect.arrayContaining(['bao-cao-tien-do.html', 'co-quan.csv']));
      expect(reportFilePath(dir, id, days[0]!.day, 'bao-cao-tien-do.html')).toMatch(/bao-cao-tien-do\.html$/);
      expect(reportFilePath(dir, id, days[0]!.day, '../../etc/passwd')).toBeUndefined();
      expect(reportFilePath(dir, id, '..', 'bao-cao-tien-do.html')).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('after a write, a slow rebuild runs once in the background while the previous dashboard is served, marked with its time', async () => {
    const previous = await campaignDashboard(db(), id, new Date(), { waitMs: 60_000 });
    expect(previous.current).toBe(true);
    let builds = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowBuild = async (campaignId: string, at: Date) => {
      builds++;
      await gate;
      return buildDashboard(db(), campaignId, at);
    };
    const open = await db().escalation.findFirstOrThrow({ where: { campaignId: id, resolvedAt: null } });
    await db().escalation.update({ where: { id: open.id }, data: { resolvedAt: new Date() } });

    for (let request = 0; request < 3; request++) {
      const served = await campaignDashboard(db(), id, new Date(), { build: slowBuild, waitMs: 0 });
      expect(served.current).toBe(false);
      expect(served.dashboard).toBe(previous.dashboard);
      expect(served.builtAt).toEqual(previous.builtAt);
    }
    expect(builds).toBe(1);
    release();
    await eventually(async () =>
      expect((await campaignDashboard(db(), id, new Date(), { build: slowBuild, waitMs: 0 })).current).toBe(true),
    );
    const rebuilt = await campaignDashboard(db(), id, new Date(), { build: slowBuild, waitMs: 0 });
    expect(rebuilt.dashboard.openEscalations.length).toBe(previous.dashboard.openEscalations.length - 1);
    expect(rebuilt.builtAt.getTime()).toBeGreaterThan(previous.builtAt.getTime());
    expect(builds).toBe(1);

    // A rebuild that fails leaves the previous dashboard served, marked; the next request tries again.
    await db().escalation.update({ where: { id: open.id }, data: { resolvedAt: null } });
    const failing = async () => {
      builds++;
      throw new Error('database unreachable');
    };
    const kept = await campaignDashboard(db(), id, new Date(), { build: failing, waitMs: 60_000 });
    expect(kept).toMatchObject({ current: false, dashboard: rebuilt.dashboard });
    const again = await campaignDashboard(db(), id, new Date(), { waitMs: 60_000 });
    expect(again.current).toBe(true);
    expect(again.dashboard.openEscalations.length).toBe(previous.dashboard.openEscalations.length);
    expect(builds).toBe(2);
  });

  test('the dashboard thread builds on a connection of its own the same dashboard as the server', async () => {
    const thread = new DashboardThread(db().url);
    try {
      const at = new Date();
      const there = await thread.build(id, at);
      const here = await buildDashboard(db(), id, at);
      // The same figures, dates and all, through the thread's structured clone; only the wall-clock stamp differs.
      expect({ ...there, report: { ...there.report, generatedAt: here.report.generatedAt } }).toEqual(here);
      await expect(thread.build('no-such-campaign', at)).rejects.toThrow('no-such-campaign');
    } finally {
      await thread.close();
    }
  });

  test('the dashboard page says its figures are being updated, and from when, while a rebuild runs', async () => {
    const operator = await server.signIn('ttpv@example.gov.vn');
    const page = `/dieu-hanh/${encodeURIComponent(id)}`;
    // Current figures first (the page's own thread may still be starting on a loaded machine).
    await eventually(async () => {
      const first = await operator.get(page);
      expect(first.status).toBe(200);
      expect(first.text).not.toContain('Số liệu đang được cập nhật');
    });
    // A write, then a rebuild held open: the page's request joins it, waits its 150 ms and is served the previous figures.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const open = await db().escalation.findFirstOrThrow({ where: { campaignId: id, resolvedAt: null } });
    await db().escalation.update({ where: { id: open.id }, data: { resolvedAt: new Date() } });
    const held = async (campaignId: string, at: Date) => (await gate, buildDashboard(db(), campaignId, at));
    expect((await campaignDashboard(db(), id, new Date(), { build: held, waitMs: 0 })).current).toBe(false);
    const during = await operator.get(page);
    expect(during.status).toBe(200);
    expect(during.text).toMatch(
      /Số liệu đang được cập nhật: các con số dưới đây tính đến \d\d:\d\d ngày \d\d\/\d\d\/\d{4} \((chưa đến 1 phút trước|\d+ phút trước)\)/,
    );
    release();
    await eventually(async () => expect((await operator.get(page)).text).not.toContain('Số liệu đang được cập nhật'));
  });
});

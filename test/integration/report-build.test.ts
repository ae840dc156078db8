import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { buildCampaignReport } from '../../reporting/build';
import { runReport } from '../../reporting/run-report';
import type { CampaignReport } from '../../reporting/model';
import {
  AGENCIES,
  agencyCode,
  endOf,
  EXPECTED,
  FORMULA_NAME,
  HOSTILE_NAME,
  REPORT_AT,
  vn,
} from '../support/report-scenario';
import { testDatabases } from '../support/test-env';
import { useReportScenario } from '../support/report-world';

// The report built from a known scenario written with Prisma on real databases: counts, every
// agency's row, working days late, the Chairman's list, progress per day, and every format written.

const byCode = (report: CampaignReport, campaignId: string, n: number) =>
  report.agencies.find((a) => a.code === agencyCode(campaignId, n))!;

describe.each(testDatabases())('reporting job on %s', (kind) => {
  const { database, campaignId, report, outDir } = useReportScenario(kind);

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
});

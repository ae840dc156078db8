import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { createReportActivities } from '../../activities/report';
import { uniqueId } from '../support/harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { testDatabases } from '../support/test-env';
import { createCampaignRow } from '../support/campaign-row';

// The report activity trusts neither its folder nor its recipients: files go inside the configured
// reports folder only, e-mail to the campaign's configured people or the explicit allow-list only.

describe.each(testDatabases())('report limits on %s', (kind) => {
  let database: TestDatabase;
  let root: string;
  let reportsDir: string;
  let campaignId: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-report-limits-'));
    reportsDir = path.join(root, 'reports');
    fs.mkdirSync(reportsDir);
    campaignId = uniqueId('limits');
    await createCampaignRow(database.db, campaignId, {
      definition: {
        reviewer: { name: 'Sở TTTT', email: 'stttt@quangngai.gov.vn' },
        approver: { name: 'Chủ tịch UBND tỉnh' },
        serviceCenter: { name: 'Trung tâm', email: 'TTPV@quangngai.gov.vn' },
        agencies: [{ code: 'so-tu-phap', email: 'stp@quangngai.gov.vn' }],
      },
    });
  });
  afterAll(async () => {
    await database?.drop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const activities = () =>
    createReportActivities(database.db, { reportsDir, allowedRecipients: ['vpub@quangngai.gov.vn'] });
  const at = '2024-03-07T09:00:00+07:00';

  async function refused(work: Promise<unknown>, type: string): Promise<string> {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type, nonRetryable: true });
    return (error as Error).message;
  }

  test('a folder outside the reports folder is refused, also through .. or a symbolic link; nothing is written', async () => {
    const outside = path.join(root, 'ngoai');
    for (const outputDir of [outside, path.join(reportsDir, '..', 'ngoai'), '/tmp']) {
      const message = await refused(
        activities().generateReport({ campaignId, outputDir, at }),
        'ReportOutputOutsideFolder',
      );
      expect(message).toContain('nằm ngoài thư mục báo cáo được cấu hình (DONDOC_REPORT_DIR=');
    }
    fs.mkdirSync(outside, { recursive: true });
    fs.symlinkSync(outside, path.join(reportsDir, 'loi-tat'));
    await refused(
      activities().generateReport({ campaignId, outputDir: path.join(reportsDir, 'loi-tat', 'x'), at }),
      'ReportOutputOutsideFolder',
    );
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  test('inside the reports folder the report is written', async () => {
    const result = await activities().generateReport({ campaignId, outputDir: path.join(reportsDir, 'hang-ngay'), at });
    expect(result.dir.startsWith(fs.realpathSync(reportsDir))).toBe(true);
    expect(result.files.length).toBeGreaterThan(0);
  });

  test('recipients outside the campaign and the allow-list are refused before anything is written', async () => {
    const outputDir = path.join(reportsDir, 'thu-la');
    const message = await refused(
      activities().generateReport({
        campaignId,
        outputDir,
        at,
        emailTo: ['stttt@quangngai.gov.vn', 'ke-gian@example.com'],
      }),
      'ReportRecipientNotAllowed',
    );
    expect(message).toContain('ke-gian@example.com');
    expect(message).not.toContain('stttt@');
    expect(fs.existsSync(outputDir)).toBe(false);
  });

  test("the campaign's people (any letter case) and the allow-list may receive it", async () => {
    const result = await activities().generateReport({
      campaignId,
      outputDir: path.join(reportsDir, 'gui'),
      at,
      emailTo: ['ttpv@quangngai.gov.vn', 'stp@quangngai.gov.vn', 'VPUB@quangngai.gov.vn'],
    });
    // No SMTP server here: each allowed recipient is recorded in the outbox (skipped), exactly these three.
    expect(result.emailed).toEqual({ sent: 0, alreadySent: 0, skipped: 3 });
    const rows = await database.db.notification.findMany({ where: { campaignId, kind: { contains: 'report' } } });
    expect(rows.map((row) => row.recipient.toLowerCase()).sort()).toEqual([
      'stp@quangngai.gov.vn',
      'ttpv@quangngai.gov.vn',
      'vpub@quangngai.gov.vn',
    ]);
    expect(rows.every((row) => row.status === 'skipped')).toBe(true);
  });
});

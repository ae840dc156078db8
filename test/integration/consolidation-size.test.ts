import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConsolidation } from '../../activities/consolidation';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { testDatabases } from '../support/test-env';

// A consolidation reads every assignment of its campaign with its agency: past SQLite's 999 bound
// values in one statement (a campaign of over a thousand agencies) it must still consolidate.

const AGENCIES = 1_200;
const LIST = {
  procedures: [
    { code: '1.001193', name: 'Đăng ký khai sinh', documents: [{ name: 'Tờ khai', kind: 'thanh_phan_ho_so' }] },
  ],
};

describe.each(testDatabases())('consolidation of %s agencies on %s', (kind) => {
  let database: TestDatabase;
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-consolidation-size-'));
  const campaignId = 'ct-lon';

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    await db.campaign.create({
      data: {
        id: campaignId,
        directiveNumber: '100/UBND-KSTT',
        directiveDate: new Date('2024-02-07T00:00:00+07:00'),
        title: 'Rà soát, lập danh sách giấy tờ cần số hóa',
        submissionDeadline: new Date('2026-12-31T17:00:00+07:00'),
      },
    });
    const codes = Array.from({ length: AGENCIES }, (_, i) => `xa-${String(i).padStart(5, '0')}`);
    await db.agency.createMany({
      data: codes.map((code, i) => ({ campaignId, code, name: `UBND xã số ${i}`, kind: 'commune' })),
    });
    await db.assignment.createMany({
      data: codes.map((code) => ({
        id: `${campaignId}/${code}`,
        campaignId,
        agencyCode: code,
        workflowId: `campaign:${campaignId}:agency:${code}`,
        stage: 'accepted',
        submissionDeadline: new Date('2026-12-31T17:00:00+07:00'),
        currentVersion: 1,
      })),
    });
    await db.submission.createMany({
      data: codes.map((code) => ({
        id: `${campaignId}/${code}#v1`,
        assignmentId: `${campaignId}/${code}`,
        version: 1,
        content: LIST,
        submittedBy: code,
        submittedAt: new Date('2026-12-01T09:00:00+07:00'),
      })),
    });
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
    fs.rmSync(exportDir, { recursive: true, force: true });
  });

  test(`every one of ${AGENCIES} accepted lists is consolidated`, async () => {
    const { consolidate } = createConsolidation(database.db, exportDir);
    const summary = await consolidate({
      campaignId,
      round: 1,
      by: 'Sở Thẩm định',
      at: '2026-12-07T09:00:00+07:00',
      directive: '100/UBND-KSTT',
    });
    expect(summary.agencies).toBe(AGENCIES);
    expect(summary.missing).toEqual([]);
    expect(await database.db.assignment.count({ where: { campaignId, catalogueRound: 1 } })).toBe(AGENCIES);
  }, 120_000);
});

import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { loadCampaignDefinition } from '../../campaign-files/campaign-definition';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { sampleCampaign } from '../support/sample-campaign';
import { MONTHLY_REPORT } from '../support/sample-deliveries';
import { tinyPdf } from '../support/sample-files';
import { useServer } from '../support/server-harness';
import { consolidationFiles } from '../support/consolidation-files';
import { testDatabases } from '../support/test-env';

// A campaign that declares its deliverable (the monthly report on administrative procedures) takes
// deliveries through the server: each is checked with the campaign's compiled checker and again by
// the agency's workflow; a refused one stores nothing, a changed one tells the reviewer what moved.

const monthlyReport = () =>
  loadCampaignDefinition(path.join(__dirname, '../../campaigns/bao-cao-thang-12-2026-TTHC.yaml'));

/** The signed report as uploaded for the agency (the server names it by its own record). */
let signedReport: { sha256: string; name: string };

/** The monthly report, with one indicator cell changed when asked. */
function report(change?: [code: string, column: string, value: number]) {
  // A copy: a test that corrects a cell must not change the sample the other database's run reads.
  const table = structuredClone(MONTHLY_REPORT.fields['ho-so']) as Record<string, Record<string, number>>;
  const [code, column, value] = change ?? ['HS01', 'ky-nay', table.HS01!['ky-nay']!];
  return {
    fields: {
      ...MONTHLY_REPORT.fields,
      'ho-so': { ...table, [code]: { ...table[code], [column]: value } },
      'ban-ky': [signedReport],
    },
  };
}
const withCell = (code: string, column: string, value: number) => report([code, column, value]);

describe.each(testDatabases())('deliveries of a declared deliverable (%s)', (kind) => {
  const definition = sampleCampaign();
  const id = definition.id;
  const tokens: Record<string, string> = {};
  const deliver = (who: string, code: string, delivery: unknown) =>
    apiAs(server.baseUrl, tokens[who]).post(`/api/v1/campaigns/${id}/agencies/${code}/deliveries`, { delivery });
  const submissions = (code: string) =>
    server.harness.database.db.submission.findMany({
      where: { assignment: { campaignId: id, agencyCode: code } },
      orderBy: { version: 'asc' },
    });

  const server = useServer(kind);
  beforeAll(async () => {
    definition.deliverable = (await monthlyReport()).deliverable;
    const launch = await launchThroughApi(server, definition, {
      health: 'syt@example.gov.vn',
      justice: 'stp@example.gov.vn',
      reviewer: 'stttt@example.gov.vn',
      approver: 'chutich@example.gov.vn',
    });
    Object.assign(tokens, launch.tokens);
    const form = new FormData();
    form.append('file', new Blob([tinyPdf('Báo cáo tháng 12')]), 'bao-cao-thang-12.pdf');
    const uploaded = await fetch(`${server.baseUrl}/api/v1/campaigns/${id}/agencies/so-y-te/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.health}` },
      body: form,
    });
    expect(uploaded.status).toBe(200);
    signedReport = (await uploaded.json()) as typeof signedReport;
  });

  test('a report whose parts do not add up is refused with the indicator named; nothing is stored', async () => {
    const refused = await deliver('health', 'so-y-te', withCell('HS01', 'ky-nay', 131));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_delivery' });
    const issues = refused.body.issues as { field: string; message: string }[];
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toEqual({ field: expect.stringContaining('ho-so'), message: expect.stringContaining('HS01') });
    expect(await submissions('so-y-te')).toEqual([]);
  });

  test('a complete report is submitted as version 1 and recorded as delivered', async () => {
    const answer = await deliver('health', 'so-y-te', report());
    expect(answer).toMatchObject({ status: 200, body: { version: 1, stage: 'submitted' } });
    const [row] = await submissions('so-y-te');
    expect(row).toMatchObject({ version: 1, source: 'form' });
    expect((row!.content as { fields: Record<string, unknown> }).fields['so-van-ban']).toBe('125/BC-STP');
  });

  test('another agency’s person cannot deliver for it', async () => {
    const answer = await deliver('justice', 'so-y-te', report());
    expect(answer.status).toBe(403);
    expect(await submissions('so-y-te')).toHaveLength(1);
  });

  test('returned, corrected and sent again: the reviewer is told which field changed', async () => {
    const returned = await apiAs(server.baseUrl, tokens.reviewer).post(
      `/api/v1/campaigns/${id}/agencies/so-y-te/return`,
      { reasons: { overall: 'Số hồ sơ đang giải quyết chưa khớp sổ theo dõi.' } },
    );
    expect(returned).toMatchObject({ status: 200, body: { stage: 'returned' } });
    const corrected = withCell('HS07', 'ky-nay', 14);
    ((corrected.fields['ho-so'] as Record<string, Record<string, number>>).HS06 as Record<string, number>)['ky-nay'] =
      6;
    (corrected.fields as Record<string, unknown>)['kien-nghi'] = 'Đề nghị bổ sung biên chế bộ phận một cửa.';
    const again = await deliver('health', 'so-y-te', corrected);
    expect(again).toMatchObject({ status: 200, body: { version: 2, stage: 'resubmitted' } });
    const notice = await server.harness.database.db.notification.findFirstOrThrow({
      where: { campaignId: id, kind: 'submission_received', body: { contains: 'phiên bản 2' } },
    });
    expect(notice.body).toContain('Đề xuất, kiến nghị');
    expect(notice.body).toContain('HS07');
  });

  test('accepted, consolidated into one workbook with the indicator totals, and approved', async () => {
    const reviewer = apiAs(server.baseUrl, tokens.reviewer);
    expect((await reviewer.post(`/api/v1/campaigns/${id}/agencies/so-y-te/accept`, {})).status).toBe(200);
    const consolidated = await reviewer.post(`/api/v1/campaigns/${id}/consolidate`, {});
    expect(consolidated).toMatchObject({ status: 200, body: { agencies: 1, entries: 1 } });
    const { xlsx } = await consolidationFiles(server.harness.client, id, 1);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const totals = workbook.getWorksheet('Tổng hợp chỉ tiêu')!;
    const hs07 = totals
      .getRows(1, totals.rowCount)!
      .find((row) => row.getCell(1).text === 'HS07' || row.values.toString().includes('HS07'));
    expect(hs07?.values.toString()).toContain('15');
    const approved = await apiAs(server.baseUrl, tokens.approver).post(`/api/v1/campaigns/${id}/approve`, {
      decisionNumber: '88/QĐ-UBND',
      decisionDate: new Date().toISOString().slice(0, 10),
      signer: 'Đặng Văn Minh',
    });
    expect(approved.status).toBe(200);
    await eventually(async () =>
      expect((await server.harness.database.db.campaign.findUniqueOrThrow({ where: { id } })).status).toBe('approved'),
    );
    const agency = server.harness.rawClient.workflow.getHandle(agencyWorkflowId(id, 'so-y-te'));
    await eventually(async () => expect((await agency.describe()).status.name).toBe('COMPLETED'));
    expect(await recordHistory(agency, 'agency-declared-report')).toBeGreaterThan(10);
  });

  test('straight to Temporal with a valid proof, a broken report is still refused by the workflow', async () => {
    // The harness's client signs the Update as the server would.
    const error = await server.harness.client.workflow
      .getHandle(agencyWorkflowId(id, 'so-tu-phap'))
      .executeUpdate('submitDelivery', { args: [{ delivery: withCell('HS05', 'ky-nay', 999), source: 'json' }] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((error as WorkflowUpdateFailedError).cause?.message).toMatch(/Sản phẩm chưa đạt yêu cầu[\s\S]*HS05/);
    expect(await submissions('so-tu-phap')).toEqual([]);
  });

  test('the Article 4 list route is not the way to deliver a declared report', async () => {
    const answer = await apiAs(server.baseUrl, tokens.health).post(
      `/api/v1/campaigns/${id}/agencies/so-y-te/submissions`,
      { list: { procedures: [] } },
    );
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(await submissions('so-y-te')).toHaveLength(2);
  });
});

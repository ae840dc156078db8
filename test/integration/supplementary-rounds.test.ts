import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { runReport } from '../../reporting/run-report';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignStateQuery, type CampaignState, type ConsolidationSummary } from '../../workflows/campaign/messages';
import { submitListUpdate } from '../../workflows/agency/messages';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { sampleCampaign } from '../support/sample-campaign';
import { closingCampaign } from '../support/closing-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { useServer } from '../support/server-harness';
import { consolidationFiles } from '../support/consolidation-files';
import { testDatabases } from '../support/test-env';

// A supplementary round (tổng hợp bổ sung), through the dondoc server with signed proofs: UBND huyện
// Bình Sơn, its deadline extended, is still within it when the reviewer consolidates round 1; its
// list accepted afterwards is consolidated in round 2 (files in lan-2) and approved by a decision of
// its own that supplements the first. Sở Tư pháp, whose deadline had passed at round 1, is found
// missing and is offered no later round: its page says collection is closed for it, and a list
// accepted from it later is in no round.

jest.setTimeout(180_000);

describe.each(testDatabases())('supplementary consolidation round (%s)', (kind) => {
  const server = useServer(kind);
  // The submission deadline passes a few seconds after the launch (the launch refuses one already past).
  const closing = closingCampaign({
    agencies: sampleCampaign().agencies.map((a) => ({ ...a, stage: 'assigned' as const })),
  });
  const { definition } = closing;
  const id = definition.id;
  const tokens: Record<string, string> = {};
  const as = (who: string) => apiAs(server.baseUrl, tokens[who]);
  const route = `/api/v1/campaigns/${id}`;
  const agencyRoute = (code: string) => `${route}/agencies/${code}`;
  const db = () => server.harness.database.db;
  const stageOf = async (code: string) =>
    (await db().assignment.findFirstOrThrow({ where: { campaignId: id, agencyCode: code } })).stage;
  const campaignState = () =>
    server.harness.client.workflow.getHandle(campaignWorkflowId(id)).query(campaignStateQuery);
  const textOf = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
  const submitAndAccept = async (who: string, code: string) => {
    expect((await as(who).post(`${agencyRoute(code)}/submissions`, { list: justiceDepartmentList })).status).toBe(200);
    await eventually(async () => expect(await stageOf(code)).toBe('submitted'));
    expect((await as('reviewer').post(`${agencyRoute(code)}/accept`, {})).status).toBe(200);
    await eventually(async () => expect(await stageOf(code)).toBe('accepted'));
  };
  let round1: ConsolidationSummary;
  let round2: ConsolidationSummary;

  beforeAll(async () => {
    // Set when this database's turn comes: each database's campaign is launched in its own turn.
    closing.arm();
    Object.assign(
      tokens,
      (
        await launchThroughApi(server, definition, {
          health: 'syt@example.gov.vn',
          justice: 'stp@example.gov.vn',
          district: 'binhson@example.gov.vn',
          reviewer: 'stttt@example.gov.vn',
          approver: 'chutich@example.gov.vn',
          operator: 'ttpv@example.gov.vn',
        })
      ).tokens,
    );
    // The Service Center extends Bình Sơn's deadline by twenty days; Sở Y tế is accepted in time.
    const extended = await as('operator').post(`${agencyRoute('ubnd-huyen-binh-son')}/extend`, {
      deadline: new Date(Date.now() + 20 * 86_400_000).toISOString(),
      reason: 'Sáp nhập đơn vị hành chính cấp xã',
    });
    expect(extended.status).toBe(200);
    await submitAndAccept('health', 'so-y-te');
  });

  test('round 1: the agency within its extended deadline is not missing and is offered the next round', async () => {
    await closing.closed();
    const consolidated = await as('reviewer').post<ConsolidationSummary>(`${route}/consolidate`, {});
    expect(consolidated.status).toBe(200);
    round1 = consolidated.body;
    expect(round1).toMatchObject({
      round: 1,
      catalogueRound: 1,
      agencies: 1,
      missing: ['so-tu-phap'],
      pending: ['ubnd-huyen-binh-son'],
    });
    round1.files = await consolidationFiles(server.harness.client, definition.id, 1);
    expect(path.basename(path.dirname(round1.files.xlsx))).toBe('lan-1');
    const approved = await as('approver').post(`${route}/approve`, {
      decisionNumber: '512/QĐ-UBND',
      decisionDate: '2024-03-13',
      signer: 'Đặng Văn Minh',
    });
    expect(approved.body).toEqual({ approved: 1 });
    expect(await campaignState()).toMatchObject({ phase: 'approved', openRound: 2 });
    await eventually(async () => expect(await stageOf('so-y-te')).toBe('approved'));

    // Bình Sơn is told its list goes into a supplementary round, and is still invited to submit.
    const district = await server.signIn('binhson@example.gov.vn');
    const districtPage = textOf((await district.get(`/campaigns/${id}/agencies/ubnd-huyen-binh-son`)).text);
    expect(districtPage).toContain('sẽ được tổng hợp bổ sung và trình Chủ tịch UBND tỉnh phê duyệt bổ sung');
    expect(districtPage).toContain('Nộp danh sách');
    expect(districtPage).not.toContain('Thu thập danh sách đã kết thúc');
    // Sở Tư pháp, missing at round 1, is told collection is closed for it, and invited to nothing.
    const justice = await server.signIn('stp@example.gov.vn');
    const justicePage = textOf((await justice.get(`/campaigns/${id}/agencies/so-tu-phap`)).text);
    expect(justicePage).toContain(
      'Việc thu thập danh sách đã kết thúc đối với cơ quan: danh mục tổng hợp đã được lập ngày',
    );
    expect(justicePage).toContain('kể cả các lần tổng hợp bổ sung');
    expect(justicePage).not.toContain('Nộp danh sách');
    expect(justicePage).not.toContain('Tổng hợp bổ sung');
  });

  test('round 2: the list accepted after round 1 is consolidated in lan-2 and approved as a supplement', async () => {
    await submitAndAccept('district', 'ubnd-huyen-binh-son');
    // The agency found missing at round 1 is refused a list, with what its page says; the refusal is audited.
    const late = await as('justice').post(`${agencyRoute('so-tu-phap')}/submissions`, { list: justiceDepartmentList });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({
      error: 'refused',
      message: expect.stringContaining('Việc thu thập danh sách đã kết thúc đối với cơ quan'),
    });
    expect(await stageOf('so-tu-phap')).toBe('assigned');
    expect(
      await db().accessEvent.count({
        where: { campaignId: id, agencyCode: 'so-tu-phap', action: 'submit', outcome: 'failed' },
      }),
    ).toBe(1);
    // Sent around the server all the same and accepted, it is still in no later round.
    await server.harness.client.workflow
      .getHandle(agencyWorkflowId(id, 'so-tu-phap'))
      .executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    await eventually(async () => expect(await stageOf('so-tu-phap')).toBe('submitted'));
    expect((await as('reviewer').post(`${agencyRoute('so-tu-phap')}/accept`, {})).status).toBe(200);
    await eventually(async () => expect(await stageOf('so-tu-phap')).toBe('accepted'));

    const consolidated = await as('reviewer').post<ConsolidationSummary>(`${route}/consolidate`, {});
    expect(consolidated.status).toBe(200);
    round2 = consolidated.body;
    expect(round2).toMatchObject({ round: 2, catalogueRound: 2, agencies: 1, missing: [], pending: [] });
    round2.files = await consolidationFiles(server.harness.client, definition.id, 2);
    expect(path.basename(path.dirname(round2.files.xlsx))).toBe('lan-2');
    expect(fs.readFileSync(round2.files.csv, 'utf8')).toContain('ubnd-huyen-binh-son');
    expect(fs.readFileSync(round2.files.csv, 'utf8')).not.toContain('so-tu-phap');
    expect(fs.readFileSync(round2.files.csv, 'utf8')).not.toContain('so-y-te');
    expect((await db().campaign.findUniqueOrThrow({ where: { id } })).status).toBe('consolidated');
    await eventually(async () => expect(await stageOf('ubnd-huyen-binh-son')).toBe('consolidated'));

    const approved = await as('approver').post(`${route}/approve`, {
      decisionNumber: '600/QĐ-UBND',
      decisionDate: '2024-04-02',
      signer: 'Trần Phước Hiền',
    });
    expect(approved.body).toEqual({ approved: 1 });
    // Nobody remains within a deadline of their own: the campaign ends.
    await server.harness.client.workflow.getHandle(campaignWorkflowId(id)).result();
    await eventually(async () => expect(await stageOf('ubnd-huyen-binh-son')).toBe('approved'));
    expect(await stageOf('so-tu-phap')).toBe('accepted');
    const state: CampaignState = await campaignState();
    expect(state).toMatchObject({
      phase: 'approved',
      decision: { decisionNumber: '512/QĐ-UBND', signer: 'Đặng Văn Minh' },
      supplements: [{ round: 2, decisionNumber: '600/QĐ-UBND', decisionDate: '2024-04-02', signer: 'Trần Phước Hiền' }],
    });
    expect(state.openRound).toBeUndefined();
    // The first decision stays the campaign's; the supplement's annex names both.
    expect(await db().campaign.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'approved',
      decisionNumber: '512/QĐ-UBND',
    });
    const annex = await new ExcelJS.Workbook().xlsx.readFile(round2.files.xlsx);
    expect(annex.getWorksheet('Phụ lục')!.getCell('A6').value).toBe(
      '(Ban hành kèm theo Quyết định số 600/QĐ-UBND ngày 02/04/2024 của Chủ tịch UBND tỉnh, bổ sung Quyết định số 512/QĐ-UBND ngày 13/03/2024)',
    );
    const first = await new ExcelJS.Workbook().xlsx.readFile(round1.files.xlsx);
    expect(first.getWorksheet('Phụ lục')!.getCell('A6').value).toBe(
      '(Ban hành kèm theo Quyết định số 512/QĐ-UBND ngày 13/03/2024 của Chủ tịch UBND tỉnh)',
    );
    // The audit rows of both approvals name the approver.
    const approvals = await db().auditEvent.findMany({
      where: { campaignId: id, action: 'approve', assignmentId: null },
      orderBy: { at: 'asc' },
    });
    expect(approvals.map((a) => [a.personName, (a.payload as { decisionNumber: string }).decisionNumber])).toEqual([
      ['Chủ tịch UBND tỉnh', '512/QĐ-UBND'],
      ['Chủ tịch UBND tỉnh', '600/QĐ-UBND'],
    ]);
    await recordHistory(
      server.harness.client.workflow.getHandle(campaignWorkflowId(id)),
      'campaign-supplementary-round',
    );
    const district = server.harness.client.workflow.getHandle(agencyWorkflowId(id, 'ubnd-huyen-binh-son'));
    await district.result();
    await recordHistory(district, 'agency-supplementary-round');
  });

  test('the report shows both rounds, each with its decision', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-rounds-'));
    try {
      const { report, files } = await runReport({ db: db(), campaignId: id, dir, approvalWaitMs: 10_000 });
      expect(report.rounds).toEqual([
        expect.objectContaining({
          round: 1,
          label: 'lần 1',
          agencies: 1,
          decision: 'Quyết định số 512/QĐ-UBND ngày 13/03/2024, người ký: Đặng Văn Minh',
        }),
        expect.objectContaining({
          round: 2,
          label: 'lần 2 (bổ sung)',
          agencies: 1,
          decision:
            'Quyết định số 600/QĐ-UBND ngày 02/04/2024, bổ sung Quyết định số 512/QĐ-UBND ngày 13/03/2024, người ký: Trần Phước Hiền',
        }),
      ]);
      const html = fs.readFileSync(files.html, 'utf8');
      expect(html).toContain('Các lần tổng hợp danh mục');
      expect(html).toContain('Tổng hợp lần 2 (bổ sung)');
      expect(fs.readFileSync(files.markdown, 'utf8')).toContain('Tổng hợp lần 1 lúc');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

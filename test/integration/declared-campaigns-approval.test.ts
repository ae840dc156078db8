import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { CampaignDefinition } from '../../domain/campaign-definition';
import type { FileRef, FormDelivery } from '../../domain/deliverables';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { equipmentCampaign, equipmentRow, selfAssessment, selfAssessmentCampaign } from '../support/declared-campaigns';
import { eventually } from '../support/eventually';
import { sampleCampaign } from '../support/sample-campaign';
import { tinyPdf } from '../support/sample-files';
import { filledTemplate } from '../support/table-files';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import { consolidationFiles } from '../support/consolidation-files';

// Two more declared campaigns of campaigns/, each launched through the server and taken to
// approval: the IT equipment table, delivered as the campaign's own template filled in; and the
// administrative-reform self-assessment, scores bounded by each criterion's maximum and one
// evidence file per criterion. Each consolidates into the workbook its declaration describes.

const PEOPLE = {
  health: 'syt@example.gov.vn',
  justice: 'stp@example.gov.vn',
  reviewer: 'stttt@example.gov.vn',
  approver: 'chutich@example.gov.vn',
};

describe.each(testDatabases())('declared campaigns taken to approval (%s)', (kind) => {
  const server = useServer(kind);
  const db = () => server.harness.database.db;

  /** Launches the campaign with a declaration; its people's tokens. */
  async function launch(deliverable: CampaignDefinition['deliverable']) {
    const definition = sampleCampaign({ deliverable });
    return { id: definition.id, tokens: (await launchThroughApi(server, definition, PEOPLE)).tokens };
  }

  async function upload(token: string, route: string, name: string, content: Buffer) {
    const form = new FormData();
    form.append('file', new Blob([content]), name);
    const response = await fetch(`${server.baseUrl}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Accepts so-y-te's delivery, consolidates and approves; the consolidation's workbook. */
  async function acceptConsolidateApprove(id: string, tokens: Record<string, string>) {
    const reviewer = apiAs(server.baseUrl, tokens.reviewer);
    expect((await reviewer.post(`/api/v1/campaigns/${id}/agencies/so-y-te/accept`, {})).status).toBe(200);
    const consolidated = await reviewer.post(`/api/v1/campaigns/${id}/consolidate`, {});
    expect(consolidated.status).toBe(200);
    const approved = await apiAs(server.baseUrl, tokens.approver).post(`/api/v1/campaigns/${id}/approve`, {
      decisionNumber: '90/QĐ-UBND',
      decisionDate: new Date().toISOString().slice(0, 10),
      signer: 'Đặng Văn Minh',
    });
    expect(approved.status).toBe(200);
    await eventually(async () =>
      expect((await db().campaign.findUniqueOrThrow({ where: { id } })).status).toBe('approved'),
    );
    // The files are written after the consolidation answered; the approval waited for them.
    const files = await consolidationFiles(server.harness.client, id, 1);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(files.xlsx);
    return { summary: { ...consolidated.body, files }, workbook };
  }

  const cellsOf = (sheet: ExcelJS.Worksheet) =>
    sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map((v) => String(v ?? '')) : []));

  test('IT equipment: the template filled in, a wrong cell located, fixed, accepted, consolidated, approved', async () => {
    const { declaration } = await equipmentCampaign();
    const { id, tokens } = await launch(declaration);
    const filePath = `/api/v1/campaigns/${id}/agencies/so-y-te/deliveries/file`;
    const rows = [equipmentRow('TS-001'), equipmentRow('TS-002', { 'so-luong': 2, 'kinh-phi': 36_000_000 })];
    const asTyped = (row: Record<string, unknown>) =>
      declaration.columns.map((c) =>
        typeof row[c.key] === 'boolean' ? (row[c.key] ? 'Có' : 'Không') : (row[c.key] as ExcelJS.CellValue),
      );

    const wrong = await upload(
      tokens.health!,
      filePath,
      'thiet-bi.xlsx',
      await filledTemplate(declaration, [asTyped(rows[0]!), asTyped({ ...rows[1]!, 'so-luong': 'hai' })]),
    );
    expect(wrong.status).toBe(400);
    expect((wrong.body.issues as { message: string }[])[0]!.message).toMatch(/dòng 3.*Số lượng/);
    expect(await db().submission.count({ where: { assignment: { campaignId: id } } })).toBe(0);

    const right = await upload(
      tokens.health!,
      filePath,
      'thiet-bi.xlsx',
      await filledTemplate(declaration, rows.map(asTyped)),
    );
    expect(right).toMatchObject({ status: 200, body: { version: 1, stage: 'submitted' } });

    const { summary, workbook } = await acceptConsolidateApprove(id, tokens);
    expect(summary).toMatchObject({ agencies: 1, entries: 2 });
    expect(cellsOf(workbook.getWorksheet('Danh sách tổng hợp')!)).toEqual(
      expect.arrayContaining(['TS-001', 'TS-002', 'Sở Y tế']),
    );
  });

  test('self-assessment: a score above its maximum refused, evidence attached, accepted, averaged, approved', async () => {
    const { declaration } = await selfAssessmentCampaign();
    const { id, tokens } = await launch(declaration);
    const files: FileRef[] = [];
    for (const code of ['TC1', 'TC2', 'TC3', 'TC4', 'TC5', 'TC6', 'TC7']) {
      const answer = await upload(
        tokens.health!,
        `/api/v1/campaigns/${id}/agencies/so-y-te/files`,
        `minh-chung-${code}.pdf`,
        tinyPdf(`Minh chứng ${code}`),
      );
      expect(answer.status).toBe(200);
      files.push(answer.body as unknown as FileRef);
    }
    const withEvidence = (delivery: FormDelivery) => ({
      fields: {
        ...delivery.fields,
        ...Object.fromEntries(files.map((file, i) => [`minh-chung-tc${i + 1}`, [file]])),
      },
    });
    const health = apiAs(server.baseUrl, tokens.health);
    const deliveries = `/api/v1/campaigns/${id}/agencies/so-y-te/deliveries`;

    const above = await health.post(deliveries, {
      delivery: withEvidence(selfAssessment([11, 9, 14, 9, 14, 9, 14])),
    });
    expect(above.status).toBe(400);
    expect(JSON.stringify(above.body.issues)).toContain('TC1');

    const scores = [9.5, 9, 14, 9, 14, 9, 14];
    const delivered = await health.post(deliveries, { delivery: withEvidence(selfAssessment(scores)) });
    expect(delivered).toMatchObject({ status: 200, body: { version: 1, stage: 'submitted' } });

    const { summary, workbook } = await acceptConsolidateApprove(id, tokens);
    expect(summary).toMatchObject({ agencies: 1, entries: 1 });
    expect(cellsOf(workbook.getWorksheet('Tổng hợp chỉ tiêu')!)).toEqual(expect.arrayContaining(['TONG']));
    const index = cellsOf(workbook.getWorksheet('Danh mục tệp')!);
    expect(index).toEqual(
      expect.arrayContaining(['minh-chung-TC1.pdf', 'tep/so-y-te/minh-chung-tc1-1-minh-chung-TC1.pdf']),
    );
    // The evidence itself is in the round's folder beside the workbook, byte for byte.
    const folder = path.dirname((summary.files as { xlsx: string }).xlsx);
    for (const code of ['TC1', 'TC7'])
      expect(
        fs.readFileSync(
          path.join(folder, 'tep', 'so-y-te', `minh-chung-${code.toLowerCase()}-1-minh-chung-${code}.pdf`),
        ),
      ).toEqual(tinyPdf(`Minh chứng ${code}`));
  });
});

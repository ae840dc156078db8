import ExcelJS from 'exceljs';
import { equipmentCampaign, equipmentRow, monthlyReportCampaign } from '../support/declared-campaigns';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { eventually } from '../support/eventually';
import { sampleCampaign } from '../support/sample-campaign';
import { MONTHLY_REPORT } from '../support/sample-deliveries';
import { tinyPdf } from '../support/sample-files';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// Any version an agency submitted of a declared deliverable, from its page: a table's version as the
// .xlsx of the campaign's template with that version's rows (to correct and upload again), a form's
// version as a page with what changed marked. Only those who may read the agency get it.

const PEOPLE = { health: 'syt@example.gov.vn', justice: 'stp@example.gov.vn', reviewer: 'stttt@example.gov.vn' };

describe.each(testDatabases())('versions of a declared deliverable on the agency page (%s)', (kind) => {
  const server = useServer(kind);
  const db = () => server.harness.database.db;
  const versions = (campaignId: string) =>
    db().submission.count({ where: { assignment: { campaignId, agencyCode: 'so-y-te' } } });

  test("a table's versions download as the template's .xlsx with their rows", async () => {
    const definition = sampleCampaign({ deliverable: (await equipmentCampaign()).declaration });
    const { tokens } = await launchThroughApi(server, definition, PEOPLE);
    const rows = [equipmentRow('TS-001'), equipmentRow('TS-002', { 'so-luong': 2, 'kinh-phi': 30_000_000 })];
    const sent = await apiAs(server.baseUrl, tokens.health).post(
      `/api/v1/campaigns/${definition.id}/agencies/so-y-te/deliveries`,
      { delivery: { rows } },
    );
    expect(sent.status).toBe(200);
    await eventually(async () => expect(await versions(definition.id)).toBe(1));

    const agency = await server.signIn(PEOPLE.health);
    const page = await agency.get(`/campaigns/${definition.id}/agencies/so-y-te`);
    expect(page.text).toContain('Tải phiên bản 1 (.xlsx)');
    // Its tasks page offers no Article 4 template: this campaign's own template is on its page.
    const tasks = await agency.get('/nhiem-vu');
    expect(tasks.text).toContain(definition.directive.number);
    expect(tasks.text).not.toContain('Tải tệp mẫu danh sách');
    const file = await fetch(`${server.baseUrl}/campaigns/${definition.id}/agencies/so-y-te/phien-ban/1`, {
      headers: { cookie: [...agency.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/so-y-te-phien-ban-1\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await file.arrayBuffer()) as unknown as ArrayBuffer);
    const assets = workbook.worksheets[0]!.getColumn(1).values.map(String);
    expect(assets).toEqual(expect.arrayContaining(['TS-001', 'TS-002']));

    // Another agency gets nothing of it; a version never sent is named.
    const other = await server.signIn(PEOPLE.justice);
    expect((await other.get(`/campaigns/${definition.id}/agencies/so-y-te/phien-ban/1`)).status).toBe(403);
    const missing = await agency.get(`/campaigns/${definition.id}/agencies/so-y-te/phien-ban/7`);
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Cơ quan chưa nộp phiên bản 7');
  });

  test("a form's versions open as pages, what changed since the one before marked", async () => {
    const definition = sampleCampaign({ deliverable: (await monthlyReportCampaign()).declaration });
    const { tokens } = await launchThroughApi(server, definition, PEOPLE);
    const api = apiAs(server.baseUrl, tokens.health);
    const form = new FormData();
    form.append('file', new Blob([tinyPdf('Báo cáo tháng 12')]), 'bao-cao-thang-12.pdf');
    const uploaded = await fetch(`${server.baseUrl}/api/v1/campaigns/${definition.id}/agencies/so-y-te/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.health}` },
      body: form,
    });
    const pdf = (await uploaded.json()) as { sha256: string; name: string };
    const fields = { ...structuredClone(MONTHLY_REPORT.fields), 'ban-ky': [pdf] } as Record<string, unknown>;
    const deliver = () =>
      api.post(`/api/v1/campaigns/${definition.id}/agencies/so-y-te/deliveries`, { delivery: { fields } });
    expect((await deliver()).status).toBe(200);
    await eventually(async () => expect(await versions(definition.id)).toBe(1));
    const reviewer = apiAs(server.baseUrl, tokens.reviewer);
    const returned = await reviewer.post(`/api/v1/campaigns/${definition.id}/agencies/so-y-te/return`, {
      reasons: { overall: 'Xem lại số văn bản.' },
    });
    expect(returned.status).toBe(200);
    await eventually(async () =>
      expect(
        (await db().assignment.findFirstOrThrow({ where: { campaignId: definition.id, agencyCode: 'so-y-te' } })).stage,
      ).toBe('returned'),
    );
    fields['so-van-ban'] = '126/BC-SYT';
    expect((await deliver()).status).toBe(200);
    await eventually(async () => expect(await versions(definition.id)).toBe(2));

    const agency = await server.signIn(PEOPLE.health);
    const page = await agency.get(`/campaigns/${definition.id}/agencies/so-y-te`);
    expect(page.text).toContain('Xem phiên bản 1');
    expect(page.text).toContain('Xem phiên bản 2');
    const first = await agency.get(`/campaigns/${definition.id}/agencies/so-y-te/phien-ban/1`);
    const second = await agency.get(`/campaigns/${definition.id}/agencies/so-y-te/phien-ban/2`);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.text).toContain(String(MONTHLY_REPORT.fields['so-van-ban']));
    expect(first.text).not.toContain('status--changed');
    expect(second.text).toContain('126/BC-SYT');
    expect(second.text.match(/status--changed/g)).toHaveLength(1);
    expect(second.text).toContain('bao-cao-thang-12.pdf');
  });
});

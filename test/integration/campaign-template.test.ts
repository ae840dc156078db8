import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { checkTableUpload } from '../../deliverable-files';
import { ARTICLE_4_TABLE } from '../../domain/deliverables';
import { TEMPLATE_FILE } from '../../list-files';
import { campaignTemplatePath } from '../../server/portal/campaign-template';
import { launchThroughApi } from '../support/api-campaign';
import { sampleCampaign } from '../support/sample-campaign';
import { useServer } from '../support/server-harness';
import { equipmentTable } from '../support/table-files';
import { testDatabases } from '../support/test-env';

// Each campaign's template downloaded through the real server: a launched campaign declaring a table
// gets the template generated from the declaration its definition stored, which reads back through
// its checker once filled; a campaign declaring none keeps letter 751's shipped template; a person
// of another campaign is refused.

describe.each(testDatabases())("a campaign's template from the server (%s)", (kind) => {
  const server = useServer(kind);
  const tokens: Record<string, string> = {};
  const declared = sampleCampaign();
  const plain = sampleCampaign();
  const article4 = sampleCampaign({ deliverable: ARTICLE_4_TABLE });

  beforeAll(async () => {
    Object.assign(declared, { deliverable: await equipmentTable() });
    Object.assign(tokens, (await launchThroughApi(server, declared, { stp: 'stp@example.gov.vn' }, 'token')).tokens);
    const other = sampleCampaign({
      agencies: [
        { code: 'so-y-te', name: 'Sở Y tế', kind: 'department', email: 'khac@example.gov.vn', stage: 'assigned' },
      ],
    });
    tokens.stranger = (
      await launchThroughApi(server, other, { stranger: 'khac@example.gov.vn' }, 'token')
    ).tokens.stranger!;
    tokens.stp751 = (await launchThroughApi(server, plain, { stp: 'stp@example.gov.vn' }, 'token')).tokens.stp!;
    tokens.stpArticle4 = (await launchThroughApi(server, article4, { stp: 'stp@example.gov.vn' }, 'token')).tokens.stp!;
  });

  const download = (campaignId: string, who: string) =>
    fetch(`${server.baseUrl}${campaignTemplatePath(campaignId)}`, {
      headers: { authorization: `Bearer ${tokens[who]}` },
    });

  test('a declared table: the template of its declaration, filled and read back through its checker', async () => {
    const response = await download(declared.id, 'stp');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="mau-danh-muc-thiet-bi-cong-nghe-thong-tin-can-thay-the-nam-2027.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Danh mục thiết bị công nghệ');
    expect(sheet.getCell('D1').value).toBe('Số lượng (chiếc) (*)');
    sheet.addRow(['TS-9', 'Máy quét A3', 'Máy quét', 1, 2018, '', 'Có', '9.000.000', 'Kẹt giấy']);
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    const check = await checkTableUpload(await equipmentTable(), filled, 'xlsx');
    expect(check).toMatchObject({ ok: true, delivery: { rows: [{ 'ma-tai-san': 'TS-9', 'kinh-phi': 9_000_000 }] } });
  });

  test('a campaign that declares nothing keeps the shipped Article 4 template, byte for byte', async () => {
    const response = await download(plain.id, 'stp751');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="mau-danh-sach-giay-to-so-hoa.xlsx"',
    );
    expect(Buffer.from(await response.arrayBuffer()).equals(fs.readFileSync(TEMPLATE_FILE))).toBe(true);
  });

  test("a person of another campaign is refused, in Vietnamese, and the agency's page links its own template", async () => {
    const refused = await download(declared.id, 'stranger');
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Bạn không có quyền');
    const page = await server.signIn('stp@example.gov.vn');
    const agency = await page.get(`/campaigns/${encodeURIComponent(declared.id)}/agencies/so-tu-phap`);
    expect(agency.status).toBe(200);
    expect(agency.text).toContain(`href="${campaignTemplatePath(declared.id)}"`);
  });
});

import { buildCampaignReport, renderHtml, renderMarkdown } from '../../reporting';
import { fmtNumber } from '../../reporting/format';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { monthlyReportCampaign, monthlyReportOf } from '../support/declared-campaigns';
import { eventually } from '../support/eventually';
import { sampleCampaign } from '../support/sample-campaign';
import { tinyPdf } from '../support/sample-files';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// A campaign that declares the monthly report: two agencies (a department and a district) deliver
// their reports through the server and are accepted, one delivers nothing. The daily report and the
// Service Center's dashboard add up the indicators of the accepted reports, by kind of agency and in
// all, and name the agency that has delivered nothing.

/** Who delivers which sample report (figures scaled by 1 + i % 7). */
const DELIVERING = { health: ['so-y-te', 1], district: ['ubnd-huyen-binh-son', 2] } as const;

/** A page's visible text, without markup. */
const textOf = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

describe.each(testDatabases())('indicator totals of a declared deliverable (%s)', (kind) => {
  const definition = sampleCampaign();
  const id = definition.id;
  const tokens: Record<string, string> = {};
  const server = useServer(kind);
  const figure = (i: number, code: string, column: string) =>
    (monthlyReportOf(i).fields['ho-so'] as Record<string, Record<string, number>>)[code]![column]!;

  beforeAll(async () => {
    definition.deliverable = (await monthlyReportCampaign()).declaration;
    const launch = await launchThroughApi(server, definition, {
      health: 'syt@example.gov.vn',
      district: 'binhson@example.gov.vn',
      reviewer: 'stttt@example.gov.vn',
    });
    Object.assign(tokens, launch.tokens);
    for (const [who, [code, i]] of Object.entries(DELIVERING)) {
      const form = new FormData();
      form.append('file', new Blob([tinyPdf(`Báo cáo tháng 12 số ${i}`)]), `bao-cao-${i}.pdf`);
      const uploaded = await fetch(`${server.baseUrl}/api/v1/campaigns/${id}/agencies/${code}/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[who]}` },
        body: form,
      });
      expect(uploaded.status).toBe(200);
      const delivery = monthlyReportOf(i);
      (delivery.fields as Record<string, unknown>)['ban-ky'] = [await uploaded.json()];
      const delivered = await apiAs(server.baseUrl, tokens[who]).post(
        `/api/v1/campaigns/${id}/agencies/${code}/deliveries`,
        { delivery },
      );
      expect(delivered).toMatchObject({ status: 200, body: { stage: 'submitted' } });
      const accepted = await apiAs(server.baseUrl, tokens.reviewer).post(
        `/api/v1/campaigns/${id}/agencies/${code}/accept`,
        {},
      );
      expect(accepted.status).toBe(200);
    }
    await eventually(async () =>
      expect(await server.harness.database.db.assignment.count({ where: { campaignId: id, stage: 'accepted' } })).toBe(
        2,
      ),
    );
  });

  test('the report adds up the accepted reports by kind of agency and in all, and names who delivered nothing', async () => {
    const report = await buildCampaignReport({ db: server.harness.database.db, campaignId: id });
    const section = report.deliverable!;
    expect(section.accepted).toBe(2);
    const [table] = section.tables;
    expect(table!.groups.map((g) => g.kind)).toEqual(['department', 'district', 'all']);
    const [department, district, all] = table!.groups;
    for (const code of ['HS01', 'HS04', 'HS07'])
      for (const column of ['ky-nay', 'luy-ke']) {
        expect(department!.cells[code]![column]!.value).toBe(figure(1, code, column));
        expect(district!.cells[code]![column]!.value).toBe(figure(2, code, column));
        expect(all!.cells[code]![column]).toMatchObject({
          value: figure(1, code, column) + figure(2, code, column),
          agencies: 2,
        });
      }
    expect(section.missing).toMatchObject({ total: 1, nothing: 1, complete: 2 });
    expect(section.missing.agencies).toEqual([expect.objectContaining({ code: 'so-tu-phap', parts: ['Chưa nộp'] })]);

    const html = renderHtml(report);
    const total = fmtNumber(figure(1, 'HS01', 'luy-ke') + figure(2, 'HS01', 'luy-ke'));
    expect(textOf(html)).toContain('Tổng hợp chỉ tiêu');
    expect(textOf(html)).toContain(total);
    // One chart per indicator of the table, each with its figures in words.
    expect(html.match(/<svg/g)!.length).toBe(4 + table!.indicators.length);
    expect(html).toContain('aria-label="HS01. Tổng số hồ sơ phải giải quyết (hồ sơ)');
    expect(textOf(html)).toMatch(/Chưa nộp đủ.*Sở Tư pháp.*Chưa nộp/);
    expect(renderMarkdown(report)).toContain('## Tổng hợp chỉ tiêu');
    expect(renderMarkdown(report)).toContain(` ${total} `);
  });

  test('the dashboard shows the totals of all agencies and links to who has not delivered which part', async () => {
    const operator = await server.signIn('ttpv@example.gov.vn');
    const total = fmtNumber(figure(1, 'HS01', 'ky-nay') + figure(2, 'HS01', 'ky-nay'));
    const page = await eventually(async () => {
      const text = textOf((await operator.get(`/dieu-hanh/${encodeURIComponent(id)}`)).text);
      expect(text).toContain(`Tổng hợp chỉ tiêu`);
      expect(text).toMatch(new RegExp(`HS01\\. Tổng số hồ sơ phải giải quyết hồ sơ ${total.replace('.', '\\.')} `));
      return text;
    });
    expect(page).toContain('1 cơ quan chưa nộp đủ');
    const missing = textOf((await operator.get(`/dieu-hanh/${encodeURIComponent(id)}/chua-nop-du`)).text);
    expect(missing).toContain('Sở Tư pháp');
    expect(missing).toContain('Chưa nộp');
    expect(missing).not.toContain('Sở Y tế');
  });
});

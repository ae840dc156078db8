import path from 'node:path';
import { monthlyReportCells } from '../support/sample-deliveries';
import type { Page } from 'playwright-core';
import { loadCampaignDefinition } from '../../campaign-files/campaign-definition';
import { DESKTOP_VIEWPORT, PHONE_VIEWPORT, expectAccessible } from '../support/browser';
import { eventually } from '../support/eventually';
import { usePortalSuite } from '../support/portal-suite';
import { sampleCampaign } from '../support/sample-campaign';
import { tinyPdf } from '../support/sample-files';
import { testDatabases } from '../support/test-env';

// A campaign that declares a monthly report (a narrative, an indicator table that must add up, a
// signed PDF): the agency fills it on a phone, is refused with the problem beside the table,
// everything typed kept and the PDF still attached, fixes it, submits; the reviewer returns one
// indicator with a reason; the agency sees it beside the indicator, fixes it, submits again; the
// reviewer accepts; the Chairman reads the consolidated totals and approves them.
// In a real Chromium, with axe-core at phone and desktop width.

const MONTHLY_REPORT = path.join(__dirname, '../../campaigns/bao-cao-thang-12-2026-TTHC.yaml');

/** A one-page PDF, as a signed report would be (the content decides its type). */
const PDF = tinyPdf('Báo cáo tháng 12');

const CELLS = monthlyReportCells();

const cell = (page: Page, code: string, column: 'Kỳ này' | 'Lũy kế từ đầu năm') =>
  page.getByRole('textbox', { name: new RegExp(`^${code} .*, ${column}$`) });

describe.each(testDatabases())('a declared monthly report in the portal (%s)', (kind) => {
  const suite = usePortalSuite(kind, { worker: true });
  const definition = sampleCampaign();
  const id = definition.id;
  const agencyPage = `/campaigns/${id}/agencies/so-y-te`;
  const stageOf = async () =>
    (await suite.db().assignment.findFirstOrThrow({ where: { campaignId: id, agencyCode: 'so-y-te' } })).stage;

  beforeAll(async () => {
    definition.deliverable = (await loadCampaignDefinition(MONTHLY_REPORT)).deliverable;
    await suite.launch(definition);
  });

  test('filled on a phone, refused with the problem beside it, fixed, returned, corrected and accepted', async () => {
    const { page } = await suite.signedIn('syt@example.gov.vn', PHONE_VIEWPORT);
    await page.goto(suite.url(agencyPage));
    await page.getByRole('link', { name: 'Điền và nộp' }).click();
    await page.getByRole('heading', { name: /Báo cáo tình hình, kết quả giải quyết TTHC tháng 12\/2026/ }).waitFor();
    await expectAccessible(page, 'declared report form (phone)');
    // On a phone each indicator is a card, its inputs as wide as the screen allows, not squeezed into columns.
    expect((await cell(page, 'HS01', 'Lũy kế từ đầu năm').boundingBox())!.width).toBeGreaterThan(200);

    await page.getByLabel(/Đánh giá chung/).fill('Tiếp nhận, giải quyết đúng quy trình.');
    for (const [code, [now, year]] of Object.entries(CELLS)) {
      await cell(page, code, 'Kỳ này').fill(String(code === 'HS01' ? now + 1 : now));
      await cell(page, code, 'Lũy kế từ đầu năm').fill(year.toLocaleString('vi-VN'));
    }
    await page.getByRole('radio', { name: 'Không' }).check();
    await page.getByLabel(/Số văn bản báo cáo/).fill('125/BC-SYT');
    await page.getByLabel(/Ngày văn bản/).fill('15/12/2026');
    await page.getByLabel(/Văn bản báo cáo đã ký số/).setInputFiles({
      name: 'bao-cao-thang-12.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await page.getByRole('button', { name: 'Nộp' }).click();

    // Refused: the sum is named beside the indicator table, what was typed is still there.
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('HS01');
    expect(await page.locator('.field-error', { hasText: 'phải bằng tổng HS02 + HS03' }).count()).toBeGreaterThan(0);
    expect(await cell(page, 'HS01', 'Kỳ này').inputValue()).toBe('131');
    expect(await cell(page, 'HS03', 'Lũy kế từ đầu năm').inputValue()).toBe('1.400');
    expect(await page.getByLabel(/Số văn bản báo cáo/).inputValue()).toBe('125/BC-SYT');
    expect(await stageOf()).toBe('assigned');
    await expectAccessible(page, 'declared report form refused (phone)');

    // The signed PDF stays attached: the next sending delivers it without choosing it again.
    expect(await page.getByText('Đã đính kèm: bao-cao-thang-12.pdf').count()).toBe(1);
    await cell(page, 'HS01', 'Kỳ này').fill('130');
    await page.getByRole('button', { name: 'Nộp' }).click();
    await page.getByText('Đã nộp phiên bản 1').waitFor();
    expect(await stageOf()).toBe('submitted');
    expect(await page.getByRole('link', { name: 'bao-cao-thang-12.pdf' }).count()).toBe(1);

    // The reviewer returns one indicator, with its reason beside it.
    const reviewer = await suite.signedIn('stttt@example.gov.vn', DESKTOP_VIEWPORT);
    // Named as what this campaign collects (reports), not as letter 751's lists.
    await reviewer.page.goto(suite.url(`/tham-dinh/${id}`));
    await reviewer.page.getByRole('heading', { level: 1, name: 'Bản nộp chờ thẩm định' }).waitFor();
    expect(await reviewer.page.getByRole('link', { name: 'Xem trước và tổng hợp kết quả' }).count()).toBe(1);
    await reviewer.page.goto(suite.url(`/tham-dinh/${id}/co-quan/so-y-te`));
    await reviewer.page.getByRole('heading', { level: 1, name: 'Bản nộp của Sở Y tế' }).waitFor();
    await reviewer.page.getByLabel(/Lý do trả lại: HS07 Số hồ sơ đang giải quyết/).fill('Chưa khớp sổ theo dõi.');
    await reviewer.page.getByLabel('Lý do chung').fill('Xem lại số hồ sơ đang giải quyết.');
    await expectAccessible(reviewer.page, 'review of a declared report');
    await reviewer.page.getByRole('button', { name: 'Trả lại' }).click();
    await eventually(async () => expect(await stageOf()).toBe('returned'));

    // The agency sees the reason beside the indicator and starts again from version 1.
    await page.goto(suite.url(agencyPage));
    expect(await page.locator('.row-reason', { hasText: 'Chưa khớp sổ theo dõi.' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Sửa và nộp lại' }).click();
    expect(await cell(page, 'HS07', 'Kỳ này').inputValue()).toBe('15');
    expect(await page.getByText('Đã nộp: bao-cao-thang-12.pdf').count()).toBe(1);
    await cell(page, 'HS07', 'Kỳ này').fill('14');
    await cell(page, 'HS06', 'Kỳ này').fill('6');
    await page.getByRole('button', { name: 'Nộp lại' }).click();
    await page.getByText('Đã nộp phiên bản 2').waitFor();
    // Any version it sent opens as a page of its own, what changed marked.
    await page.getByRole('link', { name: 'Xem phiên bản 2' }).click();
    await page.getByRole('heading', { name: /^Phiên bản 2: Báo cáo tình hình/ }).waitFor();
    const changed = (code: string) => page.locator('tr', { hasText: code }).locator('.status--changed').count();
    expect([await changed('HS07'), await changed('HS06'), await changed('HS01')]).toEqual([1, 1, 0]);
    await expectAccessible(page, 'a version of a declared report (phone)');

    await reviewer.page.goto(suite.url(`/tham-dinh/${id}/co-quan/so-y-te`));
    expect(await reviewer.page.locator('tr.diff-added', { hasText: 'HS07' }).count()).toBe(1);
    await reviewer.page.getByRole('button', { name: 'Chấp nhận' }).click();
    await eventually(async () => expect(await stageOf()).toBe('accepted'));

    // Consolidated from the reviewer's page, warned that the deadline has not passed and two
    // agencies have sent nothing; then the Chairman reads the totals and approves them.
    await reviewer.page.goto(suite.url(`/tham-dinh/${id}/tong-hop`));
    await reviewer.page.getByRole('heading', { level: 1, name: /^Tổng hợp kết quả/ }).waitFor();
    await reviewer.page.getByLabel('Tôi đã đọc các cảnh báo trên và vẫn tổng hợp bây giờ').check();
    await reviewer.page.getByRole('button', { name: 'Xác nhận tổng hợp 1 bản nộp' }).click();
    await eventually(async () =>
      expect((await suite.db().campaign.findUniqueOrThrow({ where: { id } })).status).toBe('consolidated'),
    );
    const approver = await suite.signedIn('chutich@example.gov.vn', DESKTOP_VIEWPORT);
    await approver.page.goto(suite.url(`/phe-duyet/${id}`));
    const totals = approver.page.getByRole('region', { name: /Số liệu hồ sơ TTHC/ });
    expect(await totals.getByRole('row', { name: /HS07/ }).innerText()).toMatch(
      /HS07\s+Số hồ sơ đang giải quyết\s+hồ sơ\s+14\s+15/,
    );
    expect(await approver.page.getByRole('link', { name: 'Tải bảng tổng hợp (.xlsx)' }).count()).toBe(1);
    await expectAccessible(approver.page, 'approval of a declared report');
    await approver.page.getByLabel('Số quyết định').fill('88/QĐ-UBND');
    await approver.page
      .getByLabel('Ngày quyết định')
      .fill(new Date().toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }));
    await approver.page.getByLabel('Người ký').fill('Đặng Văn Minh');
    await approver.page.getByRole('button', { name: 'Phê duyệt kết quả tổng hợp' }).click();
    await eventually(async () =>
      expect((await suite.db().campaign.findUniqueOrThrow({ where: { id } })).status).toBe('approved'),
    );
  });

  test("the Service Center's dashboard shows the accepted report's totals and who has not delivered", async () => {
    for (const viewport of [DESKTOP_VIEWPORT, PHONE_VIEWPORT]) {
      const { page } = await suite.signedIn('ttpv@example.gov.vn', viewport);
      await page.goto(suite.url(`/dieu-hanh/${id}`));
      const row = page.getByRole('row', { name: /HS07\. Số hồ sơ đang giải quyết/ });
      expect((await row.innerText()).replace(/\s+/g, ' ')).toContain('hồ sơ 14 15');
      await expectAccessible(page, `dashboard with indicator totals (${viewport.width}px)`);
      await page.getByRole('link', { name: '2 cơ quan chưa nộp đủ' }).click();
      await page.getByRole('cell', { name: /Sở Tư pháp/ }).waitFor();
      expect(await page.getByRole('cell', { name: /Sở Y tế/ }).count()).toBe(0);
      await expectAccessible(page, `agencies that have not delivered every part (${viewport.width}px)`);
    }
  });
});

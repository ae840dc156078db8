import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { loadCampaignDefinition } from '../../campaign-files/campaign-definition';
import { deliverableOf, type TableDeclaration } from '../../domain/deliverables';
import { DESKTOP_VIEWPORT, PHONE_VIEWPORT, expectAccessible } from '../support/browser';
import { equipmentRow } from '../support/declared-campaigns';
import { eventually } from '../support/eventually';
import { usePortalSuite } from '../support/portal-suite';
import { sampleCampaign } from '../support/sample-campaign';
import { typedRow } from '../support/table-files';
import { testDatabases } from '../support/test-env';

// The IT-equipment campaign's declared table, end to end in a browser: the agency downloads the
// campaign's template from its page, fills it, uploads it with one wrong cell and sees that cell
// located, uploads the right file, reads the preview and confirms; the reviewer returns one row
// with a reason; the agency sees the reason beside the row, uploads the fixed file, sees what
// changed in the preview and confirms; the reviewer accepts and consolidates from the portal; the
// approver reads the consolidated table and approves. In a real Chromium, with axe-core.

const EQUIPMENT = path.join(__dirname, '../../campaigns/thiet-bi-cntt-thay-the-2027.yaml');
const REASON = 'Số lượng không khớp sổ theo dõi tài sản.';

describe.each(testDatabases())('a declared table in the portal (%s)', (kind) => {
  const suite = usePortalSuite(kind, { worker: true });
  const definition = sampleCampaign();
  const id = definition.id;
  const agencyPage = `/campaigns/${id}/agencies/so-y-te`;
  let declaration: TableDeclaration;
  const stageOf = async () =>
    (await suite.db().assignment.findFirstOrThrow({ where: { campaignId: id, agencyCode: 'so-y-te' } })).stage;

  /** The template as downloaded from the agency's page, filled with `rows` from its second row. */
  async function filled(template: Buffer, rows: Record<string, unknown>[]): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    rows.forEach((row, i) =>
      typedRow(declaration, row).forEach((value, c) => (sheet.getCell(i + 2, c + 1).value = value)),
    );
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  async function upload(page: Page, name: string, buffer: Buffer) {
    await page.getByLabel('Tệp (.xlsx, .csv hoặc .json)').setInputFiles({
      name,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });
    await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
  }

  beforeAll(async () => {
    declaration = deliverableOf((await loadCampaignDefinition(EQUIPMENT)).deliverable) as TableDeclaration;
    definition.deliverable = (await loadCampaignDefinition(EQUIPMENT)).deliverable;
    await suite.launch(definition);
  });

  test('template filled, a wrong cell located, previewed and confirmed, returned by row, fixed, accepted, consolidated, approved', async () => {
    const { page } = await suite.signedIn('syt@example.gov.vn', PHONE_VIEWPORT);
    await page.goto(suite.url(agencyPage));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'tệp mẫu (.xlsx)' }).first().click(),
    ]);
    const template = fs.readFileSync((await download.path())!);
    const rows = [
      equipmentRow('TS-001'),
      equipmentRow('TS-002', { 'so-luong': 2, 'kinh-phi': 36_000_000 }),
      equipmentRow('TS-003', { loai: 'Máy in', 'ten-thiet-bi': 'Máy in HP LaserJet P2035' }),
    ];

    // One wrong cell: located by sheet, row and column; nothing stored, nothing submitted.
    await upload(
      page,
      'thiet-bi.xlsx',
      await filled(template, [rows[0]!, { ...rows[1]!, 'so-luong': 'hai' }, rows[2]!]),
    );
    const alert = page.getByRole('alert');
    expect(await alert.innerText()).toContain('có 1 lỗi');
    expect(await page.getByRole('cell', { name: /dòng 3, cột "Số lượng": "hai" không phải số nguyên/ }).count()).toBe(
      1,
    );
    await expectAccessible(page, 'declared table file refused (phone)');
    expect(await stageOf()).toBe('assigned');

    // The right file: previewed, nothing submitted until "Nộp bảng này".
    await upload(page, 'thiet-bi.xlsx', await filled(template, rows));
    await page.getByText('đọc được: 3 dòng').waitFor();
    expect(await page.getByRole('cell', { name: 'Máy in HP LaserJet P2035' }).count()).toBe(1);
    expect(await page.getByText('Lần nộp đầu tiên: 3 dòng.').count()).toBe(1);
    await expectAccessible(page, 'declared table preview (phone)');
    expect(await suite.db().submission.count({ where: { assignment: { campaignId: id } } })).toBe(0);
    await page.getByRole('button', { name: 'Nộp bảng này' }).click();
    await page.getByText('Đã nộp phiên bản 1').waitFor();
    expect(await stageOf()).toBe('submitted');

    // The reviewer returns the second row with its reason.
    const reviewer = await suite.signedIn('stttt@example.gov.vn', DESKTOP_VIEWPORT);
    await reviewer.page.goto(suite.url(`/tham-dinh/${id}/co-quan/so-y-te`));
    await reviewer.page.getByLabel('Lý do trả lại: dòng 2', { exact: true }).fill(REASON);
    await reviewer.page.getByLabel('Lý do chung').fill('Xem lại số lượng máy tính.');
    await expectAccessible(reviewer.page, 'review of a declared table');
    await reviewer.page.getByRole('button', { name: 'Trả lại' }).click();
    await eventually(async () => expect(await stageOf()).toBe('returned'));

    // The agency sees the reason beside the row, uploads the fixed file and sees what changed.
    await page.goto(suite.url(agencyPage));
    const returned = page.getByRole('row').filter({ has: page.locator('.row-reason', { hasText: REASON }) });
    expect(await returned.count()).toBe(1);
    expect(await returned.innerText()).toContain('TS-002');
    await upload(
      page,
      'thiet-bi-da-sua.xlsx',
      await filled(template, [rows[0]!, { ...rows[1]!, 'so-luong': 3 }, rows[2]!]),
    );
    await page.getByRole('heading', { name: 'Thay đổi so với phiên bản 1' }).waitFor();
    expect(await page.getByText('So với lần nộp trước: thêm 0, bỏ 0, sửa 1 dòng, giữ nguyên 2.').count()).toBe(1);
    expect(
      await page
        .getByRole('listitem')
        .filter({ hasText: /^~ TS-002: Số lượng: 2.* → 3/ })
        .count(),
    ).toBe(1);
    expect(await page.locator('.row-reason', { hasText: REASON }).count()).toBe(1);
    await expectAccessible(page, 'declared table preview with changes (phone)');
    await page.getByRole('button', { name: 'Nộp bảng này' }).click();
    await page.getByText('Đã nộp phiên bản 2').waitFor();

    // Accepted and consolidated from the reviewer's pages.
    await reviewer.page.goto(suite.url(`/tham-dinh/${id}/co-quan/so-y-te`));
    await reviewer.page.getByRole('button', { name: 'Chấp nhận' }).click();
    await eventually(async () => expect(await stageOf()).toBe('accepted'));
    await reviewer.page.goto(suite.url(`/tham-dinh/${id}/tong-hop`));
    await expectAccessible(reviewer.page, 'consolidation of a declared table');
    const acknowledge = reviewer.page.getByLabel('Tôi đã đọc các cảnh báo trên và vẫn tổng hợp bây giờ');
    if ((await acknowledge.count()) > 0) await acknowledge.check();
    await reviewer.page.getByRole('button', { name: /Xác nhận tổng hợp/ }).click();
    await eventually(async () =>
      expect((await suite.db().campaign.findUniqueOrThrow({ where: { id } })).status).toBe('consolidated'),
    );

    // The approver reads the consolidated table and approves it.
    const approver = await suite.signedIn('chutich@example.gov.vn', DESKTOP_VIEWPORT);
    await approver.page.goto(suite.url(`/phe-duyet/${id}`));
    expect(await approver.page.getByText(/của 1 cơ quan, 3 dòng/).count()).toBe(1);
    expect(await approver.page.getByRole('link', { name: 'Tải bảng tổng hợp (.xlsx)' }).count()).toBe(1);
    await expectAccessible(approver.page, 'approval of a declared table');
    await approver.page.getByLabel('Số quyết định').fill('91/QĐ-UBND');
    await approver.page
      .getByLabel('Ngày quyết định')
      .fill(new Date().toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }));
    await approver.page.getByLabel('Người ký').fill('Đặng Văn Minh');
    await approver.page.getByRole('button', { name: 'Phê duyệt kết quả tổng hợp' }).click();
    await eventually(async () =>
      expect((await suite.db().campaign.findUniqueOrThrow({ where: { id } })).status).toBe('approved'),
    );
  });
});

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parseCampaignYaml } from '../../campaign-files/campaign-yaml';
import { formatDate } from '../../domain/time';
import { grantRole } from '../../server/identity/people';
import { PHONE_VIEWPORT, expectAccessible, type PortalPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { usePortalSuite } from '../support/portal-suite';
import { testDatabases } from '../support/test-env';

// The Service Center's directory and campaign creation in a real Chromium on a real server, worker,
// Temporal and database: a directory file with mistakes is refused with each one located and nothing
// stored, a good one is imported, searched and edited (audited); a campaign is created from it with a
// mistake shown beside its field and everything typed kept, previewed agency by agency, launched, and
// its campaign file downloaded parses back to the very definition launched. axe-core on every page.

const HEADER = 'Mã cơ quan,Tên cơ quan,Cấp,Huyện,Email,Mã định danh điện tử';

async function goodDirectoryXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh bạ');
  sheet.addRow(HEADER.split(','));
  const rows = [
    ['so-tu-phap', 'Sở Tư pháp', 'Sở, ban, ngành', '', 'stp@example.gov.vn', ''],
    ['so-y-te', 'Sở Y tế', 'sở, ban, ngành', '', 'syt@example.gov.vn', ''],
    ['so-xay-dung', 'Sở Xây dựng', 'department', '', 'sxd@example.gov.vn', ''],
    [
      'huyen-binh-son',
      'UBND huyện Bình Sơn',
      'UBND cấp huyện',
      'Huyện Bình Sơn',
      'binhson@example.gov.vn',
      '000.00.53.H48',
    ],
    ['xa-21112', 'UBND xã Bình Châu, huyện Bình Sơn', 'UBND cấp xã', 'Huyện Bình Sơn', 'xa-21112@example.gov.vn', ''],
    ['xa-21115', 'UBND xã Bình Thạnh, huyện Bình Sơn', 'Xã', 'Huyện Bình Sơn', 'xa-21115@example.gov.vn', ''],
    [
      'xa-21460',
      'UBND xã Tịnh Kỳ, thành phố Quảng Ngãi',
      'UBND cấp xã',
      'Thành phố Quảng Ngãi',
      'xa-21460@example.gov.vn',
      '',
    ],
    ['xa-21463', 'UBND xã Tịnh Khê, thành phố Quảng Ngãi', 'UBND cấp xã', 'Thành phố Quảng Ngãi', '', ''],
  ];
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Two mistakes: a level that is none, and an e-mail that is not one. */
const BROKEN_CSV = [
  HEADER,
  'so-tu-phap,Sở Tư pháp,"Sở, ban, ngành",,stp@example.gov.vn,',
  'so-y-te,Sở Y tế,Tỉnh đoàn,,syt@example.gov.vn,',
  'xa-21112,"UBND xã Bình Châu, huyện Bình Sơn",Xã,Huyện Bình Sơn,xa-21112 example.gov.vn,',
].join('\n');

/** A saved deliverable declaration offered by its title (campaigns/thiet-bi-cntt-thay-the-2027.yaml). */
const EQUIPMENT = 'Danh mục thiết bị công nghệ thông tin cần thay thế năm 2027';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function onPhoneToo(portal: PortalPage, label: string) {
  await expectAccessible(portal.page, label);
  const desktop = portal.page.viewportSize()!;
  await portal.page.setViewportSize(PHONE_VIEWPORT);
  await expectAccessible(portal.page, `${label} (390 px)`);
  await portal.page.setViewportSize(desktop);
}

describe.each(testDatabases())('the agency directory and creating a campaign on the web (%s)', (kind) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-create-data-'));
  const suite = usePortalSuite(kind, { env: { DONDOC_DATA_DIR: dataDir }, worker: true });
  const { url, db, signedIn } = suite;
  const admin = 'admin@example.gov.vn';

  beforeAll(async () => {
    await grantRole(db(), { email: admin, name: 'Quản trị', role: 'admin' }, 'test');
    await grantRole(
      db(),
      { email: 'canbo@example.gov.vn', name: 'Cán bộ', role: 'agency', campaignId: 'khac', agencyCode: 'so-y-te' },
      'test',
    );
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('a directory file with mistakes stores nothing and locates each; a good one is imported, searched and edited, audited', async () => {
    const portal = await signedIn(admin);
    const { page } = portal;
    await page.goto(url('/dieu-hanh'));
    await page.getByRole('link', { name: 'Danh bạ cơ quan' }).click();
    await onPhoneToo(portal, 'empty directory');

    await page.getByLabel('Tệp danh bạ (.xlsx hoặc .csv)').setInputFiles({
      name: 'danh-ba.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(BROKEN_CSV),
    });
    await page.getByRole('button', { name: 'Nhập danh bạ' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('Tệp “danh-ba.csv” có 2 lỗi; chưa nhập cơ quan nào');
    const rows = await page.getByRole('table', { name: 'Lỗi trong tệp' }).locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^\s*3\s+Cấp\s+cấp "Tỉnh đoàn" không có trong danh mục\s+ghi một trong: Sở, ban, ngành;/);
    expect(rows[1]).toMatch(/^\s*4\s+Email\s+email "xa-21112 example.gov.vn" không đúng dạng/);
    expect(await db().directoryAgency.count()).toBe(0);
    await onPhoneToo(portal, 'directory file refused');

    await page.getByLabel('Tệp danh bạ (.xlsx hoặc .csv)').setInputFiles({
      name: 'danh-ba.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await goodDirectoryXlsx(),
    });
    await page.getByRole('button', { name: 'Nhập danh bạ' }).click();
    await page.getByText('Đã nhập 8 cơ quan từ tệp "danh-ba.xlsx": 8 cơ quan mới, 0 cơ quan được cập nhật.').waitFor();
    expect(await db().directoryAgency.findUniqueOrThrow({ where: { code: 'huyen-binh-son' } })).toMatchObject({
      level: 'district',
      district: 'Huyện Bình Sơn',
      electronicId: '000.00.53.H48',
    });

    // Search without diacritics, then filter by level and district.
    await page.getByLabel('Tìm theo tên, mã, email').fill('binh chau');
    await page.getByRole('button', { name: 'Lọc' }).click();
    const found = page.getByRole('table', { name: /cơ quan/ }).locator('tbody tr');
    expect(await found.allInnerTexts()).toEqual([expect.stringContaining('UBND xã Bình Châu, huyện Bình Sơn')]);
    await page.goto(url(`/dieu-hanh/danh-ba?cap=commune&huyen=${encodeURIComponent('Thành phố Quảng Ngãi')}`));
    expect(await found.count()).toBe(2);
    await onPhoneToo(portal, 'directory filtered');

    // An edit with a mistake keeps what was typed; corrected, it is saved and audited with the person.
    await page.goto(url('/dieu-hanh/danh-ba'));
    await page.getByRole('link', { name: 'UBND xã Tịnh Khê, thành phố Quảng Ngãi' }).click();
    await page.getByLabel('Email (không bắt buộc)').fill('tinhkhe@example.gov.vn');
    await page.getByLabel('Mã định danh điện tử (không bắt buộc)').fill('000.00.53');
    await page.getByRole('button', { name: 'Lưu' }).click();
    expect(await page.locator('#maDinhDanh-error').innerText()).toContain(
      'Mã định danh "000.00.53" không đúng dạng. Cách sửa:',
    );
    expect(await page.getByLabel('Email (không bắt buộc)').inputValue()).toBe('tinhkhe@example.gov.vn');
    await onPhoneToo(portal, 'directory agency with a mistake');
    await page.getByLabel('Mã định danh điện tử (không bắt buộc)').fill('');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu thay đổi của UBND xã Tịnh Khê, thành phố Quảng Ngãi.').waitFor();
    const person = await db().person.findUniqueOrThrow({ where: { email: admin } });
    const change = await db().accessEvent.findFirstOrThrow({
      where: { action: 'manageDirectory', personId: person.id, outcome: 'done' },
      orderBy: { at: 'desc' },
    });
    expect(change).toMatchObject({ channel: 'web', role: 'admin' });
    expect(change.detail).toMatchObject({
      operation: 'change',
      code: 'xa-21463',
      after: { email: 'tinhkhe@example.gov.vn' },
    });

    // Added by hand: a mistake beside its field, what was typed kept, then added.
    await page.getByRole('link', { name: 'Thêm một cơ quan' }).click();
    await page.getByLabel('Mã cơ quan').fill('so tai chinh');
    await page.getByLabel('Tên cơ quan').fill('Sở Tài chính');
    await page.getByLabel('Cấp').selectOption({ label: 'Sở, ban, ngành' });
    await page.getByRole('button', { name: 'Lưu' }).click();
    expect(await page.locator('#ma-error').innerText()).toContain('Mã cơ quan "so tai chinh" có ký tự không dùng được');
    expect(await page.getByLabel('Tên cơ quan').inputValue()).toBe('Sở Tài chính');
    expect(await page.getByLabel('Cấp').inputValue()).toBe('department');
    await page.getByLabel('Mã cơ quan').fill('so-tai-chinh');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã thêm Sở Tài chính vào danh bạ.').waitFor();
    expect(await db().accessEvent.count({ where: { action: 'manageDirectory', personId: person.id } })).toBe(3);

    // Deactivated: kept in the directory, no longer offered for a new campaign.
    await page.getByRole('link', { name: 'Sở Xây dựng' }).click();
    await page.getByRole('button', { name: 'Ngừng dùng cơ quan này' }).click();
    await page.getByText('Đã ngừng dùng cơ quan mã so-xay-dung').waitFor();
    await page.getByRole('link', { name: 'Sở Tài chính' }).click();
    await page.getByRole('button', { name: 'Ngừng dùng cơ quan này' }).click();
    await page.getByText('Đã ngừng dùng cơ quan mã so-tai-chinh').waitFor();
    expect((await db().directoryAgency.findUniqueOrThrow({ where: { code: 'so-xay-dung' } })).active).toBe(false);

    // Someone without the launch role gets neither page.
    const agencyMember = await suite.server.signIn('canbo@example.gov.vn');
    for (const p of ['/dieu-hanh/danh-ba', '/dieu-hanh/tao-chien-dich'])
      expect((await agencyMember.request('GET', p)).status).toBe(403);
  }, 180_000);

  test('a campaign is created from the directory: a mistake beside its field with everything kept, every agency previewed, launched, its file parsing back to the same definition', async () => {
    const portal = await signedIn(admin);
    const { page } = portal;
    await page.goto(url('/dieu-hanh'));
    await page.getByRole('link', { name: 'Tạo chiến dịch mới' }).click();
    await onPhoneToo(portal, 'create a campaign');

    const today = formatDate(new Date());
    // A number of its own per run: both databases' runs share one Temporal namespace, where the
    // campaign code made from it names the workflows.
    const n = String(Date.now() % 100_000);
    const created = { directiveNumber: `${n}/UBND-KSTTHC` };
    const typed: Record<string, string> = {
      'Số văn bản': `${n}/UBND-KSTTHC`,
      'Ngày văn bản': today,
      'Trích yếu': 'V/v rà soát danh mục giấy tờ cần số hóa',
      'Cơ quan ban hành (không bắt buộc)': 'UBND tỉnh Quảng Ngãi',
      'Người ký (không bắt buộc)': 'Phó Chủ tịch Trần Phước Hiền',
      'Hạn nộp danh sách': '2030-01-15', // the mistake: not dd/mm/yyyy
      'Hạn phê duyệt': '31/01/2030',
      'Cơ quan thẩm định': 'Sở Thông tin và Truyền thông',
      'Email của cơ quan thẩm định': 'stttt@example.gov.vn',
      'Người phê duyệt': 'Chủ tịch UBND tỉnh',
      'Email của người phê duyệt': 'chutich@example.gov.vn',
      'Đơn vị điều hành': 'Trung tâm Phục vụ hành chính công tỉnh',
    };
    for (const [label, value] of Object.entries(typed)) await page.getByLabel(label, { exact: true }).fill(value);
    expect(await page.getByLabel('Email của đơn vị điều hành').inputValue()).toBe(admin);
    await page
      .getByLabel('Tệp văn bản (PDF)')
      .setInputFiles({ name: 'cong-van-15.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByLabel(/^Mọi sở, ban, ngành \(2 cơ quan\)$/).check();
    await page.getByLabel('Huyện Bình Sơn', { exact: true }).check();
    await page.getByText(/Chọn từng cơ quan/).click();
    await page.getByLabel(/^UBND xã Tịnh Kỳ, thành phố Quảng Ngãi/).check();
    await page.getByLabel(EQUIPMENT).check();
    await page.getByRole('button', { name: 'Kiểm tra và xem trước' }).click();

    // One problem, beside its field, in words; everything typed and chosen still there.
    expect(await page.getByRole('alert').innerText()).toContain('Chưa tạo chiến dịch: 1 ô cần sửa');
    expect(await page.locator('#hanNop-error').innerText()).toBe(
      '"2030-01-15" không phải ngày dạng ngày/tháng/năm. Cách sửa: ghi ngày dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 05/03/2027.',
    );
    expect(await page.getByLabel('Hạn nộp danh sách').getAttribute('aria-invalid')).toBe('true');
    for (const [label, value] of Object.entries(typed))
      expect(await page.getByLabel(label, { exact: true }).inputValue()).toBe(value);
    expect(await page.getByLabel(/^Mọi sở, ban, ngành/).isChecked()).toBe(true);
    expect(await page.getByLabel('Huyện Bình Sơn', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel(/^UBND xã Tịnh Kỳ/).isChecked()).toBe(true);
    expect(await page.getByLabel(EQUIPMENT).isChecked()).toBe(true);
    expect(await page.locator('#vanBanPdf-hint').innerText()).toContain('Đã đính kèm: cong-van-15.pdf');
    expect(await db().campaign.count({ where: created })).toBe(0);
    await onPhoneToo(portal, 'create a campaign with a mistake');

    await page.getByLabel('Hạn nộp danh sách').fill('15/01/2030');
    await page.getByRole('button', { name: 'Kiểm tra và xem trước' }).click();
    await page.getByText('Kiểm tra xong: chiến dịch hợp lệ.').waitFor();
    const preview = page.getByRole('table', { name: /cơ quan nhận nhiệm vụ/ });
    const agencyRows = await preview.locator('tbody tr').allInnerTexts();
    const expected = [
      'Sở Tư pháp',
      'Sở Y tế',
      'UBND xã Bình Châu, huyện Bình Sơn',
      'UBND xã Bình Thạnh, huyện Bình Sơn',
      'UBND xã Tịnh Kỳ, thành phố Quảng Ngãi',
    ];
    expect(agencyRows).toHaveLength(expected.length);
    for (const name of expected) expect(agencyRows.find((row) => row.startsWith(name))).toMatch(/15\/01\/2030/);
    expect(agencyRows.join('\n')).not.toContain('Sở Xây dựng'); // deactivated
    const deliverable = page.getByRole('region', { name: 'Sản phẩm cơ quan phải nộp' });
    expect(await deliverable.innerText()).toContain(EQUIPMENT);
    expect(await deliverable.getByRole('table').locator('tbody tr').count()).toBe(9);
    expect(await db().campaign.count({ where: created })).toBe(0);
    await onPhoneToo(portal, 'campaign preview');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải tệp chiến dịch (.yaml)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${n}-UBND-KSTTHC-${today.slice(-4)}.yaml`);
    const yaml = fs.readFileSync((await download.path())!, 'utf8');

    await page.getByRole('button', { name: 'Khởi chạy chiến dịch' }).click();
    await page
      .getByText(new RegExp(`Đã khởi chạy chiến dịch ${n}-UBND-KSTTHC-\\d{4} \\(${n}/UBND-KSTTHC\\): 5 cơ quan`))
      .waitFor();
    await expectAccessible(page, 'campaign launched');
    const campaign = await db().campaign.findFirstOrThrow({ where: created });
    await eventually(async () => expect(await db().assignment.count({ where: { campaignId: campaign.id } })).toBe(5));

    // The file parses back to the very definition launched; the PDF travels as its hash only.
    const { agencies, roster, ...rest } = parseCampaignYaml(yaml, 'tải về');
    expect(roster).toBeUndefined();
    expect({ ...rest, agencies }).toEqual(campaign.definition);
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    expect(rest.deliverable?.title).toBe(EQUIPMENT);
    expect(rest.directive.document).toEqual({ name: 'cong-van-15.pdf', sha256 });
    expect(fs.readFileSync(path.join(dataDir, 'directives', `${sha256}.pdf`))).toEqual(PDF);
    expect(rest.deadlines).toEqual({
      submission: '2030-01-15T23:59:59+07:00',
      approval: '2030-01-31T23:59:59+07:00',
    });
    // The launched campaign's file, from its own address, is the same file.
    const again = await page.request.get(url(`/dieu-hanh/${campaign.id}/tep-chien-dich.yaml`));
    expect(await again.text()).toBe(yaml);
  }, 180_000);
});

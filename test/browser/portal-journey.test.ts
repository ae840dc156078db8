import ExcelJS from 'exceljs';
import YAML from 'yaml';
import { grantRole } from '../../server/identity/people';
import { LIST_COLUMNS, LIST_SHEET_NAME, type ColumnKey } from '../../list-files';
import { checkListFile, expectAccessible, type PortalPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { usePortalSuite } from '../support/portal-suite';
import { sampleCampaign } from '../support/sample-campaign';
import { testDatabases } from '../support/test-env';

// Letter 751's whole path in one real Chromium, each role in its own browser profile and signed in
// through the e-mailed link: the Service Center launches the campaign from its uploaded file; the agency
// downloads the template, fills it, sends it with a mistake, fixes it and submits; the reviewer
// returns two lines with reasons; the agency reads them beside the lines and resubmits; the reviewer
// reads the diff, accepts and consolidates; the Chairman approves; the Service Center's dashboard
// shows the campaign done. axe-core on every page on the way.

type Row = Partial<Record<ColumnKey, string | number>>;

const HEALTH = {
  code: '1.002421',
  procedureName: 'Cấp giấy phép hoạt động khám bệnh, chữa bệnh',
  field: 'Khám bệnh, chữa bệnh',
  level: 'Sở Y tế',
};
const FIRST: Row[] = [
  { stt: 1, ...HEALTH, documentName: 'Đơn đề nghị cấp giấy phép hoạt động', kind: 'Thành phần hồ sơ' },
  { stt: 2, documentName: 'Danh sách người hành nghề', kind: 'Thành phần hồ sơ', basis: 'Luật Khám bệnh, chữa bệnh' },
  { stt: 3, documentName: 'Giấy phép hoạt động', kind: 'Giấy phép' },
];

/** The downloaded template with its example rows replaced by these, as an official would fill it. */
async function filledTemplate(template: Buffer, rows: Row[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(LIST_SHEET_NAME)!;
  let header = 0;
  sheet.eachRow((row, r) => {
    if (!header && row.getCell(2).value === 'Mã TTHC') header = r;
  });
  expect(header).toBeGreaterThan(0);
  if (sheet.rowCount > header) sheet.spliceRows(header + 1, sheet.rowCount - header);
  rows.forEach((values, index) =>
    LIST_COLUMNS.forEach((column, c) => {
      sheet.getCell(header + 1 + index, c + 1).value = values[column.key] ?? null;
    }),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe.each(testDatabases())('the whole path across the four roles in a browser (%s)', (kind) => {
  const suite = usePortalSuite(kind, { worker: true });
  const { url, db } = suite;
  const definition = sampleCampaign({
    agencies: [
      { code: 'so-y-te', name: 'Sở Y tế', kind: 'department', email: 'syt@example.gov.vn', stage: 'assigned' },
    ],
  });
  const id = definition.id;
  const assignmentId = `${id}/so-y-te`;

  beforeAll(async () => {
    // The Service Center runs this campaign: its operator may launch it.
    await grantRole(
      db(),
      { email: 'ttpv@example.gov.vn', name: 'Nguyễn Văn An', role: 'operator', campaignId: id },
      'test',
    );
  });

  const main = (portal: PortalPage) => portal.page.locator('main').innerText();

  test('launch, submit with a mistake, fix, return with reasons, resubmit, accept, consolidate, approve, done on the dashboard', async () => {
    // The Service Center launches from the campaign file, checked first.
    const center = await suite.signedIn('ttpv@example.gov.vn');
    expect(new URL(center.page.url()).pathname).toBe('/dieu-hanh');
    await expectAccessible(center.page, 'Service Center home');
    await center.page.goto(url('/dieu-hanh/khoi-chay'));
    await expectAccessible(center.page, 'launch');
    const chooseFile = async (name: string, text: string) => {
      await center.page
        .getByLabel('Tệp chiến dịch (.yaml)', { exact: true })
        .setInputFiles({ name, mimeType: 'application/yaml', buffer: Buffer.from(text, 'utf8') });
      await center.page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
      await center.page.waitForLoadState();
    };
    // A file with a mistake: refused, the field named, nothing launched.
    await chooseFile(
      'chien-dich-751.yaml',
      YAML.stringify({ ...definition, deadlines: { ...definition.deadlines, submission: 'ngày mai' } }),
    );
    const refusal = await center.page.getByRole('alert').innerText();
    expect(refusal).toContain('chien-dich-751.yaml');
    expect(refusal).toContain('deadlines.submission');
    await expectAccessible(center.page, 'launch file refused');
    // Not a campaign file at all.
    await chooseFile('danh-sach.csv', 'STT,Mã TTHC\n');
    expect(await main(center)).toContain(
      'Tệp "danh-sach.csv" không phải tệp chiến dịch: hãy chọn tệp .yaml hoặc .yml.',
    );
    await center.page.goto(url('/dieu-hanh/khoi-chay'));
    expect(await db().campaign.count({ where: { id } })).toBe(0);
    // The fixed file, checked, then launched.
    await chooseFile('chien-dich-751.yaml', YAML.stringify(definition));
    expect(await main(center)).toMatch(/Kiểm tra xong: tệp hợp lệ[\s\S]*Số cơ quan\s*1/);
    await expectAccessible(center.page, 'launch preview');
    await center.page.getByRole('button', { name: 'Xác nhận khởi chạy' }).click();
    await center.page.getByText(`Đã khởi chạy chiến dịch ${id}: 1 workflow cơ quan mới`).waitFor();
    await expectAccessible(center.page, 'launched');
    await eventually(async () => expect(await db().assignment.count({ where: { campaignId: id } })).toBe(1));

    // The agency: its task, the template, a filled template with one wrong cell, then fixed.
    const agency = await suite.signedIn('syt@example.gov.vn');
    expect(new URL(agency.page.url()).pathname).toBe('/nhiem-vu');
    expect(await main(agency)).toMatch(/Sở Y tế[\s\S]*Còn hạn/);
    await expectAccessible(agency.page, 'Nhiệm vụ của tôi');
    await agency.page.getByRole('link', { name: 'Sở Y tế' }).click();
    await expectAccessible(agency.page, 'agency page');
    // The calendar its deadlines count on: this campaign's (a drill's) counts weekends only.
    expect(await main(agency)).toMatch(/Lịch làm việc\s*Phiên bản 1: chỉ nghỉ thứ Bảy, Chủ nhật/);
    const [download] = await Promise.all([
      agency.page.waitForEvent('download'),
      agency.page.getByRole('link', { name: 'tệp mẫu (.xlsx)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('mau-danh-sach-giay-to-so-hoa.xlsx');
    const template = await new Promise<Buffer>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', reject);
      }, reject);
    });
    await checkListFile(agency, 'so-y-te.xlsx', await filledTemplate(template, FIRST));
    expect(await agency.page.getByRole('heading', { level: 1 }).innerText()).toBe('Tệp danh sách có lỗi');
    const problems = await agency.page.locator('table.problems tbody').innerText();
    expect(problems).toContain(LIST_SHEET_NAME);
    expect(problems).toMatch(/[Dd]òng 4, cột “Loại giấy tờ”[\s\S]*Giấy phép/);
    await expectAccessible(agency.page, 'a file with a mistake');
    expect(await db().submission.count({ where: { assignmentId } })).toBe(0);

    const fixed = structuredClone(FIRST);
    fixed[2]!.kind = 'Kết quả';
    await checkListFile(agency, 'so-y-te.xlsx', await filledTemplate(template, fixed));
    expect(await agency.page.getByRole('heading', { level: 1 }).innerText()).toBe('Kiểm tra danh sách trước khi nộp');
    expect(await agency.page.getByRole('status').innerText()).toContain('1 TTHC, 3 giấy tờ');
    await expectAccessible(agency.page, 'the fixed file checked');
    await agency.page.getByRole('button', { name: 'Xác nhận nộp' }).click();
    await agency.page.getByText('Đã nộp phiên bản 1').waitFor();
    await expectAccessible(agency.page, 'submitted');

    // The reviewer returns two lines, each with its reason chosen on the line.
    const reviewer = await suite.signedIn('stttt@example.gov.vn');
    expect(new URL(reviewer.page.url()).pathname).toBe(`/tham-dinh/${id}`);
    await eventually(async () => {
      await reviewer.page.reload();
      expect(await main(reviewer)).toMatch(/Sở Y tế[\s\S]*Đã nộp/);
    });
    await expectAccessible(reviewer.page, 'review queue');
    await reviewer.page.getByRole('link', { name: 'Sở Y tế' }).click();
    await expectAccessible(reviewer.page, 'the list to review');
    await reviewer.page.getByLabel('Trả lại dòng 2').check();
    await reviewer.page.getByLabel('Lý do dòng 2').fill('Ghi rõ căn cứ: Điều 48 Luật Khám bệnh, chữa bệnh 2023');
    await reviewer.page.getByLabel('Trả lại dòng 3').check();
    await reviewer.page.getByLabel('Lý do dòng 3').fill('Ghi căn cứ pháp lý của giấy phép');
    await reviewer.page.getByLabel('Lý do chung').fill('Bổ sung căn cứ pháp lý cho hai dòng.');
    await reviewer.page.getByRole('button', { name: 'Trả lại danh sách' }).click();
    await reviewer.page.getByText('Đã trả lại danh sách cho cơ quan, kèm lý do.').waitFor();
    await expectAccessible(reviewer.page, 'returned');

    // The agency sees the reasons beside the lines and resubmits.
    await eventually(async () => {
      await agency.page.goto(url(`/campaigns/${id}/agencies/so-y-te`));
      expect(await agency.page.locator('#return-heading + p').innerText()).toBe('Bổ sung căn cứ pháp lý cho hai dòng.');
    });
    expect(
      await agency.page
        .getByRole('row', { name: /Danh sách người hành nghề/ })
        .locator('.row-reason')
        .innerText(),
    ).toBe('Cần sửa: Ghi rõ căn cứ: Điều 48 Luật Khám bệnh, chữa bệnh 2023');
    expect(
      await agency.page
        .getByRole('row', { name: /Giấy phép hoạt động/ })
        .locator('.row-reason')
        .innerText(),
    ).toBe('Cần sửa: Ghi căn cứ pháp lý của giấy phép');
    await expectAccessible(agency.page, 'reasons beside the lines');
    const second = structuredClone(fixed);
    second[1]!.basis = 'Luật Khám bệnh, chữa bệnh 2023, Điều 48';
    second[2]!.basis = 'Luật Khám bệnh, chữa bệnh 2023, Điều 49';
    await checkListFile(agency, 'so-y-te-lan-2.xlsx', await filledTemplate(template, second));
    expect(await agency.page.locator('ul.changes').innerText()).toContain('So với lần nộp trước');
    await expectAccessible(agency.page, 'the resubmission checked');
    await agency.page.getByRole('button', { name: 'Xác nhận nộp' }).click();
    await agency.page.getByText('Đã nộp phiên bản 2').waitFor();

    // The reviewer reads what changed, accepts, and consolidates.
    await eventually(async () => {
      await reviewer.page.goto(url(`/tham-dinh/${id}/co-quan/so-y-te`));
      expect(await main(reviewer)).toContain('sửa 2 dòng');
    });
    expect(
      await reviewer.page
        .getByRole('row', { name: /Danh sách người hành nghề/ })
        .locator('.row-reason')
        .innerText(),
    ).toBe('Lý do lần trước: Ghi rõ căn cứ: Điều 48 Luật Khám bệnh, chữa bệnh 2023');
    await expectAccessible(reviewer.page, 'the diff');
    await reviewer.page.getByRole('button', { name: 'Chấp nhận danh sách' }).click();
    await reviewer.page.getByText('Đã chấp nhận danh sách.').waitFor();
    await reviewer.page.goto(url(`/tham-dinh/${id}/tong-hop`));
    await eventually(async () => {
      await reviewer.page.reload();
      expect(await main(reviewer)).toMatch(/Được tổng hợp \(1 cơ quan\)[\s\S]*Sở Y tế — phiên bản 2/);
    });
    await expectAccessible(reviewer.page, 'consolidation preview');
    await reviewer.page.getByLabel('Tôi đã đọc các cảnh báo trên và vẫn tổng hợp bây giờ').check();
    await reviewer.page.getByRole('button', { name: 'Xác nhận tổng hợp 1 danh sách' }).click();
    await reviewer.page.getByText('Đã tổng hợp danh mục').waitFor();
    await expectAccessible(reviewer.page, 'consolidated');

    // The Chairman approves the catalogue.
    const chairman = await suite.signedIn('chutich@example.gov.vn');
    expect(new URL(chairman.page.url()).pathname).toBe(`/phe-duyet/${id}`);
    await eventually(async () => {
      await chairman.page.reload();
      expect(await main(chairman)).toContain('3 dòng');
    });
    await expectAccessible(chairman.page, 'catalogue');
    await chairman.page.getByLabel('Số quyết định').fill('615/QĐ-UBND');
    await chairman.page.getByLabel('Ngày quyết định').fill('20/03/2024');
    await chairman.page.getByLabel('Người ký').fill('Đặng Văn Minh');
    await chairman.page.getByRole('button', { name: 'Phê duyệt danh mục' }).click();
    await chairman.page.getByText('Đã phê duyệt danh mục tổng hợp.').waitFor();
    await expectAccessible(chairman.page, 'approved');

    // The Service Center sees it done.
    await eventually(async () => {
      await center.page.goto(url(`/dieu-hanh/${id}`));
      expect(await center.page.getByRole('row', { name: 'Đã phê duyệt 1', exact: true }).count()).toBe(1);
    });
    expect(await main(center)).toMatch(/Tổng số cơ quan\s*1/);
    expect(await main(center)).toMatch(/Lịch làm việc\s*Phiên bản 1: chỉ nghỉ thứ Bảy, Chủ nhật/);
    await expectAccessible(center.page, 'dashboard');
    expect(await db().campaign.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'approved',
      decisionNumber: '615/QĐ-UBND',
    });
  }, 300_000);
});

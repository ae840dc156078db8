import fs from 'node:fs';
import type { Locator } from 'playwright-core';
import { readListBuffer } from '../../list-files';
import { grantRole } from '../../server/identity/people';
import { PHONE_VIEWPORT, checkListFile as upload, expectAccessible, signInThroughMail } from '../support/browser';
import { eventually } from '../support/eventually';
import { usePortalSuite } from '../support/portal-suite';
import { sampleCampaign } from '../support/sample-campaign';
import { testDatabases } from '../support/test-env';

// The agency's pages in a real Chromium, on a real server, worker, Temporal and database: sign in
// through the caught e-mail, "Nhiệm vụ của tôi" with its colour status, a list file with errors
// shown by row and column, fixed, checked and submitted; after the reviewer's return the reasons
// beside the lines, a resubmission from the keyboard alone; support; another agency refused; the
// phone viewport; user text escaped; axe-core on every page.

const HEADER = 'STT,Mã TTHC,Tên TTHC,Lĩnh vực,Cơ quan/cấp thực hiện,Tên giấy tờ,Loại giấy tờ,Căn cứ,Ghi chú';
const csv = (...rows: string[]) => Buffer.from(`${[HEADER, ...rows].join('\n')}\n`, 'utf8');

const BROKEN = csv(
  '1,1.002421,Cấp giấy phép hoạt động khám chữa bệnh,Y tế,Sở Y tế,Đơn đề nghị cấp giấy phép,Thành phần hồ sơ,,',
  '2,1.0001,Cấp chứng chỉ hành nghề,Y tế,Sở Y tế,Đơn đề nghị cấp chứng chỉ,Thành phần hồ sơ,,',
  '3,1.002422,Cấp lại chứng chỉ hành nghề,Y tế,Sở Y tế,Chứng chỉ hành nghề,abc,,',
);
const FIXED = csv(
  '1,1.002421,Cấp giấy phép hoạt động khám chữa bệnh,Y tế,Sở Y tế,Đơn đề nghị cấp giấy phép,Thành phần hồ sơ,,',
  '2,1.002421,Cấp giấy phép hoạt động khám chữa bệnh,Y tế,Sở Y tế,Bản sao căn cước công dân,Thành phần hồ sơ,,',
  '3,1.002422,Cấp lại chứng chỉ hành nghề,Y tế,Sở Y tế,Chứng chỉ hành nghề,Kết quả,,',
);
const RESUBMITTED = csv(
  '1,1.002421,Cấp giấy phép hoạt động khám chữa bệnh,Y tế,Sở Y tế,Đơn đề nghị cấp giấy phép,Thành phần hồ sơ,,',
  '2,1.002422,Cấp lại chứng chỉ hành nghề,Y tế,Sở Y tế,Chứng chỉ hành nghề đã cấp,Kết quả,,',
);

/** A cell whose text is whole and inside a 390 px screen (its box within the viewport's width). */
async function expectOnScreen(cell: Locator, text: RegExp) {
  expect(await cell.innerText()).toMatch(text);
  const box = (await cell.boundingBox())!;
  const width = cell.page().viewportSize()!.width;
  expect({ left: box.x >= 0, right: box.x + box.width <= width, visible: await cell.isVisible() }).toEqual({
    left: true,
    right: true,
    visible: true,
  });
  // Nothing inside is clipped: its content is no wider than the cell shows.
  expect(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
}

describe.each(testDatabases())('the agency’s pages in a browser (%s)', (kind) => {
  const suite = usePortalSuite(kind, { worker: true });
  const definition = sampleCampaign();
  const id = definition.id;
  // An agency name someone typed with markup in it: shown as text everywhere.
  definition.agencies[2]!.name = 'UBND huyện Bình Sơn <script>window.__owned = 1</script>';
  const agencyPage = (code: string) => suite.url(`/campaigns/${id}/agencies/${code}`);
  const reviewerApi = () => suite.api('stttt@example.gov.vn');
  const signedIn = suite.signedIn;

  beforeAll(async () => {
    const db = suite.db();
    await grantRole(db, { email: 'admin@example.gov.vn', name: 'Quản trị', role: 'admin' }, 'test');
    const admin = await suite.api('admin@example.gov.vn');
    expect((await admin.post('/api/v1/campaigns', definition)).status).toBe(200);
    await eventually(async () => expect(await db.assignment.count({ where: { campaignId: id } })).toBe(3));
  });

  test('an agency uploads a list with errors, sees each by row and column, fixes it, checks and submits; after a return sees the reasons beside the lines and resubmits from the keyboard', async () => {
    const db = suite.db();
    const agency = await signedIn('syt@example.gov.vn');
    const { page } = agency;

    // The e-mailed link ends on the agency's home: its tasks with deadline and colour status.
    expect(new URL(page.url()).pathname).toBe('/nhiem-vu');
    await expectAccessible(page, 'Nhiệm vụ của tôi');
    const row = page.getByRole('row', { name: /Sở Y tế/ });
    expect(await row.innerText()).toMatch(/Còn hạn \(còn \d+ ngày làm việc\)/);
    expect(await row.innerText()).toMatch(/hạn nộp: .*\d{2}\/\d{2}\/\d{4}/);
    expect(await page.locator('.status--on_track').count()).toBe(1);
    // The deadline names the working-day calendar it counts on, linked to where the agency's page describes it.
    const { calendarVersion } = await db.campaign.findUniqueOrThrow({ where: { id } });
    expect(await row.innerText()).toContain(`tính theo lịch làm việc phiên bản ${calendarVersion}`);
    expect(
      await row.getByRole('link', { name: `lịch làm việc phiên bản ${calendarVersion}` }).getAttribute('href'),
    ).toBe(`/campaigns/${id}/agencies/so-y-te#lich-lam-viec`);

    await page.getByRole('link', { name: 'Sở Y tế' }).click();
    expect(new URL(page.url()).pathname).toBe(`/campaigns/${id}/agencies/so-y-te`);
    await expectAccessible(page, 'agency page');
    expect(await page.locator('#lich-lam-viec').innerText()).toBe('Lịch làm việc');
    expect(await page.locator('#lich-lam-viec + dd').innerText()).toContain(`Phiên bản ${calendarVersion}`);

    // Every problem, located, with its fix; nothing submitted.
    await upload(agency, 'so-y-te.csv', BROKEN);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Tệp danh sách có lỗi');
    const problems = page.locator('table.problems tbody tr');
    expect(await problems.count()).toBe(2);
    expect(await problems.nth(0).innerText()).toMatch(/Dòng 3, cột “Mã TTHC”[\s\S]*1\.0001/);
    expect(await problems.nth(1).innerText()).toMatch(/Dòng 4, cột “Loại giấy tờ”[\s\S]*abc/);
    expect(await problems.nth(1).innerText()).toContain('Thành phần hồ sơ, Kết quả, Ý kiến');
    await expectAccessible(page, 'preview with errors');
    expect(await db.submission.count({ where: { assignmentId: `${id}/so-y-te` } })).toBe(0);

    // The fixed file: its quality notes and contents, then the confirmation submits it.
    await upload(agency, 'so-y-te.csv', FIXED);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Kiểm tra danh sách trước khi nộp');
    expect(await page.getByRole('status').innerText()).toContain('2 TTHC, 3 giấy tờ');
    expect(await page.locator('#notes-heading + p + ul').innerText()).toMatch(
      /Bản sao căn cước công dân[\s\S]*cơ sở dữ liệu/,
    );
    expect(await page.locator('ul.changes').innerText()).toContain('Lần nộp đầu tiên: 2 TTHC, 3 giấy tờ');
    await expectAccessible(page, 'preview of a good file');
    expect(await db.submission.count({ where: { assignmentId: `${id}/so-y-te` } })).toBe(0);
    await page.getByRole('button', { name: 'Xác nhận nộp' }).click();
    await page.getByText('Đã nộp phiên bản 1').waitFor();
    const stored = await db.submission.findUniqueOrThrow({
      where: { assignmentId_version: { assignmentId: `${id}/so-y-te`, version: 1 } },
    });
    expect(stored).toMatchObject({ source: 'csv', submittedBy: 'Sở Y tế' });
    const access = await db.accessEvent.findFirst({
      where: { action: 'submit', agencyCode: 'so-y-te', outcome: 'done' },
    });
    expect(access).toMatchObject({ channel: 'web', role: 'agency' });
    expect(await page.locator('.status--due_soon, .status--on_track').first().innerText()).toMatch(/hạn/i);
    await expectAccessible(page, 'agency page after submitting');

    // The reviewer returns one line with its reason (markup in it, to be shown as text).
    const returned = await (
      await reviewerApi()
    ).post(`/api/v1/campaigns/${id}/agencies/so-y-te/return`, {
      reasons: {
        overall: 'Danh sách còn giấy tờ đã có trong cơ sở dữ liệu.',
        lines: [
          {
            procedureCode: '1.002421',
            documentName: 'Bản sao căn cước công dân',
            reason: 'Đã có trong CSDL quốc gia về dân cư <b>bỏ dòng này</b>',
          },
        ],
      },
    });
    expect(returned.status).toBe(200);
    await page.reload();
    expect(await page.locator('#return-heading + p').innerText()).toBe(
      'Danh sách còn giấy tờ đã có trong cơ sở dữ liệu.',
    );
    const flagged = page.getByRole('row', { name: /Bản sao căn cước công dân/ });
    expect(await flagged.locator('.row-reason').innerText()).toBe(
      'Cần sửa: Đã có trong CSDL quốc gia về dân cư <b>bỏ dòng này</b>',
    );
    expect(await page.locator('.row-reason b').count()).toBe(0);
    expect(
      await page
        .getByRole('row', { name: /Đơn đề nghị cấp giấy phép/ })
        .locator('.row-reason')
        .count(),
    ).toBe(0);
    expect(await page.locator('ol.history').innerText()).toMatch(/trả lại phiên bản 1[\s\S]*nộp phiên bản 1/);
    await expectAccessible(page, 'agency page after a return');

    // Resubmission: the diff against version 1, then confirmed from the keyboard alone.
    await upload(agency, 'so-y-te-lan-2.csv', RESUBMITTED);
    const changes = await page.locator('ul.changes').innerText();
    expect(changes).toContain('So với lần nộp trước');
    expect(changes).toContain('Bản sao căn cước công dân');
    await page.locator('body').focus();
    let tabs = 0;
    while ((await page.evaluate<string>('document.activeElement.textContent')) !== 'Xác nhận nộp' && tabs++ < 40)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Đã nộp phiên bản 2').waitFor();
    await eventually(async () =>
      expect(await db.assignment.findUniqueOrThrow({ where: { id: `${id}/so-y-te` } })).toMatchObject({
        stage: 'resubmitted',
        currentVersion: 2,
      }),
    );
  }, 180_000);

  test('the link in the assignment e-mail, opened while signed out, leads through sign-in to the agency’s page', async () => {
    const path = `/campaigns/${id}/agencies/so-y-te`;
    // The worker's assignment e-mail links to the page it is about (at the public address).
    const link = await eventually(async () => {
      const links = suite.server.smtp
        .to('syt@example.gov.vn')
        .flatMap((mail) => (mail.parsed.text ?? '').match(/https?:\/\/\S+/g) ?? [])
        .map((href) => new URL(href));
      const found = links.find((url) => url.pathname === path);
      expect(found).toBeDefined();
      return found!;
    });
    const agency = await suite.open();
    await agency.page.goto(suite.url(link.pathname));
    expect(new URL(agency.page.url()).searchParams.get('next')).toBe(path);
    await signInThroughMail(agency, suite.server, 'syt@example.gov.vn', { alreadyOnSignIn: true });
    expect(new URL(agency.page.url()).pathname).toBe(path);
    expect(await agency.page.getByRole('heading', { level: 1 }).innerText()).toBe('Sở Y tế');
    await expectAccessible(agency.page, 'agency page from the e-mailed link');
  });

  test('an agency asks for support and reads the answer', async () => {
    const agency = await signedIn('syt@example.gov.vn');
    const { page } = agency;
    await page.goto(agencyPage('so-y-te'));
    await page.getByLabel('Câu hỏi cần hỗ trợ').fill('Giấy tờ nào của TTHC 1.002421 là kết quả giải quyết?');
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await page.getByText('Đã gửi câu hỏi').waitFor();
    const db = suite.db();
    const asked = await eventually(async () => {
      const row = await db.supportRequest.findFirst({ where: { assignmentId: `${id}/so-y-te` } });
      expect(row).not.toBeNull();
      return row!;
    });
    const answered = await (
      await reviewerApi()
    ).post(`/api/v1/campaigns/${id}/agencies/so-y-te/support/answer`, {
      requestId: asked.id,
      answer: 'Giấy phép hoạt động là kết quả (ket_qua).',
    });
    expect(answered.status).toBe(200);
    await page.reload();
    expect(await page.locator('#support-heading').locator('..').innerText()).toContain(
      'Giấy phép hoạt động là kết quả (ket_qua).',
    );
    await expectAccessible(page, 'agency page with support');
  });

  test('an agency member reaches only their own agency: another agency’s page and actions are refused', async () => {
    const agency = await signedIn('syt@example.gov.vn');
    const { page } = agency;
    const response = await page.goto(agencyPage('so-tu-phap'));
    expect(response!.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Không có quyền');
    expect(await page.locator('main').innerText()).not.toContain('Sở Tư pháp');
    await expectAccessible(page, '403');
    // A form aimed at the other agency, with a valid token of this session, is refused too.
    const csrf = await page.evaluate<string>(`document.querySelector('input[name="_csrf"]').value`);
    const forged = await page.request.post(`${agencyPage('so-tu-phap')}/list`, {
      form: { _csrf: csrf, source: 'json', list: JSON.stringify({ procedures: [] }) },
    });
    expect(forged.status()).toBe(403);
    expect(await suite.db().submission.count({ where: { assignmentId: `${id}/so-tu-phap` } })).toBe(0);
  });

  test('on a phone (390×844) an agency reads its tasks, checks a file and submits; its name with markup shows as text', async () => {
    const agency = await signedIn('binhson@example.gov.vn', PHONE_VIEWPORT);
    const { page } = agency;
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(new URL(page.url()).pathname).toBe('/nhiem-vu');
    expect(await page.locator('main').innerText()).toContain('UBND huyện Bình Sơn <script>window.__owned = 1</script>');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'tasks (phone)');
    // Each task is a card: its status and its whole deadline are on the screen, not cut or off to the side.
    await expectOnScreen(page.locator('td[data-label="Tình trạng hạn"]').first(), /Còn hạn/);
    await expectOnScreen(page.locator('td[data-label="Hạn"]').first(), /hạn nộp: .*\d{2}\/\d{2}\/\d{4}/);
    await page.getByRole('link', { name: /UBND huyện Bình Sơn/ }).click();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'UBND huyện Bình Sơn <script>window.__owned = 1</script>',
    );
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'agency page (phone)');
    // A file's errors on a phone: each error a card, its fix ("Cách sửa") on the screen.
    await upload(agency, 'binh-son.csv', BROKEN);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expectOnScreen(page.locator('td[data-label="Cách sửa"]').first(), /\S/);
    await expectAccessible(page, 'file errors (phone)');
    await upload(agency, 'binh-son.csv', FIXED);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'preview (phone)');
    await page.getByRole('button', { name: 'Xác nhận nộp' }).click();
    await page.getByText('Đã nộp phiên bản 1').waitFor();
    // The version it sent comes back as the .xlsx it fills in, reading as the same list.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải phiên bản 1 (.xlsx)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('danh-sach-ubnd-huyen-binh-son-phien-ban-1.xlsx');
    const stored = await suite.db().submission.findUniqueOrThrow({
      where: { assignmentId_version: { assignmentId: `${id}/ubnd-huyen-binh-son`, version: 1 } },
    });
    expect(await readListBuffer('v1.xlsx', fs.readFileSync((await download.path())!))).toEqual(stored.content);
    expect(await page.evaluate<unknown>('window.__owned')).toBeUndefined();
  });
});

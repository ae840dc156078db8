import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { campaignNow } from '../../domain/clock';
import { formatDate } from '../../domain/time';
import { grantRole } from '../../server/identity/people';
import { PHONE_VIEWPORT, expectAccessible } from '../support/browser';
import { eventually } from '../support/eventually';
import { usePortalSuite } from '../support/portal-suite';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';
import { typedDay, vnDay, weekdayAfter } from '../support/vietnam-days';

// The Service Center's whole job in a real Chromium on a real server, worker, Temporal and database,
// with no administrator after the one grant of the province-wide role: the directory imported from a
// file, a campaign created from it (a mistake first, shown beside its field, everything kept), an
// agency's extension request answered, an agency reminded and another extended, an escalation raised
// and handled with a note, the late list downloaded, the report made now and opened styled, and the
// campaign seen consolidated, then approved, once the reviewer and the approver have acted. Agencies,
// the reviewer and the approver act through the API; axe-core on every Service Center page. Beside
// it the Service Center rehearses a 2024 campaign on a compressed clock (the API's drill), whose
// deadline passes during the walk: its late list names the agencies that missed it, and only them.

const DIRECTORY_CSV = [
  'Mã cơ quan,Tên cơ quan,Cấp,Huyện,Email,Mã định danh điện tử',
  'so-tu-phap,Sở Tư pháp,"Sở, ban, ngành",,stp@example.gov.vn,',
  'so-y-te,Sở Y tế,"Sở, ban, ngành",,syt@example.gov.vn,',
  'so-xay-dung,Sở Xây dựng,"Sở, ban, ngành",,sxd@example.gov.vn,',
  'huyen-binh-son,UBND huyện Bình Sơn,UBND cấp huyện,Huyện Bình Sơn,binhson@example.gov.vn,000.00.53.H48',
  'xa-21112,"UBND xã Bình Châu, huyện Bình Sơn",UBND cấp xã,Huyện Bình Sơn,xa-21112@example.gov.vn,',
].join('\n');

/** Real seconds per campaign day of the rehearsal: its deadline passes a few seconds after launch. */
const REHEARSAL_SECONDS_PER_DAY = 5;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe.each(testDatabases())(
  'the Service Center’s whole job in a browser, no administrator after one grant (%s)',
  (kind) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-walk-data-'));
    const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-walk-reports-'));
    const suite = usePortalSuite(kind, {
      env: {
        DONDOC_DATA_DIR: dataDir,
        DONDOC_REPORT_DIR: reportsDir,
        DONDOC_DEMO_SECONDS_PER_DAY: String(REHEARSAL_SECONDS_PER_DAY),
      },
      worker: true,
    });
    const { url, db, signedIn } = suite;
    const center = 'ttpv.walk@example.gov.vn';

    beforeAll(async () => {
      // The only administrator step: the province-wide Service Center role, granted once.
      await grantRole(db(), { email: center, name: 'Nguyễn Văn Điều Hành', role: 'operator' }, 'test');
    });
    afterAll(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(reportsDir, { recursive: true, force: true });
    });

    const heading = (page: Page, text: RegExp) => page.getByRole('heading', { level: 2, name: text });

    test('directory, campaign, extension answered, remind, extend, escalation handled, late list, report, consolidated and approved', async () => {
      const operator = await signedIn(center);
      const { page } = operator;
      // 0. A rehearsal of a 2024 campaign, launched by the Service Center through the API on the
      // compressed clock: Sở Y tế delivers at once and is accepted; the other two will miss the deadline.
      const rehearsal = sampleCampaign({
        directive: { number: '88/UBND-KSTTHC', date: '2024-03-04', title: 'V/v diễn tập đôn đốc' },
        deadlines: { submission: '2024-03-08T23:59:59+07:00', approval: '2024-04-26T23:59:59+07:00' },
        serviceCenter: { name: 'Trung tâm Phục vụ hành chính công tỉnh', email: center },
      });
      const rehearsed = await (await suite.api(center)).post('/api/v1/campaigns?drill=true', rehearsal);
      expect(rehearsed.status).toBe(200);
      await eventually(async () =>
        expect(await db().assignment.count({ where: { campaignId: rehearsal.id } })).toBe(3),
      );
      const onTime = `/api/v1/campaigns/${rehearsal.id}/agencies/so-y-te`;
      expect(
        (await (await suite.api('syt@example.gov.vn')).post(`${onTime}/submissions`, { list: justiceDepartmentList }))
          .status,
      ).toBe(200);
      const rehearsalStage = async () =>
        (await db().assignment.findUniqueOrThrow({ where: { id: `${rehearsal.id}/so-y-te` } })).stage;
      await eventually(async () => expect(await rehearsalStage()).toBe('submitted'));
      expect((await (await suite.api('stttt@example.gov.vn')).post(`${onTime}/accept`, {})).status).toBe(200);
      await eventually(async () => expect(await rehearsalStage()).toBe('accepted'));

      // 1. The agency directory, imported from a .csv file.
      await page.goto(url('/dieu-hanh'));
      await expectAccessible(page, 'Service Center home');
      await page.getByRole('link', { name: 'Danh bạ cơ quan' }).click();
      await expectAccessible(page, 'empty directory');
      await page.getByLabel('Tệp danh bạ (.xlsx hoặc .csv)').setInputFiles({
        name: 'danh-ba.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(DIRECTORY_CSV),
      });
      await page.getByRole('button', { name: 'Nhập danh bạ' }).click();
      await page.getByText('Đã nhập 5 cơ quan từ tệp "danh-ba.csv": 5 cơ quan mới, 0 cơ quan được cập nhật.').waitFor();
      expect(await db().directoryAgency.count()).toBe(5);
      await expectAccessible(page, 'directory imported');

      // 2. A campaign from the directory: a date typed the wrong way is shown beside its field with
      // everything else kept; corrected, previewed and launched.
      await page.goto(url('/dieu-hanh'));
      await page.getByRole('link', { name: 'Tạo chiến dịch mới' }).click();
      await expectAccessible(page, 'create a campaign');
      const n = String(Date.now() % 100_000);
      const submission = weekdayAfter(Date.now(), 10);
      const values: Record<string, string> = {
        'Số văn bản': `${n}/UBND-KSTTHC`,
        'Ngày văn bản': formatDate(new Date()),
        'Trích yếu': 'V/v rà soát danh mục giấy tờ cần số hóa',
        'Hạn nộp danh sách': submission, // the mistake: not dd/mm/yyyy
        'Hạn phê duyệt': typedDay(weekdayAfter(Date.now(), 40)),
        'Cơ quan thẩm định': 'Sở Thông tin và Truyền thông',
        'Email của cơ quan thẩm định': 'stttt@example.gov.vn',
        'Người phê duyệt': 'Chủ tịch UBND tỉnh',
        'Email của người phê duyệt': 'chutich@example.gov.vn',
        'Đơn vị điều hành': 'Trung tâm Phục vụ hành chính công tỉnh',
      };
      for (const [label, value] of Object.entries(values)) await page.getByLabel(label, { exact: true }).fill(value);
      await page
        .getByLabel('Tệp văn bản (PDF)')
        .setInputFiles({ name: 'cong-van.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.getByLabel(/^Mọi sở, ban, ngành \(3 cơ quan\)$/).check();
      await page.getByRole('button', { name: 'Kiểm tra và xem trước' }).click();
      expect(await page.getByRole('alert').innerText()).toContain('Chưa tạo chiến dịch: 1 ô cần sửa');
      expect(await page.locator('#hanNop-error').innerText()).toContain(
        `"${submission}" không phải ngày dạng ngày/tháng/năm`,
      );
      for (const [label, value] of Object.entries(values))
        expect(await page.getByLabel(label, { exact: true }).inputValue()).toBe(value);
      expect(await page.getByLabel(/^Mọi sở, ban, ngành/).isChecked()).toBe(true);
      expect(await db().campaign.count({ where: { directiveNumber: `${n}/UBND-KSTTHC` } })).toBe(0);
      await expectAccessible(page, 'create a campaign with a mistake');

      await page.getByLabel('Hạn nộp danh sách').fill(typedDay(submission));
      await page.getByRole('button', { name: 'Kiểm tra và xem trước' }).click();
      await page.getByText('Kiểm tra xong: chiến dịch hợp lệ.').waitFor();
      const previewed = await page
        .getByRole('table', { name: /cơ quan nhận nhiệm vụ/ })
        .locator('tbody tr')
        .allInnerTexts();
      expect(previewed).toHaveLength(3);
      await expectAccessible(page, 'campaign preview');
      await page.getByRole('button', { name: 'Khởi chạy chiến dịch' }).click();
      await page.getByText(new RegExp(`Đã khởi chạy chiến dịch ${n}-UBND-KSTTHC-\\d{4} .*: 3 cơ quan`)).waitFor();
      await expectAccessible(page, 'campaign launched');
      const campaign = await db().campaign.findFirstOrThrow({ where: { directiveNumber: `${n}/UBND-KSTTHC` } });
      const id = campaign.id;
      await eventually(async () => expect(await db().assignment.count({ where: { campaignId: id } })).toBe(3));
      const dashboard = url(`/dieu-hanh/${id}`);
      const agencyPage = (code: string) => url(`/dieu-hanh/${id}/co-quan/${code}`);
      const deadlineOf = async (code: string) =>
        vnDay(
          (await db().assignment.findUniqueOrThrow({ where: { id: `${id}/${code}` } })).submissionDeadline.getTime(),
        );
      expect(await deadlineOf('so-y-te')).toBe(submission);

      // 3. Sở Y tế asks for more days (through the API); the Service Center answers on the agency's page.
      const asked = weekdayAfter(Date.parse(`${submission}T00:00:00Z`), 2);
      const requested = await (
        await suite.api('syt@example.gov.vn')
      ).post(`/api/v1/campaigns/${id}/agencies/so-y-te/extension-requests`, {
        deadline: asked,
        reason: 'Đang chờ ý kiến của Bộ Y tế',
      });
      expect(requested.status).toBe(200);
      await eventually(async () => {
        await page.goto(dashboard);
        expect(await heading(page, /^Đề nghị gia hạn chờ trả lời/).innerText()).toBe('Đề nghị gia hạn chờ trả lời (1)');
      });
      await expectAccessible(page, 'dashboard with a pending extension request');
      await page
        .getByRole('region', { name: 'Đề nghị gia hạn chờ trả lời' })
        .getByRole('link', { name: 'Sở Y tế' })
        .click();
      expect(page.url()).toBe(agencyPage('so-y-te'));
      const pending = page.getByRole('region', { name: 'Đề nghị gia hạn đang chờ trả lời' });
      expect(await pending.innerText()).toContain('Đang chờ ý kiến của Bộ Y tế');
      await expectAccessible(page, 'agency page with a pending extension request');
      await pending.getByLabel('Chấp thuận như đề nghị').check();
      await pending.getByRole('button', { name: 'Gửi trả lời' }).click();
      await page.getByText('Đã trả lời đề nghị gia hạn; cơ quan được thông báo.').waitFor();
      await eventually(async () => expect(await deadlineOf('so-y-te')).toBe(asked));

      // 4. Sở Y tế reminded; Sở Tư pháp extended, each on its own page.
      await page.getByLabel('Ghi chú kèm lời nhắc (không bắt buộc)').fill('Còn thiếu danh sách TTHC lĩnh vực dược');
      await page.getByRole('button', { name: 'Gửi lời nhắc' }).click();
      await page.getByText('Đã gửi lời nhắc.').waitFor();
      await page.goto(agencyPage('so-tu-phap'));
      await expectAccessible(page, 'agency page');
      const extended = weekdayAfter(Date.parse(`${submission}T00:00:00Z`), 5);
      await page.getByLabel('Thời hạn mới').fill(typedDay(extended));
      await page.getByLabel('Lý do gia hạn').fill('Theo chỉ đạo của UBND tỉnh');
      await page.getByRole('button', { name: 'Gia hạn', exact: true }).click();
      await page.getByText('Đã gia hạn; cơ quan được thông báo thời hạn mới.').waitFor();
      await eventually(async () => expect(await deadlineOf('so-tu-phap')).toBe(extended));

      // 5. Sở Xây dựng escalated from its page; the escalation handled with a note on the dashboard.
      await page.goto(agencyPage('so-xay-dung'));
      await expectAccessible(page, 'agency page to escalate');
      await page.getByLabel('Lý do báo cáo').fill('Không liên lạc được với đầu mối');
      await page.getByRole('button', { name: 'Báo cáo', exact: true }).click();
      await page.getByText('Đã báo cáo cơ quan lên Văn phòng UBND tỉnh.').waitFor();
      const escalation = page.locator('ul.escalations > li').filter({ hasText: 'Sở Xây dựng' }).locator('form');
      await eventually(async () => {
        await page.goto(dashboard);
        expect(await escalation.count()).toBe(1);
      });
      const note = 'Đã gọi điện cho Giám đốc Sở Xây dựng; hẹn gửi danh sách trong tuần';
      await escalation.getByRole('textbox').fill(note);
      await escalation.getByRole('button', { name: 'Ghi nhận đã xử lý' }).click();
      await page.getByText('Đã ghi nhận cảnh báo đã được xử lý.').waitFor();
      const handled = page.getByRole('region', { name: 'Cảnh báo đã xử lý' }).getByRole('row', { name: /Sở Xây dựng/ });
      expect(await handled.innerText()).toContain('Nguyễn Văn Điều Hành');
      expect(await handled.innerText()).toContain(note);
      await expectAccessible(page, 'dashboard after handling');

      // 6. The late list downloaded as a workbook that opens, with as many agencies as the page lists.
      const late = Number(/\((\d+)\)/.exec(await heading(page, /^Cơ quan chậm, trễ/).innerText())![1]);
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /Tải danh sách cơ quan chậm, trễ/ }).click(),
      ]);
      expect(file.suggestedFilename()).toBe('co-quan-cham-tre.xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile((await file.path())!);
      const sheet = workbook.worksheets[0]!;
      expect(sheet.name).toBe('Cơ quan chậm, trễ');
      expect(String(sheet.getRow(1).getCell(1).value)).toContain(`chiến dịch ${n}/UBND-KSTTHC`);
      expect(sheet.getRow(2).getCell(1).value).toBe('Mã cơ quan');
      expect(sheet.actualRowCount - 2).toBe(late);

      // 6b. The rehearsal's deadline has passed on its clock: its late list holds the two agencies that
      // missed it, with their working days late, and not Sở Y tế, accepted on time.
      // Its clock past Monday 11/03/2024: the deadline of Friday 08/03 missed by a whole working day.
      const { definition: rehearsalClock } = await db().campaign.findUniqueOrThrow({ where: { id: rehearsal.id } });
      const afterMonday = Date.parse('2024-03-12T00:00:00+07:00');
      await eventually(
        () => expect(campaignNow(rehearsalClock, new Date()).getTime()).toBeGreaterThan(afterMonday),
        120_000,
        500,
      );
      const rehearsalLate = heading(page, /^Cơ quan chậm, trễ/);
      await eventually(async () => {
        await page.goto(url(`/dieu-hanh/${encodeURIComponent(rehearsal.id)}`));
        expect(await rehearsalLate.innerText()).toBe('Cơ quan chậm, trễ (2)');
      }, 120_000);
      await expectAccessible(page, 'rehearsal dashboard with late agencies');
      const [rehearsalFile] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /Tải danh sách cơ quan chậm, trễ/ }).click(),
      ]);
      const rehearsalBook = new ExcelJS.Workbook();
      await rehearsalBook.xlsx.readFile((await rehearsalFile.path())!);
      const lateSheet = rehearsalBook.worksheets[0]!;
      expect(String(lateSheet.getRow(1).getCell(1).value)).toContain('chiến dịch 88/UBND-KSTTHC');
      expect(lateSheet.getRow(2).getCell(7).value).toBe('Số ngày làm việc trễ');
      const lateRows = [3, 4].map((r) => lateSheet.getRow(r));
      expect(lateSheet.actualRowCount).toBe(4);
      expect(lateRows.map((row) => row.getCell(2).value).sort()).toEqual(['Sở Tư pháp', 'UBND huyện Bình Sơn']);
      for (const row of lateRows) expect(Number(row.getCell(7).value)).toBeGreaterThanOrEqual(1);
      const names = JSON.stringify(lateRows.map((row) => row.values));
      expect(names).not.toContain('Sở Y tế');
      await page.goto(dashboard);

      // 7. The report made now, opened styled under its own policy.
      await page.getByRole('button', { name: 'Lập báo cáo ngay' }).click();
      await page.getByRole('heading', { level: 1, name: 'Đã lập báo cáo' }).waitFor({ timeout: 60_000 });
      await expectAccessible(page, 'report made');
      // Policy violations reported while the report opens (axe's own inline styles, blocked on the
      // pages audited before, are not the report's).
      const policyErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text()))
          policyErrors.push(message.text());
      });
      await page.getByRole('link', { name: 'Mở báo cáo (HTML)' }).click();
      await page.getByRole('heading', { level: 1, name: /Báo cáo tiến độ/ }).waitFor();
      expect(await page.evaluate("getComputedStyle(document.querySelector('h1')).color")).toBe('rgb(183, 28, 28)');
      expect(await page.evaluate("getComputedStyle(document.querySelector('.figures')).display")).toBe('grid');
      expect(await page.locator('body').innerText()).toContain(note);
      expect(policyErrors).toEqual([]);
      expect(operator.problems).toEqual([]);
      await expectAccessible(page, 'report');

      // 8. The reviewer accepts Sở Y tế's list and consolidates; the approver approves (through the API).
      const stageOf = async (code: string) =>
        (await db().assignment.findUniqueOrThrow({ where: { id: `${id}/${code}` } })).stage;
      const submitted = await (
        await suite.api('syt@example.gov.vn')
      ).post(`/api/v1/campaigns/${id}/agencies/so-y-te/submissions`, { list: justiceDepartmentList });
      expect(submitted.status).toBe(200);
      await eventually(async () => expect(await stageOf('so-y-te')).toBe('submitted'));
      const reviewer = await suite.api('stttt@example.gov.vn');
      expect((await reviewer.post(`/api/v1/campaigns/${id}/agencies/so-y-te/accept`, {})).status).toBe(200);
      await eventually(async () => expect(await stageOf('so-y-te')).toBe('accepted'));
      expect((await reviewer.post(`/api/v1/campaigns/${id}/consolidate`, {})).status).toBe(200);
      const statusOf = async () => (await db().campaign.findUniqueOrThrow({ where: { id } })).status;
      await eventually(async () => expect(await statusOf()).toBe('consolidated'));
      const rounds = page.getByRole('region', { name: 'Các lần tổng hợp' });
      await eventually(async () => {
        await page.goto(dashboard);
        expect(await rounds.innerText({ timeout: 2_000 })).toMatch(/Tổng hợp .* lúc .*: 1 cơ quan; chờ phê duyệt\./);
      });
      await expectAccessible(page, 'dashboard, consolidated');

      const approved = await (
        await suite.api('chutich@example.gov.vn')
      ).post(`/api/v1/campaigns/${id}/approve`, {
        decisionNumber: `${n}/QĐ-UBND`,
        decisionDate: vnDay(Date.now()),
        signer: 'Đặng Văn Minh',
      });
      expect(approved.status).toBe(200);
      await eventually(async () => {
        await page.goto(dashboard);
        expect(await rounds.innerText({ timeout: 2_000 })).toContain(`đã phê duyệt theo`);
        expect(await rounds.innerText({ timeout: 2_000 })).toContain(`${n}/QĐ-UBND`);
      });
      await expectAccessible(page, 'dashboard, approved');
      await page.setViewportSize(PHONE_VIEWPORT);
      await expectAccessible(page, 'dashboard, approved (390 px)');
      expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);

      // No administrator anywhere; every action was the Service Center holder's own, recorded under its name.
      expect(await db().roleGrant.count({ where: { role: 'admin' } })).toBe(0);
      const holder = await db().person.findUniqueOrThrow({ where: { email: center } });
      const actions = await db().auditEvent.findMany({
        where: { campaignId: id, personId: holder.id },
        select: { action: true },
      });
      expect(new Set(actions.map((a) => a.action))).toEqual(
        new Set(['extension_grant', 'remind', 'extend', 'escalate', 'handleEscalation']),
      );
    }, 300_000);
  },
);

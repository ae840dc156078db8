import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { isWeekend, localDay, shiftDay } from '../../domain/working-days';
import { grantRole } from '../../server/identity/people';
import { PHONE_VIEWPORT, expectAccessible } from '../support/browser';
import { eventually } from '../support/eventually';
import { usePortalSuite } from '../support/portal-suite';
import { sampleCampaign } from '../support/sample-campaign';
import { testDatabases } from '../support/test-env';

// The Service Center's desk in a real Chromium on a real server, worker, Temporal and database:
// pending extension requests with their answer deadline, escalations handled with a note (a blank
// note refused beside the field, a second person told who handled it and when, the handling audited
// and in the report), every list filtered on the server and downloaded as .xlsx with the same
// filter, the report made now and opened styled under its own policy. axe-core on every page.

describe.each(testDatabases())('the Service Center’s desk in a browser (%s)', (kind) => {
  const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-desk-reports-'));
  const suite = usePortalSuite(kind, { env: { DONDOC_REPORT_DIR: reportsDir }, worker: true });
  const definition = sampleCampaign();
  definition.agencies.push({
    code: 'xa-binh-duong',
    name: 'UBND xã Bình Dương, huyện Bình Sơn',
    kind: 'commune',
    email: 'binhduong@example.gov.vn',
    stage: 'assigned',
  });
  const id = definition.id;
  const { url, db, signedIn } = suite;
  const dashboard = (query = '') => url(`/dieu-hanh/${id}${query}`);
  const operatorEmail = 'ttpv@example.gov.vn';

  beforeAll(async () => {
    await grantRole(db(), { email: 'admin@example.gov.vn', name: 'Quản trị', role: 'admin' }, 'test');
    const admin = await suite.api('admin@example.gov.vn');
    expect((await admin.post('/api/v1/campaigns', definition)).status).toBe(200);
    await eventually(async () => expect(await db().assignment.count({ where: { campaignId: id } })).toBe(4));
    for (const code of ['so-y-te', 'ubnd-huyen-binh-son']) {
      const escalated = await admin.post(`/api/v1/campaigns/${id}/agencies/${code}/escalate`, {
        reason: 'Không liên lạc được với đầu mối',
      });
      expect(escalated.status).toBe(200);
    }
    // Sở Y tế asks for a few more days: the request waits for the Service Center's answer.
    let day = shiftDay(localDay(new Date(definition.deadlines.submission)), 3);
    while (isWeekend(day)) day = shiftDay(day, 1);
    const asked = await (
      await suite.api('syt@example.gov.vn')
    ).post(`/api/v1/campaigns/${id}/agencies/so-y-te/extension-requests`, {
      deadline: day,
      reason: 'Đang chờ ý kiến của Bộ Y tế',
    });
    expect(asked.status).toBe(200);
    await eventually(async () => expect(await db().escalation.count({ where: { campaignId: id } })).toBe(2));
  });
  afterAll(() => fs.rmSync(reportsDir, { recursive: true, force: true }));

  const heading = (page: Page, text: RegExp) => page.getByRole('heading', { level: 2, name: text });
  const escalationForm = (page: Page, agency: string) =>
    page.locator('ul.escalations > li').filter({ hasText: agency }).locator('form');

  test('pending extension requests with their answer deadline; an escalation handled with a note: a blank note refused beside the field, a second person told who handled it and when, audited, once', async () => {
    const operator = await signedIn(operatorEmail);
    const { page } = operator;
    await eventually(async () => {
      await page.goto(dashboard());
      expect(await heading(page, /^Đề nghị gia hạn chờ trả lời/).innerText()).toBe('Đề nghị gia hạn chờ trả lời (1)');
    });
    await expectAccessible(page, 'dashboard');
    const request = page.getByRole('region', { name: 'Đề nghị gia hạn chờ trả lời' }).getByRole('row', {
      name: /Sở Y tế/,
    });
    expect(await request.innerText()).toMatch(/Đang chờ ý kiến của Bộ Y tế[\s\S]*\d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/);
    expect(await request.getByRole('link', { name: 'Sở Y tế' }).getAttribute('href')).toBe(
      `/dieu-hanh/${id}/co-quan/so-y-te`,
    );
    expect(await heading(page, /^Cảnh báo cần xử lý/).innerText()).toBe('Cảnh báo cần xử lý (2)');

    // A second person opens the same escalation meanwhile.
    const other = await signedIn('admin@example.gov.vn');
    const escalationHref = await page
      .locator('ul.escalations > li')
      .filter({ hasText: 'Sở Y tế' })
      .locator('form')
      .getAttribute('action');
    await other.page.goto(url(escalationHref!));
    await expectAccessible(other.page, 'escalation page');

    // Blank (spaces only): refused beside the field, what was typed kept, nothing recorded.
    await escalationForm(page, 'Sở Y tế').getByRole('textbox').fill('   ');
    await escalationForm(page, 'Sở Y tế').getByRole('button', { name: 'Ghi nhận đã xử lý' }).click();
    const field = page.getByRole('textbox', { name: 'Đã xử lý thế nào' });
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field-error').innerText()).toContain('Hãy ghi rõ đã xử lý cảnh báo này thế nào');
    expect(await field.inputValue()).toBe('   ');
    await expectAccessible(page, 'escalation page with a refused note');
    expect(await db().auditEvent.count({ where: { campaignId: id, action: 'handleEscalation' } })).toBe(0);

    // Handled from the dashboard: shown as handled, named, with the note.
    await page.goto(dashboard());
    const note = 'Đã gọi điện cho Giám đốc Sở Y tế; hẹn gửi danh sách trong tuần';
    await escalationForm(page, 'Sở Y tế').getByRole('textbox').fill(note);
    await escalationForm(page, 'Sở Y tế').getByRole('button', { name: 'Ghi nhận đã xử lý' }).click();
    await page.getByText('Đã ghi nhận cảnh báo đã được xử lý.').waitFor();
    expect(new URL(page.url()).hash).toBe('#daXuLy');
    expect(await heading(page, /^Cảnh báo cần xử lý/).innerText()).toBe('Cảnh báo cần xử lý (1)');
    const handled = page.getByRole('region', { name: 'Cảnh báo đã xử lý' }).getByRole('row', { name: /Sở Y tế/ });
    const person = await db().person.findUniqueOrThrow({ where: { email: operatorEmail } });
    expect(await handled.innerText()).toContain(person.name);
    expect(await handled.innerText()).toContain(note);
    await expectAccessible(page, 'dashboard after handling');
    const row = await db().auditEvent.findFirstOrThrow({ where: { campaignId: id, action: 'handleEscalation' } });
    expect(row).toMatchObject({ personId: person.id, personName: person.name, actor: operatorEmail });
    expect(row.payload).toMatchObject({ note });
    expect(
      await db().accessEvent.findFirst({ where: { campaignId: id, action: 'handleEscalation', outcome: 'done' } }),
    ).toMatchObject({ personId: person.id, role: 'operator', channel: 'web' });

    // The same form sent again records nothing twice.
    const again = await page.request.post(url(escalationHref!), {
      form: { _csrf: await page.locator('input[name="_csrf"]').first().inputValue(), ghiChu: note },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    expect(await db().auditEvent.count({ where: { campaignId: id, action: 'handleEscalation' } })).toBe(1);

    // The second person's note: refused, saying who handled it and when; their text kept on the page.
    await other.page.getByRole('textbox', { name: 'Đã xử lý thế nào' }).fill('Đã gửi văn bản đôn đốc');
    await other.page.getByRole('button', { name: 'Ghi nhận đã xử lý' }).click();
    const alert = await other.page.getByRole('alert').innerText();
    expect(alert).toMatch(new RegExp(`đã được ${person.name} xử lý lúc \\d{2}:\\d{2} ngày \\d{2}/\\d{2}/\\d{4}`));
    expect(await other.page.locator('main').innerText()).toContain('Đã gửi văn bản đôn đốc');
    await expectAccessible(other.page, 'escalation already handled');
    expect(await db().auditEvent.count({ where: { campaignId: id, action: 'handleEscalation' } })).toBe(1);
  });

  test('every list filtered on the server (name or code, kind, district, colour status) and downloaded as .xlsx with the same filter', async () => {
    const operator = await signedIn(operatorEmail);
    const { page } = operator;
    await page.goto(dashboard());
    const filters = page.getByRole('search', { name: 'Tìm và lọc các danh sách cơ quan' });
    await filters.getByLabel('Huyện, thị xã, thành phố').selectOption('huyện Bình Sơn');
    await filters.getByRole('button', { name: 'Lọc' }).click();
    expect(new URL(page.url()).searchParams.get('huyen')).toBe('huyện Bình Sơn');
    expect(await page.getByRole('status').filter({ hasText: 'Lọc:' }).innerText()).toContain('thuộc huyện Bình Sơn');
    expect(await heading(page, /^Cảnh báo cần xử lý/).innerText()).toBe('Cảnh báo cần xử lý (1)');
    expect(await heading(page, /^Đề nghị gia hạn chờ trả lời/).innerText()).toBe('Đề nghị gia hạn chờ trả lời (0)');
    expect(await escalationForm(page, 'UBND huyện Bình Sơn').count()).toBe(1);

    const download = async (label: RegExp) => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: label }).click(),
      ]);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile((await file.path())!);
      const sheet = workbook.worksheets[0]!;
      const rows: string[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
      return {
        name: file.suggestedFilename(),
        sheet: sheet.name,
        caption: rows[0]![0]!,
        header: rows[1]!,
        rows: rows.slice(2),
      };
    };
    const escalations = await download(/Tải danh sách cảnh báo cần xử lý/);
    expect(escalations).toMatchObject({ name: 'canh-bao-can-xu-ly.xlsx', sheet: 'Cảnh báo cần xử lý' });
    expect(escalations.caption).toContain('thuộc huyện Bình Sơn');
    expect(escalations.header.slice(0, 5)).toEqual([
      'Mã cơ quan',
      'Tên cơ quan',
      'Loại cơ quan',
      'Huyện, thị xã, thành phố',
      'Cảnh báo',
    ]);
    expect(escalations.rows.map((r) => r.slice(0, 4))).toEqual([
      ['ubnd-huyen-binh-son', 'UBND huyện Bình Sơn', 'UBND cấp huyện', 'huyện Bình Sơn'],
    ]);
    expect(escalations.rows[0]![5]).toMatch(/^\d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}$/);

    // Free text without diacritics, and the colour status: the pending request of Sở Y tế, on track.
    await page.goto(dashboard(`?tim=y+te&mau=on_track`));
    expect(await heading(page, /^Đề nghị gia hạn chờ trả lời/).innerText()).toBe('Đề nghị gia hạn chờ trả lời (1)');
    expect(await heading(page, /^Cảnh báo Trung tâm đã xử lý/).innerText()).toBe('Cảnh báo Trung tâm đã xử lý (1)');
    const requests = await download(/Tải danh sách đề nghị gia hạn chờ trả lời/);
    expect(requests.rows.map((r) => [r[0], r[r.length - 1]])).toEqual([
      ['so-y-te', expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}$/)],
    ]);
    const handled = await download(/Tải danh sách cảnh báo đã xử lý/);
    expect(handled.rows.map((r) => [r[0], r[r.length - 1]])).toEqual([
      ['so-y-te', 'Đã gọi điện cho Giám đốc Sở Y tế; hẹn gửi danh sách trong tuần'],
    ]);
    await page.goto(dashboard(`?tim=y+te&mau=overdue`));
    expect(await heading(page, /^Đề nghị gia hạn chờ trả lời/).innerText()).toBe('Đề nghị gia hạn chờ trả lời (0)');
    expect((await download(/Tải danh sách đề nghị gia hạn chờ trả lời/)).rows).toEqual([]);

    // Kind: communes only.
    await page.goto(dashboard(`?cap=commune`));
    expect(await heading(page, /^Cảnh báo cần xử lý/).innerText()).toBe('Cảnh báo cần xử lý (0)');
    // Who did what: searched by person.
    const people = page.getByRole('search', { name: 'Tìm người đã thao tác' });
    await people.getByLabel('Tên hoặc email người thực hiện').fill('ttpv@');
    await people.getByRole('button', { name: 'Tìm' }).click();
    expect(new URL(page.url()).searchParams.get('cap')).toBe('commune');
    const actions = await download(/Tải danh sách ai đã làm gì/);
    expect(actions.rows.length).toBeGreaterThan(0);
    expect(new Set(actions.rows.map((r) => r[1]))).toEqual(new Set([operatorEmail]));
    expect(actions.rows.map((r) => r[4])).toContain('xử lý cảnh báo');
    await expectAccessible(page, 'filtered dashboard');

    const phone = await signedIn(operatorEmail, PHONE_VIEWPORT);
    await phone.page.goto(dashboard(`?huyen=${encodeURIComponent('huyện Bình Sơn')}`));
    await expectAccessible(phone.page, 'filtered dashboard at 390 px');
    const action = await phone.page.locator('ul.escalations form').first().getAttribute('action');
    await phone.page.goto(url(action!));
    await expectAccessible(phone.page, 'escalation page at 390 px');
  });

  test('"Lập báo cáo ngay" makes the report now; it opens styled under its own policy, the handled escalation in it', async () => {
    const operator = await signedIn(operatorEmail);
    const { page } = operator;
    await page.goto(dashboard());
    await page.getByRole('button', { name: 'Lập báo cáo ngay' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đã lập báo cáo' }).waitFor({ timeout: 60_000 });
    await expectAccessible(page, 'report made');
    expect(await db().accessEvent.findFirst({ where: { campaignId: id, action: 'makeReport' } })).toMatchObject({
      outcome: 'done',
      role: 'operator',
    });
    await page.getByRole('link', { name: 'Mở báo cáo (HTML)' }).click();
    await page.getByRole('heading', { level: 1, name: /Báo cáo tiến độ/ }).waitFor();
    // Styled: the report's own sheet applies (its title in red, its figures in a grid), and no policy
    // violation was reported (the suite fails the test on any console error after it, too).
    expect(await page.evaluate("getComputedStyle(document.querySelector('h1')).color")).toBe('rgb(183, 28, 28)');
    expect(await page.evaluate("getComputedStyle(document.querySelector('.figures')).display")).toBe('grid');
    expect(operator.problems).toEqual([]);
    const body = await page.locator('body').innerText();
    expect(body).toMatch(
      /Trung tâm đã xử lý \d{2}\/\d{2}\/\d{4} \([^)]+\): Đã gọi điện cho Giám đốc Sở Y tế; hẹn gửi danh sách trong tuần/,
    );
  });
});

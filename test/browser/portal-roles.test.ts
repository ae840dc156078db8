import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import type { AgencyList } from '../../domain/agency-list';
import { grantRole } from '../../server/identity/people';
import { runReport } from '../../reporting';
import { PHONE_VIEWPORT, expectAccessible } from '../support/browser';
import { eventually } from '../support/eventually';
import { usePortalSuite } from '../support/portal-suite';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';

// The reviewer's, the Chairman's and the Service Center's pages in a real Chromium on a real server,
// worker, Temporal and database: each signs in through the caught e-mail; the reviewer returns two
// lines with reasons chosen on the lines, sees the diff of the resubmission and accepts, then
// consolidates from the preview; the Chairman searches the catalogue, downloads it and approves;
// the Service Center reads the dashboard, previews and sends a bulk reminder, launches from a
// campaign file checked first. Each role is refused the others' pages; axe-core on every page.

describe.each(testDatabases())('reviewer, approver and Service Center pages in a browser (%s)', (kind) => {
  const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-portal-reports-'));
  const suite = usePortalSuite(kind, {
    env: { DONDOC_REPORT_DIR: reportsDir, DONDOC_TEMPORAL_UI_URL: 'http://temporal.example:8233' },
    worker: true,
  });
  const definition = sampleCampaign();
  const id = definition.id;
  const { url, db, signedIn } = suite;
  const people: Record<string, string> = { justice: 'stp@example.gov.vn', admin: 'admin@example.gov.vn' };
  const as = (who: string) => suite.api(people[who]!);

  beforeAll(async () => {
    await grantRole(db(), { email: 'admin@example.gov.vn', name: 'Quản trị', role: 'admin' }, 'test');
    expect((await (await as('admin')).post('/api/v1/campaigns', definition)).status).toBe(200);
    await eventually(async () => expect(await db().assignment.count({ where: { campaignId: id } })).toBe(3));
  });
  afterAll(() => fs.rmSync(reportsDir, { recursive: true, force: true }));

  const submit = async (who: string, code: string, list: AgencyList) =>
    expect((await (await as(who)).post(`/api/v1/campaigns/${id}/agencies/${code}/submissions`, { list })).status).toBe(
      200,
    );

  test('the reviewer returns two lines with reasons on the lines, reads the diff of the resubmission, accepts and consolidates; the Chairman approves', async () => {
    await submit('justice', 'so-tu-phap', justiceDepartmentList);
    const reviewer = await signedIn('stttt@example.gov.vn');
    const { page } = reviewer;
    // One campaign: the section's home opens its queue.
    expect(new URL(page.url()).pathname).toBe(`/tham-dinh/${id}`);
    await expectAccessible(page, 'review queue');
    const row = page.getByRole('row', { name: /Sở Tư pháp/ });
    expect(await row.innerText()).toMatch(/Đã nộp lại[\s\S]*\d{2}\/\d{2}\/\d{4}[\s\S]*Còn hạn|Sắp đến hạn/);

    await page.getByRole('link', { name: 'Sở Tư pháp' }).click();
    await expectAccessible(page, 'a list to review');
    // Two lines picked on the lines themselves, each with its reason.
    await page.getByLabel('Trả lại dòng 2').check();
    await page.getByLabel('Lý do dòng 2').fill('Ghi rõ căn cứ pháp lý');
    await page.getByLabel('Trả lại dòng 3').check();
    await page.getByLabel('Lý do dòng 3').fill('Ý kiến này không cần số hóa <b>bỏ</b>');
    await page.getByLabel('Lý do chung').fill('Cần bổ sung căn cứ');
    await page.getByRole('button', { name: 'Trả lại danh sách' }).click();
    await page.getByText('Đã trả lại danh sách cho cơ quan, kèm lý do.').waitFor();
    const decision = await db().reviewDecision.findFirstOrThrow({ where: { assignmentId: `${id}/so-tu-phap` } });
    expect(decision).toMatchObject({
      decision: 'returned',
      reasons: {
        overall: 'Cần bổ sung căn cứ',
        lines: [
          {
            procedureCode: '1.001612.000.00.00.H48',
            documentName: 'Phiếu lý lịch tư pháp số 1',
            reason: 'Ghi rõ căn cứ pháp lý',
          },
          {
            procedureCode: '1.002421',
            documentName: 'Ý kiến của Hội công chứng viên tỉnh',
            reason: 'Ý kiến này không cần số hóa <b>bỏ</b>',
          },
        ],
      },
    });
    expect(
      await db().accessEvent.findFirst({ where: { action: 'returnList', agencyCode: 'so-tu-phap', outcome: 'done' } }),
    ).toMatchObject({ channel: 'web', role: 'reviewer' });

    // The agency resubmits; the reviewer sees what changed and the earlier reasons beside the lines.
    const second: AgencyList = structuredClone(justiceDepartmentList);
    second.procedures[0]!.documents[1]!.basis = 'Luật Lý lịch tư pháp 2009, Điều 42';
    second.procedures[1]!.documents = [{ name: 'Quyết định công nhận hành nghề', kind: 'ket_qua' }];
    await submit('justice', 'so-tu-phap', second);
    await page.goto(url(`/tham-dinh/${id}/co-quan/so-tu-phap`));
    expect(await page.locator('main').innerText()).toContain('Thêm 1 dòng, sửa 1 dòng, bỏ 1 dòng');
    expect(await page.locator('.diff-removed').innerText()).toContain('Ý kiến của Hội công chứng viên tỉnh');
    const changed = page.getByRole('row', { name: /Phiếu lý lịch tư pháp số 1/ });
    expect(await changed.innerText()).toContain('Đã sửa');
    expect(await changed.locator('.row-reason').innerText()).toBe('Lý do lần trước: Ghi rõ căn cứ pháp lý');
    expect(await page.getByRole('row', { name: /Quyết định công nhận/ }).innerText()).toContain('Mới thêm');
    await expectAccessible(page, 'a resubmitted list');
    await page.getByRole('button', { name: 'Chấp nhận danh sách' }).click();
    await page.getByText('Đã chấp nhận danh sách.').waitFor();

    // Consolidation: who is in, who is missing, then confirmed.
    await page.goto(url(`/tham-dinh/${id}/tong-hop`));
    const preview = await page.locator('main').innerText();
    expect(preview).toMatch(/Được tổng hợp \(1 cơ quan\)[\s\S]*Sở Tư pháp — phiên bản 2/);
    // Their own deadlines still run: not missing, and the reviewer is told before confirming.
    expect(preview).toMatch(/Còn thiếu \(0 cơ quan\)/);
    expect(preview).toMatch(/Còn trong thời hạn \(2 cơ quan\)[\s\S]*Sở Y tế[\s\S]*UBND huyện Bình Sơn/);
    expect(preview).toMatch(/Cần biết trước khi tổng hợp[\s\S]*Hạn nộp của chiến dịch/);
    await expectAccessible(page, 'consolidation preview');
    // The same preview on a phone: the warnings and the acknowledgement fit and pass axe.
    const onPhone = await signedIn('stttt@example.gov.vn', PHONE_VIEWPORT);
    await onPhone.page.goto(url(`/tham-dinh/${id}/tong-hop`));
    await expectAccessible(onPhone.page, 'consolidation preview on a phone');
    // The warnings are acknowledged as a second, explicit step: without it the server refuses.
    const unacknowledged = await page.request.post(url(`/tham-dinh/${id}/tong-hop`), {
      form: { _csrf: await page.locator('input[name="_csrf"]').first().inputValue(), included: '1' },
    });
    expect(unacknowledged.status()).toBe(400);
    expect(await unacknowledged.text()).toContain('Hãy đọc các cảnh báo');
    // A form being sent says so on its button and lets no second press through.
    // (A string: the test code is compiled without the browser's types.)
    const presses = await page.evaluate<{ first: boolean; second: boolean; busy: string; label: string }>(`(() => {
      const form = document.querySelector('form[action$="/tong-hop"]');
      const press = () => {
        const event = new Event('submit', { bubbles: true, cancelable: true });
        form.dispatchEvent(event);
        return event.defaultPrevented;
      };
      const first = press();
      const second = press();
      const button = form.querySelector('button');
      return { first, second, busy: button.getAttribute('aria-disabled'), label: button.textContent };
    })()`);
    expect(presses).toEqual({ first: false, second: true, busy: 'true', label: 'Đang gửi…' });
    await page.reload();
    await page.getByLabel('Tôi đã đọc các cảnh báo trên và vẫn tổng hợp bây giờ').check();
    await page.getByRole('button', { name: 'Xác nhận tổng hợp 1 danh sách' }).click();
    await page.getByText('Đã tổng hợp danh mục').waitFor();
    await eventually(async () => expect(await db().catalogueEntry.count({ where: { campaignId: id } })).toBe(3));

    // The Chairman, on a phone: the catalogue searched and downloaded, then approved.
    const chairman = await signedIn('chutich@example.gov.vn', PHONE_VIEWPORT);
    const chair = chairman.page;
    expect(new URL(chair.url()).pathname).toBe(`/phe-duyet/${id}`);
    await eventually(async () => {
      await chair.reload();
      expect(await chair.locator('main').innerText()).toContain('3 dòng');
    });
    await expectAccessible(chair, 'catalogue');
    await chair.getByLabel(/Tìm trong danh mục/).fill('phieu ly lich');
    await chair.getByRole('button', { name: 'Tìm' }).click();
    expect(await chair.locator('tbody tr').count()).toBe(2);
    expect(await chair.locator('main').innerText()).toContain('2 dòng khớp "phieu ly lich"');
    const [download] = await Promise.all([
      chair.waitForEvent('download'),
      chair.getByRole('link', { name: 'Tải danh mục (.xlsx)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('danh-muc-tong-hop.xlsx');
    expect(await chair.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    // A date the browser would not check (a day that does not exist): refused beside its field, the rest kept.
    await chair.getByLabel('Số quyết định').fill('512/QĐ-UBND');
    await chair.getByLabel('Ngày quyết định').fill('31/02/2024');
    await chair.getByLabel('Người ký').fill('Đặng Văn Minh');
    await chair.getByRole('button', { name: 'Phê duyệt danh mục' }).click();
    await chair.locator('#decisionDate-error').waitFor();
    expect(await chair.locator('#decisionDate-error').innerText()).toBe(
      'Ngày quyết định phải có dạng dd/mm/yyyy, ví dụ 13/03/2024.',
    );
    expect(await chair.getByLabel('Số quyết định').inputValue()).toBe('512/QĐ-UBND');
    expect(await chair.getByLabel('Người ký').inputValue()).toBe('Đặng Văn Minh');
    await expectAccessible(chair, 'a refused decision (phone)');
    await chair.getByLabel('Ngày quyết định').fill('13/03/2024');
    await chair.getByRole('button', { name: 'Phê duyệt danh mục' }).click();
    await chair.getByText('Đã phê duyệt danh mục tổng hợp.').waitFor();
    await eventually(async () =>
      expect(await db().campaign.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: 'approved',
        decisionNumber: '512/QĐ-UBND',
        decisionSigner: 'Đặng Văn Minh',
      }),
    );
    expect(await chair.locator('main').innerText()).toContain('Quyết định số 512/QĐ-UBND ngày 13/03/2024');
    // Printed: the catalogue without the header, the navigation, the sign-out button or the forms.
    await chair.emulateMedia({ media: 'print' });
    for (const hidden of ['header.site-header', 'nav.trail', 'form[action="/sign-out"]', 'form[role="search"]'])
      expect({ hidden, visible: await chair.locator(hidden).isVisible() }).toEqual({ hidden, visible: false });
    expect(await chair.locator('table').first().isVisible()).toBe(true);
    await chair.emulateMedia({ media: 'screen' });
    await expectAccessible(chair, 'approved catalogue');
  });

  test('the Service Center: dashboard, an agency linked to its workflow, a bulk reminder previewed then sent, daily reports, launch from a checked campaign file', async () => {
    const operator = await signedIn('ttpv@example.gov.vn');
    const { page } = operator;
    await runReport({ db: db(), campaignId: id, baseDir: reportsDir });
    await page.goto(url(`/dieu-hanh/${id}`));
    await expectAccessible(page, 'dashboard');
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/Tổng số cơ quan\s*3/);
    expect(text).toMatch(/Theo loại cơ quan[\s\S]*Sở, ban, ngành/);
    // Who did what, from the workflows' own rows: the Chairman's approval among the people counted.
    const acted = page.getByRole('region', { name: 'Ai đã làm gì' });
    expect(
      await acted.getByRole('row', { name: /Chủ tịch UBND tỉnh.*người phê duyệt.*phê duyệt danh mục 1/ }).count(),
    ).toBe(1);
    // The report's charts: SVG images from dondoc, drawn, each with its figures in Vietnamese words.
    const charts = page.locator('figure.chart img');
    expect(await charts.count()).toBe(3);
    const images = () =>
      charts.evaluateAll((images) =>
        (images as unknown as { alt: string; complete: boolean; naturalWidth: number }[]).map((img) => ({
          alt: img.alt,
          drawn: img.complete && img.naturalWidth > 0,
        })),
      );
    await eventually(async () => expect((await images()).map((i) => i.drawn)).toEqual([true, true, true]));
    const alts = await images();
    expect(alts[0]!.alt).toMatch(/^Số cơ quan theo trạng thái: .*Đã giao \d+/);
    expect(alts[1]!.alt).toMatch(/^Số cơ quan theo loại cơ quan: .*Sở, ban, ngành \d+/);
    expect(alts[2]!.alt).toMatch(/^Tiến độ nộp và chấp nhận danh sách \(lũy kế\) từ \d\d\/\d\d\/\d{4} đến /);
    expect(await page.getByRole('img', { name: /^Số cơ quan theo trạng thái/ }).count()).toBe(1);
    expect(await page.locator('figure.chart figcaption').allInnerTexts()).toEqual([
      'Số cơ quan theo trạng thái',
      'Số cơ quan theo loại cơ quan',
      'Tiến độ nộp và chấp nhận danh sách (lũy kế)',
    ]);
    const svg = await page.request.get(new URL((await charts.first().getAttribute('src'))!, page.url()).href);
    expect(svg.headers()['content-type']).toContain('image/svg+xml');
    expect(svg.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await svg.text()).toMatch(/^<svg [\s\S]*Số cơ quan theo trạng thái[\s\S]*<\/svg>$/);
    await page.getByRole('link', { name: 'bao-cao-tien-do.html' }).waitFor();

    await page.goto(url(`/dieu-hanh/${id}/co-quan/so-y-te`));
    await expectAccessible(page, 'agency for the Service Center');
    // The Temporal Web UI (a developer's console) and the workflow's identifier are not for the Service Center.
    expect(await page.getByRole('link', { name: /Temporal Web UI/ }).count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toContain(`campaign:${id}:agency:so-y-te`);
    const administrator = await signedIn('admin@example.gov.vn');
    await administrator.page.goto(url(`/dieu-hanh/${id}/co-quan/so-y-te`));
    expect(await administrator.page.getByRole('link', { name: /Temporal Web UI/ }).getAttribute('href')).toBe(
      `http://temporal.example:8233/namespaces/default/workflows/${encodeURIComponent(`campaign:${id}:agency:so-y-te`)}`,
    );

    // Bulk reminder: exactly who, then confirmed; each agency reminded once.
    await page.goto(url(`/dieu-hanh/${id}/hang-loat?loai=remind`));
    await page.getByLabel('mọi cơ quan còn thời hạn đang chạy').check();
    await page.getByLabel(/Ghi chú kèm lời nhắc/).fill('Đề nghị gửi trong tuần');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const targets = page.locator('tbody tr');
    expect(await targets.count()).toBe(2);
    expect(await page.locator('tbody').innerText()).toMatch(/Sở Y tế[\s\S]*UBND huyện Bình Sơn/);
    await expectAccessible(page, 'bulk preview');
    const confirmation = page.locator('form[method="post"]').filter({ hasText: 'Xác nhận nhắc việc' });
    const fields = Object.fromEntries(
      await Promise.all(
        ['_csrf', 'loai', 'batch', 'agencies', 'ghiChu'].map(async (name) => [
          name,
          await confirmation.locator(`input[name="${name}"]`).inputValue(),
        ]),
      ),
    ) as Record<string, string>;
    expect(fields.agencies).toBe('so-y-te,ubnd-huyen-binh-son');
    const before = await db().notification.count({ where: { campaignId: id, kind: 'reminder' } });
    await page.getByRole('button', { name: 'Xác nhận nhắc việc cho 2 cơ quan' }).click();
    expect(await page.locator('main').innerText()).toContain('Đã thực hiện cho 2/2 cơ quan');
    await expectAccessible(page, 'bulk result');
    await eventually(async () =>
      expect(await db().notification.count({ where: { campaignId: id, kind: 'reminder' } })).toBe(before + 2),
    );
    // The same confirmation sent again applies nothing twice (one update ID per agency per preview).
    const again = await page.request.post(url(`/dieu-hanh/${id}/hang-loat`), { form: fields });
    expect(again.status()).toBe(200);
    const reminded = await db().accessEvent.findMany({ where: { campaignId: id, action: 'remind', outcome: 'done' } });
    expect(reminded.map((e) => e.agencyCode).sort()).toEqual([
      'so-y-te',
      'so-y-te',
      'ubnd-huyen-binh-son',
      'ubnd-huyen-binh-son',
    ]);
    expect(new Set(reminded.map((e) => e.updateId)).size).toBe(2);
    expect(await db().notification.count({ where: { campaignId: id, kind: 'reminder' } })).toBe(before + 2);

    // Launch (a new campaign: an administrator's; an operator launches again only their own): a
    // file with a mistake is refused with the field named; the fixed file launches.
    const launcher = await signedIn('admin@example.gov.vn');
    const next = sampleCampaign();
    const broken = YAML.stringify({ ...next, deadlines: { ...next.deadlines, submission: 'ngày mai' } });
    await launcher.page.goto(url('/dieu-hanh/khoi-chay'));
    await expectAccessible(launcher.page, 'launch');
    await launcher.page.getByLabel('Nội dung tệp chiến dịch (.yaml)').fill(broken);
    await launcher.page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    expect(await launcher.page.getByRole('alert').innerText()).toContain('deadlines.submission');
    expect(await db().campaign.count({ where: { id: next.id } })).toBe(0);
    await launcher.page.getByLabel('Nội dung tệp chiến dịch (.yaml)').fill(YAML.stringify(next));
    await launcher.page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    expect(await launcher.page.locator('main').innerText()).toMatch(/Kiểm tra xong: tệp hợp lệ[\s\S]*Số cơ quan\s*3/);
    await expectAccessible(launcher.page, 'launch preview');
    expect(await db().campaign.count({ where: { id: next.id } })).toBe(0);
    await launcher.page.getByRole('button', { name: 'Xác nhận khởi chạy' }).click();
    await launcher.page.getByText(`Đã khởi chạy chiến dịch ${next.id}: 3 workflow cơ quan mới`).waitFor();
    expect(await db().accessEvent.findFirst({ where: { action: 'launch', campaignId: next.id } })).toMatchObject({
      outcome: 'done',
      channel: 'web',
    });
  }, 120_000);

  test('each role is kept out of the others’ pages (403), and the refusal is audited', async () => {
    const pages = {
      reviewer: [`/tham-dinh/${id}`, `/tham-dinh/${id}/tong-hop`],
      approver: [`/phe-duyet/${id}`, `/phe-duyet/${id}/danh-muc-tong-hop.xlsx`],
      operator: [
        `/dieu-hanh/${id}`,
        `/dieu-hanh/${id}/bieu-do/trang-thai.svg`,
        `/dieu-hanh/${id}/hang-loat?loai=remind`,
        '/dieu-hanh/khoi-chay',
      ],
    };
    const people = {
      agency: 'syt@example.gov.vn',
      reviewer: 'stttt@example.gov.vn',
      approver: 'chutich@example.gov.vn',
      operator: 'ttpv@example.gov.vn',
    };
    for (const [who, email] of Object.entries(people)) {
      const client = await suite.server.signIn(email);
      for (const [owner, paths] of Object.entries(pages)) {
        for (const p of paths) {
          const answer = await client.get(p);
          expect({ who, p, status: answer.status }).toEqual({ who, p, status: owner === who ? 200 : 403 });
          if (owner !== who) expect(answer.text).toContain('Không có quyền');
        }
      }
      // A form posted to another role's action is refused before anything happens.
      if (who !== 'reviewer') {
        const csrf = await client.csrfFrom('/sign-in');
        const posted = await client.request('POST', `/tham-dinh/${id}/tong-hop`, {
          form: { _csrf: csrf, included: '1' },
        });
        expect(posted.status).toBe(403);
      }
    }
    expect(await db().accessEvent.count({ where: { campaignId: id, outcome: 'refused' } })).toBeGreaterThan(10);
    // In the browser, the refusal is a page in the layout, accessible.
    const agency = await signedIn('syt@example.gov.vn');
    await agency.page.goto(url(`/tham-dinh/${id}`));
    expect(await agency.page.getByRole('heading', { level: 1 }).innerText()).toBe('Không có quyền');
    await expectAccessible(agency.page, '403');
  });
});

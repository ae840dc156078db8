import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadCampaignDefinition } from '../../campaign-files/campaign-definition';
import type { FileRef, FormDelivery } from '../../domain/deliverables';
import { DESKTOP_VIEWPORT, PHONE_VIEWPORT, expectAccessible } from '../support/browser';
import { eventually } from '../support/eventually';
import { usePortalSuite } from '../support/portal-suite';
import { sampleCampaign } from '../support/sample-campaign';
import { tinyPdf } from '../support/sample-files';
import { testDatabases } from '../support/test-env';

// A campaign that declares the yearly self-assessment checklist (a score per criterion bounded by
// its maximum, the total their sum, evidence files per criterion): the agency fills it on a phone,
// types a score above its criterion's maximum, a decimal score with a comma and a text file renamed
// .pdf, and is refused with each problem beside its criterion or file, everything typed kept and the
// good files still attached; it fixes them and submits; the reviewer returns one criterion; the
// agency sees the reason beside it, fixes the score and replaces its evidence; the reviewer sees
// what changed, accepts and consolidates from the portal; the Chairman reads the average score per
// criterion and approves. Evidence is downloadable by the reviewer, not by another agency.
// In a real Chromium, with axe-core at phone and desktop width.

const CHECKLIST = path.join(__dirname, '../../campaigns/cchc-tu-danh-gia-2026.yaml');
const CRITERIA = ['TC1', 'TC2', 'TC3', 'TC4', 'TC5', 'TC6', 'TC7'] as const;
type Scores = Record<(typeof CRITERIA)[number] | 'TONG', string>;

const score = (page: Page, code: string) =>
  page.getByRole('textbox', { name: new RegExp(`^${code} .*, Điểm tự đánh giá \\(tối đa [\\d,]+\\)$`) });
const evidence = (page: Page, code: string) => page.getByLabel(new RegExp(`^Tài liệu kiểm chứng ${code} `));
/** Each criterion's evidence: a PDF of its own content (the content decides its type). */
const evidencePdf = (agency: string, code: string, name = `${code.toLowerCase()}.pdf`) => ({
  name,
  mimeType: 'application/pdf',
  buffer: tinyPdf(`${agency} ${code} ${name}`),
});

/** Types the scores and the contact, and attaches each criterion's evidence but those skipped. */
async function fillChecklist(page: Page, agency: string, scores: Scores, skipFiles: string[] = []) {
  for (const [code, value] of Object.entries(scores)) await score(page, code).fill(value);
  for (const code of CRITERIA)
    if (!skipFiles.includes(code)) await evidence(page, code).setInputFiles(evidencePdf(agency, code));
  await page.getByLabel(/Họ tên, chức vụ người đầu mối/).fill('Nguyễn Thị Lan, Chánh Văn phòng');
  await page.getByLabel(/Số điện thoại/).fill('0912345678');
}

describe.each(testDatabases())('a declared self-assessment checklist in the portal (%s)', (kind) => {
  const suite = usePortalSuite(kind, { worker: true });
  const definition = sampleCampaign();
  const id = definition.id;
  const agencyPage = `/campaigns/${id}/agencies/so-y-te`;
  const formPage = (agency: string) => `/campaigns/${id}/agencies/${agency}/san-pham`;
  const stageOf = async (agency = 'so-y-te') =>
    (await suite.db().assignment.findFirstOrThrow({ where: { campaignId: id, agencyCode: agency } })).stage;
  const lastDelivery = async () =>
    (
      await suite.db().submission.findFirstOrThrow({
        where: { assignment: { campaignId: id, agencyCode: 'so-y-te' } },
        orderBy: { version: 'desc' },
      })
    ).content as unknown as FormDelivery;

  beforeAll(async () => {
    definition.deliverable = (await loadCampaignDefinition(CHECKLIST)).deliverable;
    await suite.launch(definition);
  });

  test('scored on a phone, refused beside the criterion with files kept, returned, corrected, accepted and approved', async () => {
    const { page } = await suite.signedIn('syt@example.gov.vn', PHONE_VIEWPORT);
    await page.goto(suite.url(agencyPage));
    await page.getByRole('link', { name: 'Điền và nộp' }).click();
    await page
      .getByRole('heading', { name: /Bảng tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2026/ })
      .waitFor();
    // Each criterion's maximum stands beside it, and the phone number's expected form under its input.
    const tc3 = page.getByRole('row', { name: /TC3/ });
    expect(await tc3.getByRole('rowheader').innerText()).toBe('Cải cách thủ tục hành chính');
    expect(await tc3.getByRole('cell').allInnerTexts()).toEqual(['TC3', 'điểm', '15', '']);
    expect(await page.getByText('Ghi theo dạng số điện thoại 10 hoặc 11 chữ số').count()).toBe(1);
    const tc1Evidence = page.locator('.field', { has: evidence(page, 'TC1') });
    expect(await tc1Evidence.locator('.hint').innerText()).toBe(
      'Nhận tệp PDF (.pdf), Word (.docx) hoặc Excel (.xlsx); mỗi tệp tối đa 20 MB, tối đa 10 tệp.',
    );
    // On a phone each criterion is a card: its score's input spans the screen, not a squeezed column.
    expect((await score(page, 'TC1').boundingBox())!.width).toBeGreaterThan(PHONE_VIEWPORT.width * 0.6);
    await expectAccessible(page, 'self-assessment form (phone)');

    // A score above its maximum, a decimal with a comma, a text file renamed .pdf for TC3's evidence.
    await fillChecklist(
      page,
      'so-y-te',
      { TC1: '12', TC2: '1,5', TC3: '12', TC4: '8', TC5: '13', TC6: '9', TC7: '14', TONG: '69,5' },
      ['TC3'],
    );
    await evidence(page, 'TC3').setInputFiles({
      name: 'tc3.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('Báo cáo kết quả cải cách thủ tục hành chính năm 2026\n', 'utf8'),
    });
    await page.getByRole('button', { name: 'Nộp' }).click();

    // Refused: each problem beside its criterion or file, what was typed kept, the good files attached.
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('TC1');
    const tc1Problem = page.locator('.field-error', {
      hasText: 'TC1: 12 nằm ngoài khoảng cho phép. Cách sửa: ghi một số từ 0 đến 10 điểm.',
    });
    expect(await tc1Problem.count()).toBe(1);
    expect(await score(page, 'TC1').getAttribute('aria-describedby')).toBe(await tc1Problem.getAttribute('id'));
    expect(await score(page, 'TC1').getAttribute('aria-invalid')).toBe('true');
    // Outlined, unlike the scores that are right.
    const border = (code: string) =>
      page.evaluate(`getComputedStyle(document.getElementById('f-fields-diem-${code}-tu-cham')).borderTopWidth`);
    expect([await border('TC1'), await border('TC2')]).toEqual(['2px', '1px']);
    expect(await score(page, 'TC2').getAttribute('aria-invalid')).toBeNull();
    expect(await score(page, 'TC1').inputValue()).toBe('12');
    expect(await score(page, 'TC2').inputValue()).toBe('1,5');
    expect(await score(page, 'TONG').inputValue()).toBe('69,5');
    const tc3Field = page.locator('.field', { has: evidence(page, 'TC3') });
    // Named by its place, told the types this input takes.
    expect(await tc3Field.locator('.field-error').innerText()).toMatch(
      /^Mục "II\. Tài liệu kiểm chứng", "Tài liệu kiểm chứng TC3 — Cải cách thủ tục hành chính": tệp "tc3\.pdf" không phải tệp PDF \(\.pdf\), Word \(\.docx\) hoặc Excel \(\.xlsx\) \(nội dung tệp cho biết loại tệp, không phải phần đuôi tên\), chưa được lưu\./,
    );
    expect(await tc3Field.getByText('Đã đính kèm').count()).toBe(0);
    for (const code of ['TC1', 'TC2', 'TC4', 'TC5', 'TC6', 'TC7']) {
      const field = page.locator('.field', { has: evidence(page, code) });
      expect(await field.locator('.attached-files').innerText()).toContain(
        `Đã đính kèm: ${code.toLowerCase()}.pdf (sẽ được nộp cùng biểu mẫu)`,
      );
    }
    // A screen reader hears it with the input: its description names the attached file.
    const described = (await evidence(page, 'TC1').getAttribute('aria-describedby'))!.split(' ');
    const descriptions = await Promise.all(described.map((id) => page.locator(`[id="${id}"]`).innerText()));
    expect(descriptions.join(' ')).toContain('Đã đính kèm: tc1.pdf');
    expect(await page.getByLabel(/Họ tên, chức vụ người đầu mối/).inputValue()).toBe('Nguyễn Thị Lan, Chánh Văn phòng');
    expect(await stageOf()).toBe('assigned');
    await expectAccessible(page, 'self-assessment form refused (phone)');

    // Fixed: the score within its maximum, the total again, TC3's evidence a real PDF; nothing re-attached.
    await score(page, 'TC1').fill('9');
    await score(page, 'TONG').fill('66,5');
    await evidence(page, 'TC3').setInputFiles(evidencePdf('so-y-te', 'TC3'));
    await page.getByRole('button', { name: 'Nộp' }).click();
    await page.getByText('Đã nộp phiên bản 1').waitFor();
    expect(await stageOf()).toBe('submitted');
    const first = await lastDelivery();
    expect((first.fields.diem as Record<string, Record<string, number>>).TC2).toEqual({ 'tu-cham': 1.5 });
    for (const code of CRITERIA)
      expect((first.fields[`minh-chung-${code.toLowerCase()}`] as FileRef[]).map((f) => f.name)).toEqual([
        `${code.toLowerCase()}.pdf`,
      ]);

    // The reviewer returns one criterion, with its reason beside it.
    const reviewer = await suite.signedIn('stttt@example.gov.vn', DESKTOP_VIEWPORT);
    const review = `/tham-dinh/${id}/co-quan/so-y-te`;
    await reviewer.page.goto(suite.url(review));
    // Named as what it is (not a list), each criterion's maximum beside its score.
    await reviewer.page.getByRole('heading', { name: 'Bản nộp của Sở Y tế' }).waitFor();
    expect(await reviewer.page.locator('main').innerText()).not.toMatch(/danh sách|danh mục/i);
    expect(await reviewer.page.getByRole('row', { name: /^TC3 / }).innerText()).toMatch(
      /^TC3\s+Cải cách thủ tục hành chính\s+điểm\s+15\s+12\s/,
    );
    await reviewer.page
      .getByLabel(/^Lý do trả lại: TC3 Cải cách thủ tục hành chính$/)
      .fill('Chưa có kế hoạch rà soát TTHC.');
    await reviewer.page.getByLabel('Lý do chung').fill('Xem lại điểm và tài liệu kiểm chứng TC3.');
    await expectAccessible(reviewer.page, 'review of a self-assessment');
    await reviewer.page.getByRole('button', { name: 'Trả lại' }).click();
    await reviewer.page.getByText('Đã trả lại bản nộp cho cơ quan, kèm lý do.').waitFor();
    await eventually(async () => expect(await stageOf()).toBe('returned'));

    // The agency sees the reason beside the criterion, on its page and on the form it corrects.
    await page.goto(suite.url(agencyPage));
    expect(await page.locator('.row-reason', { hasText: 'Chưa có kế hoạch rà soát TTHC.' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Sửa và nộp lại' }).click();
    expect(await page.getByRole('region', { name: /^Lý do trả lại/ }).innerText()).toContain(
      'Xem lại điểm và tài liệu kiểm chứng TC3.',
    );
    expect(await page.locator('.row-reason').innerText()).toBe(
      'Cần sửa TC3 (lý do trả lại): Chưa có kế hoạch rà soát TTHC.',
    );
    expect(await page.getByText('điền từng mục rồi bấm “Nộp lại”').count()).toBe(1);
    expect(await score(page, 'TC2').inputValue()).toBe('1,5');
    expect(await page.getByText('Đã nộp: tc3.pdf').count()).toBe(1);
    await score(page, 'TC3').fill('11');
    await score(page, 'TONG').fill('65,5');
    await evidence(page, 'TC3').setInputFiles(evidencePdf('so-y-te', 'TC3', 'ke-hoach-ra-soat-tthc.pdf'));
    await expectAccessible(page, 'self-assessment form after a return (phone)');
    await page.getByRole('button', { name: 'Nộp lại' }).click();
    await page.getByText('Đã nộp phiên bản 2').waitFor();

    // The reviewer sees what changed, downloads the new evidence and accepts.
    await reviewer.page.goto(suite.url(review));
    expect(await reviewer.page.locator('tr.diff-added').allInnerTexts()).toEqual([
      expect.stringMatching(/^TC3\s/),
      expect.stringMatching(/^TONG\s/),
    ]);
    const newEvidence = reviewer.page.getByRole('link', { name: 'ke-hoach-ra-soat-tthc.pdf' });
    const href = (await newEvidence.getAttribute('href'))!;
    const download = await reviewer.page.request.get(suite.url(href));
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('application/pdf');
    expect((await download.body()).equals(evidencePdf('so-y-te', 'TC3', 'ke-hoach-ra-soat-tthc.pdf').buffer)).toBe(
      true,
    );
    await reviewer.page.getByRole('button', { name: 'Chấp nhận' }).click();
    await eventually(async () => expect(await stageOf()).toBe('accepted'));

    // Another agency may not fetch it: refused under Sở Y tế's address, not found under its own.
    const other = await suite.signedIn('stp@example.gov.vn', DESKTOP_VIEWPORT);
    expect((await other.page.request.get(suite.url(href))).status()).toBe(403);
    const underOwn = href.replace('/agencies/so-y-te/', '/agencies/so-tu-phap/');
    expect((await other.page.request.get(suite.url(underOwn))).status()).toBe(404);

    // A second department scores itself, so the average means something.
    await other.page.goto(suite.url(formPage('so-tu-phap')));
    await fillChecklist(other.page, 'so-tu-phap', {
      TC1: '8',
      TC2: '3',
      TC3: '14',
      TC4: '7,5',
      TC5: '12',
      TC6: '10',
      TC7: '15',
      TONG: '69,5',
    });
    await other.page.getByRole('button', { name: /^Nộp/ }).click();
    await other.page.getByText('Đã nộp phiên bản 1').waitFor();
    const accepted = await (
      await suite.api('stttt@example.gov.vn')
    ).post(`/api/v1/campaigns/${id}/agencies/so-tu-phap/accept`, {});
    expect(accepted.status).toBe(200);
    await eventually(async () => expect(await stageOf('so-tu-phap')).toBe('accepted'));

    // Consolidated from the reviewer's page.
    await reviewer.page.goto(suite.url(`/tham-dinh/${id}`));
    await reviewer.page.getByRole('link', { name: 'Xem trước và tổng hợp kết quả' }).click();
    await reviewer.page.getByRole('heading', { name: 'Tổng hợp kết quả lần 1' }).waitFor();
    const preview = await reviewer.page.locator('main').innerText();
    expect(preview).toMatch(/Được tổng hợp \(2 cơ quan\)/);
    expect(preview).not.toMatch(/danh sách|danh mục/i);
    await expectAccessible(reviewer.page, 'consolidation of self-assessments');
    // Before the submission deadline the preview warns that agencies may still deliver.
    await reviewer.page.getByLabel('Tôi đã đọc các cảnh báo trên và vẫn tổng hợp bây giờ').check();
    await reviewer.page.getByRole('button', { name: 'Xác nhận tổng hợp 2 bản nộp' }).click();
    await reviewer.page.getByText('Đã tổng hợp kết quả; người phê duyệt đã được báo.').waitFor();
    await eventually(async () =>
      expect((await suite.db().campaign.findUniqueOrThrow({ where: { id } })).status).toBe('consolidated'),
    );

    // The Chairman reads the average score per criterion, as the checklist declares, and approves.
    const approver = await suite.signedIn('chutich@example.gov.vn', DESKTOP_VIEWPORT);
    await approver.page.goto(suite.url(`/phe-duyet/${id}`));
    const totals = approver.page.getByRole('region', {
      name: /Điểm tự đánh giá theo tiêu chí \(trung bình, 2 cơ quan\)/,
    });
    const row = async (code: string) =>
      (await totals.getByRole('row', { name: new RegExp(code) }).innerText()).replace(/\s+/g, ' ');
    expect(await row('TC1')).toBe('TC1 Công tác chỉ đạo, điều hành cải cách hành chính điểm 8,5');
    expect(await row('TC2')).toBe('TC2 Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật điểm 2,25');
    expect(await row('TC3')).toBe('TC3 Cải cách thủ tục hành chính điểm 12,5');
    expect(await row('TONG')).toBe('TONG Tổng điểm tự đánh giá điểm 67,5');
    expect(await approver.page.locator('main').innerText()).not.toMatch(/danh sách|danh mục/i);
    await expectAccessible(approver.page, 'approval of self-assessments');
    await approver.page.getByLabel('Số quyết định').fill('15/QĐ-UBND');
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

import type { FormDelivery } from '../../domain/deliverables';
import { DESKTOP_VIEWPORT, PHONE_VIEWPORT, expectAccessible } from '../support/browser';
import { eventually } from '../support/eventually';
import { OPTIONAL_FILE_FORM } from '../support/optional-file-form';
import { usePortalSuite } from '../support/portal-suite';
import { sampleCampaign } from '../support/sample-campaign';
import { tinyPdf } from '../support/sample-files';
import { testDatabases } from '../support/test-env';

// Two refused forms as people see them in a real Chromium, axe-core at desktop and phone width: a
// declared form whose optional annex is over its field's own limit, then attached and left out with
// "Bỏ tệp này" before sending; and the sign-in form given an address that is not an e-mail.

describe.each(testDatabases())('refused forms in a browser (%s)', (kind) => {
  const suite = usePortalSuite(kind, { worker: true });
  const definition = sampleCampaign({ deliverable: OPTIONAL_FILE_FORM });
  const form = `/campaigns/${definition.id}/agencies/so-y-te/san-pham`;
  const annex = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/pdf', buffer });

  beforeAll(async () => {
    await suite.launch(definition);
  });

  test('an annex over its limit is refused beside it; an attached annex is left out with "Bỏ tệp này"', async () => {
    const { page } = await suite.signedIn('syt@example.gov.vn', PHONE_VIEWPORT);
    await page.goto(suite.url(form));
    const file = page.getByLabel('Phụ lục (PDF)');
    await page.getByLabel(/^Tóm tắt kết quả/).fill('Đã rà soát 12 thủ tục');
    await page.getByLabel(/^Số hồ sơ đã rà soát/).fill('12');
    await file.setInputFiles(annex('phu-luc-lon.pdf', Buffer.concat([tinyPdf('lon'), Buffer.alloc(150 * 1024, 32)])));
    await page.getByRole('button', { name: 'Nộp', exact: true }).click();
    const problem = page.locator('#f-fields-phu-luc-error');
    expect(await problem.innerText()).toBe(
      'Mục "I. Kết quả", "Phụ lục (PDF)", tệp "phu-luc-lon.pdf" chưa được lưu: nặng 0,2 MB, quá 0,1 MB. Cách sửa: nén hoặc chia nhỏ tệp rồi đính kèm lại.',
    );
    expect(await page.getByLabel(/^Tóm tắt kết quả/).inputValue()).toBe('Đã rà soát 12 thủ tục');
    expect(await page.getByLabel(/^Số hồ sơ đã rà soát/).inputValue()).toBe('12');
    await expectAccessible(page, 'annex over its limit (390 px)');

    // A small annex with a number mistyped: refused, the annex attached, with a box to leave it out.
    await page.getByLabel(/^Số hồ sơ đã rà soát/).fill('mười hai');
    await file.setInputFiles(annex('phu-luc.pdf', tinyPdf('phu luc')));
    await page.getByRole('button', { name: 'Nộp', exact: true }).click();
    await page.getByText('Đã đính kèm: phu-luc.pdf').waitFor();
    const leaveOut = page.getByRole('checkbox', { name: 'Bỏ tệp này' });
    expect(await leaveOut.isChecked()).toBe(false);
    await expectAccessible(page, 'annex attached, number refused (390 px)');
    await page.setViewportSize(DESKTOP_VIEWPORT);
    await expectAccessible(page, 'annex attached, number refused');

    await leaveOut.check();
    await page.getByLabel(/^Số hồ sơ đã rà soát/).fill('12');
    await page.getByRole('button', { name: 'Nộp', exact: true }).click();
    await page.waitForURL(/\?nop=1/);
    const delivered = await eventually(
      async () =>
        (
          await suite.db().submission.findFirstOrThrow({
            where: { assignment: { campaignId: definition.id, agencyCode: 'so-y-te' } },
          })
        ).content as unknown as FormDelivery,
    );
    expect(delivered.fields).toEqual({ 'tom-tat': 'Đã rà soát 12 thủ tục', 'so-ho-so': 12 });
  });

  test('an address that is not an e-mail comes back beside its field, as typed', async () => {
    const { page } = await suite.open(PHONE_VIEWPORT);
    await page.goto(suite.url('/sign-in'));
    // The browser's own check is left out, as in a browser that has none: the server's answer is the one shown.
    await page.locator('form[action="/sign-in"]').evaluate((f) => f.setAttribute('novalidate', ''));
    await page.getByLabel('Địa chỉ email công vụ').fill('nguyenvana quangngai.gov.vn');
    await page.getByRole('button', { name: 'Gửi liên kết đăng nhập' }).click();
    expect(await page.locator('#email-error').innerText()).toBe(
      'Địa chỉ email chưa đúng. Cách sửa: ghi đầy đủ địa chỉ, ví dụ nguyenvana@quangngai.gov.vn.',
    );
    expect(await page.getByLabel('Địa chỉ email công vụ').inputValue()).toBe('nguyenvana quangngai.gov.vn');
    await expectAccessible(page, 'sign-in refused (390 px)');
    await page.setViewportSize(DESKTOP_VIEWPORT);
    await expectAccessible(page, 'sign-in refused');
  });
});

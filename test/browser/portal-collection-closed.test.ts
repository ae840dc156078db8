import { grantRole } from '../../server/identity/people';
import { PHONE_VIEWPORT, expectAccessible } from '../support/browser';
import { eventually } from '../support/eventually';
import { usePortalSuite } from '../support/portal-suite';
import { closingCampaign } from '../support/closing-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';

// An agency whose list was never accepted is told plainly, once the catalogue is consolidated (and
// then approved), that collection is closed for it; its page invites no list and no extension. In
// a real Chromium at desktop and phone width, with axe-core.

describe.each(testDatabases())('collection closed for an agency, in a browser (%s)', (kind) => {
  const suite = usePortalSuite(kind, { worker: true });
  // The submission deadline passes a few seconds after the launch: at the consolidation Sở Tư pháp's
  // own deadline has passed, so it is found missing and offered no later round.
  const closing = closingCampaign();
  const { definition } = closing;
  const id = definition.id;
  const agencyPage = `/campaigns/${id}/agencies/so-tu-phap`;
  const stageOf = async (code: string) =>
    (await suite.db().assignment.findFirstOrThrow({ where: { campaignId: id, agencyCode: code } })).stage;

  beforeAll(async () => {
    // Set when this database's turn comes: each database's campaign is launched in its own turn.
    closing.arm();
    const db = suite.db();
    await grantRole(db, { email: 'admin@example.gov.vn', name: 'Quản trị', role: 'admin' }, 'test');
    const admin = await suite.api('admin@example.gov.vn');
    expect((await admin.post('/api/v1/campaigns', definition)).status).toBe(200);
    await eventually(async () => expect(await db.assignment.count({ where: { campaignId: id } })).toBe(3));
  });

  test('open: the page invites the list', async () => {
    const { page } = await suite.signedIn('stp@example.gov.vn');
    await page.goto(suite.url(agencyPage));
    await page.getByRole('heading', { name: 'Nộp danh sách' }).waitFor();
    expect(await page.getByText('Việc thu thập đã kết thúc').count()).toBe(0);
  });

  test('after consolidation and approval: a plain sentence, no invitation', async () => {
    const health = await suite.api('syt@example.gov.vn');
    expect(
      (await health.post(`/api/v1/campaigns/${id}/agencies/so-y-te/submissions`, { list: justiceDepartmentList }))
        .status,
    ).toBe(200);
    await eventually(async () => expect(await stageOf('so-y-te')).toBe('submitted'));
    const reviewer = await suite.api('stttt@example.gov.vn');
    expect((await reviewer.post(`/api/v1/campaigns/${id}/agencies/so-y-te/accept`, {})).status).toBe(200);
    await eventually(async () => expect(await stageOf('so-y-te')).toBe('accepted'));
    await closing.closed();
    expect((await reviewer.post(`/api/v1/campaigns/${id}/consolidate`, {})).status).toBe(200);
    await eventually(async () =>
      expect((await suite.db().campaign.findUniqueOrThrow({ where: { id } })).status).toBe('consolidated'),
    );

    const { page } = await suite.signedIn('stp@example.gov.vn');
    await page.goto(suite.url(agencyPage));
    const closed = page.getByRole('region', { name: 'Việc thu thập đã kết thúc' });
    expect(await closed.innerText()).toMatch(
      /Việc thu thập danh sách đã kết thúc đối với cơ quan: danh mục tổng hợp đã được lập ngày \d\d\/\d\d\/\d{4} khi thời hạn của cơ quan đã qua\. Danh sách của cơ quan không còn được nhận vào danh mục, kể cả các lần tổng hợp bổ sung\./,
    );
    expect(await page.getByRole('heading', { name: /Nộp (lại )?danh sách/ }).count()).toBe(0);
    expect(await page.locator('input[type=file]').count()).toBe(0);
    expect(await page.locator('form[action$="/extension-request"]').count()).toBe(0);
    await expectAccessible(page, 'agency page, collection closed');
    // The agency whose list was accepted is not told it is closed out.
    const accepted = await suite.signedIn('syt@example.gov.vn');
    await accepted.page.goto(suite.url(`/campaigns/${id}/agencies/so-y-te`));
    expect(await accepted.page.getByText('Việc thu thập đã kết thúc').count()).toBe(0);

    const approver = await suite.api('chutich@example.gov.vn');
    const approved = await approver.post(`/api/v1/campaigns/${id}/approve`, {
      decisionNumber: '512/QĐ-UBND',
      decisionDate: '2024-03-13',
      signer: 'Đặng Văn Minh',
    });
    expect(approved.status).toBe(200);
    await eventually(async () =>
      expect((await suite.db().campaign.findUniqueOrThrow({ where: { id } })).status).toBe('approved'),
    );
    const phone = await suite.signedIn('stp@example.gov.vn', PHONE_VIEWPORT);
    await phone.page.goto(suite.url(agencyPage));
    expect(await phone.page.getByRole('region', { name: 'Việc thu thập đã kết thúc' }).innerText()).toContain(
      'Chủ tịch UBND tỉnh đã phê duyệt danh mục tổng hợp (Quyết định số 512/QĐ-UBND)',
    );
    expect(await phone.page.getByRole('heading', { name: /Nộp (lại )?danh sách/ }).count()).toBe(0);
    await expectAccessible(phone.page, 'agency page, approved (phone)');
  });
});

import { grantRole } from '../../server/identity/people';
import { PHONE_VIEWPORT, expectAccessible } from '../support/browser';
import { eventually } from '../support/eventually';
import { usePortalSuite } from '../support/portal-suite';
import { sampleCampaign } from '../support/sample-campaign';
import { closingCampaign } from '../support/closing-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';

// The review and approval pages of a supplementary round (tổng hợp bổ sung), in a real Chromium at
// desktop and phone width, with axe-core: after round 1 is approved, the reviewer's preview and the
// approver's catalogue name round 2 as a supplement, the reviewer confirms it and the approver
// approves it by a decision of its own; the approver's page then names both decisions.

jest.setTimeout(180_000);

describe.each(testDatabases())('supplementary round pages, in a browser (%s)', (kind) => {
  const suite = usePortalSuite(kind, { worker: true });
  // The submission deadline passes a few seconds after the launch (the launch refuses one already past).
  const closing = closingCampaign({
    agencies: sampleCampaign().agencies.map((a) => ({ ...a, stage: 'assigned' as const })),
  });
  const { definition } = closing;
  const id = definition.id;
  const agencyRoute = (code: string) => `/api/v1/campaigns/${id}/agencies/${code}`;
  const stageOf = async (code: string) =>
    (await suite.db().assignment.findFirstOrThrow({ where: { campaignId: id, agencyCode: code } })).stage;
  const statusOf = async () => (await suite.db().campaign.findUniqueOrThrow({ where: { id } })).status;
  const submitAndAccept = async (email: string, code: string) => {
    const agency = await suite.api(email);
    expect((await agency.post(`${agencyRoute(code)}/submissions`, { list: justiceDepartmentList })).status).toBe(200);
    await eventually(async () => expect(await stageOf(code)).toBe('submitted'));
    expect((await (await suite.api('stttt@example.gov.vn')).post(`${agencyRoute(code)}/accept`, {})).status).toBe(200);
    await eventually(async () => expect(await stageOf(code)).toBe('accepted'));
  };

  beforeAll(async () => {
    // Set when this database's turn comes: each database's campaign is launched in its own turn.
    closing.arm();
    const db = suite.db();
    await grantRole(db, { email: 'admin@example.gov.vn', name: 'Quản trị', role: 'admin' }, 'test');
    const admin = await suite.api('admin@example.gov.vn');
    expect((await admin.post('/api/v1/campaigns', definition)).status).toBe(200);
    await eventually(async () => expect(await db.assignment.count({ where: { campaignId: id } })).toBe(3));
    const operator = await suite.api('ttpv@example.gov.vn');
    const extended = await operator.post(`${agencyRoute('ubnd-huyen-binh-son')}/extend`, {
      deadline: new Date(Date.now() + 20 * 86_400_000).toISOString(),
      reason: 'Sáp nhập đơn vị hành chính cấp xã',
    });
    expect(extended.status).toBe(200);
    await submitAndAccept('syt@example.gov.vn', 'so-y-te');
    await closing.closed();
    const reviewer = await suite.api('stttt@example.gov.vn');
    expect((await reviewer.post(`/api/v1/campaigns/${id}/consolidate`, {})).status).toBe(200);
    const approver = await suite.api('chutich@example.gov.vn');
    const approved = await approver.post(`/api/v1/campaigns/${id}/approve`, {
      decisionNumber: '512/QĐ-UBND',
      decisionDate: '2024-03-13',
      signer: 'Đặng Văn Minh',
    });
    expect(approved.status).toBe(200);
    await submitAndAccept('binhson@example.gov.vn', 'ubnd-huyen-binh-son');
  });

  test('the reviewer consolidates round 2 from a preview that names it', async () => {
    const { page } = await suite.signedIn('stttt@example.gov.vn');
    await page.goto(suite.url(`/tham-dinh/${id}/tong-hop`));
    await page.getByRole('heading', { level: 1, name: 'Tổng hợp danh mục lần 2 (bổ sung)' }).waitFor();
    expect(await page.getByRole('note').innerText()).toContain(
      'Tổng hợp bổ sung lần 2: chỉ gồm các danh sách được chấp nhận sau lần tổng hợp trước',
    );
    expect(await page.getByRole('heading', { name: 'Được tổng hợp (1 cơ quan)' }).count()).toBe(1);
    expect(await page.getByText('UBND huyện Bình Sơn — phiên bản 1').count()).toBe(1);
    // Sở Tư pháp, found missing at round 1, is neither taken nor reported missing again.
    expect(await page.getByRole('heading', { name: 'Còn thiếu (0 cơ quan)' }).count()).toBe(1);
    await expectAccessible(page, 'consolidation preview, round 2');
    await page.getByRole('button', { name: 'Xác nhận tổng hợp 1 danh sách' }).click();
    await eventually(async () => expect(await statusOf()).toBe('consolidated'));
  });

  test('the approver approves round 2 as a supplement to the first decision', async () => {
    const { page } = await suite.signedIn('chutich@example.gov.vn', PHONE_VIEWPORT);
    await page.goto(suite.url(`/phe-duyet/${id}`));
    await page.getByRole('heading', { level: 1, name: 'Danh mục tổng hợp lần 2 (bổ sung)' }).waitFor();
    expect(await page.getByRole('note').innerText()).toContain(
      'Danh mục bổ sung lần 2: các danh sách được chấp nhận sau lần tổng hợp trước. Phê duyệt bằng một quyết định riêng, bổ sung Quyết định số 512/QĐ-UBND.',
    );
    expect(await page.getByText('Danh mục lần 1: Quyết định số 512/QĐ-UBND ngày 13/03/2024').count()).toBe(1);
    await expectAccessible(page, 'approval catalogue, round 2 (phone)');
    await page.getByLabel('Số quyết định').fill('600/QĐ-UBND');
    await page.getByLabel('Ngày quyết định').fill('02/04/2024');
    await page.getByLabel('Người ký').fill('Trần Phước Hiền');
    await page.getByRole('button', { name: 'Phê duyệt danh mục' }).click();
    await page.getByText('Đã phê duyệt danh mục tổng hợp.').waitFor();
    expect(
      await page
        .getByText(
          'Danh mục lần 2 (bổ sung): Quyết định số 600/QĐ-UBND ngày 02/04/2024, bổ sung Quyết định số 512/QĐ-UBND ngày 13/03/2024, người ký: Trần Phước Hiền.',
        )
        .count(),
    ).toBe(1);
    expect(await page.getByRole('button', { name: 'Phê duyệt danh mục' }).count()).toBe(0);
    await eventually(async () => expect(await stageOf('ubnd-huyen-binh-son')).toBe('approved'));
  });
});

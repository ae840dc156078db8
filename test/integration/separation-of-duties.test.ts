import { issueApiToken } from '../../server/identity/api-tokens';
import { grantRole } from '../../server/identity/people';
import { apiAs } from '../support/api-client';
import { sampleCampaign } from '../support/sample-campaign';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// Separation of duties on a real server and database: nobody grants themselves a role; only an
// administrator grants reviewer and approver; one person is approver and operator of one campaign
// only when an administrator explicitly allows it (on the grant, audited), at grant and at launch.

describe.each(testDatabases())('separation of duties (%s)', (kind) => {
  const definition = sampleCampaign();
  const id = definition.id;
  const tokens: Record<string, string> = {};
  const as = (who: string) => apiAs(server.baseUrl, tokens[who]);
  const db = () => server.harness.database.db;

  async function tokenFor(email: string, grant: Parameters<typeof grantRole>[1]) {
    await grantRole(db(), grant, 'test');
    const person = await db().person.findUniqueOrThrow({ where: { email } });
    return (await issueApiToken(db(), person.id, { label: 'test', days: 1, channel: 'token' })).token;
  }

  const server = useServer(kind);
  beforeAll(async () => {
    tokens.admin = await tokenFor('qtht@example.gov.vn', { email: 'qtht@example.gov.vn', role: 'admin' });
    tokens.operator = await tokenFor('ttpv@example.gov.vn', {
      email: 'ttpv@example.gov.vn',
      name: 'Cán bộ TTPV',
      role: 'operator',
      campaignId: id,
    });
    const launched = await as('admin').post('/api/v1/campaigns', definition);
    expect(launched.status).toBe(200);
  });

  const refusals = (action: string) =>
    db().accessEvent.findMany({ where: { action, outcome: 'refused', campaignId: id }, orderBy: { at: 'asc' } });

  test('the operator cannot make itself the approver, so it cannot approve (the finding)', async () => {
    const grant = await as('operator').post('/api/v1/grants', {
      email: 'ttpv@example.gov.vn',
      role: 'approver',
      campaignId: id,
    });
    expect(grant.status).toBe(403);
    expect(grant.body.message).toContain('Không ai được tự cấp vai trò cho chính mình');
    const operator = await db().person.findUniqueOrThrow({ where: { email: 'ttpv@example.gov.vn' } });
    expect(await db().roleGrant.count({ where: { personId: operator.id, role: 'approver' } })).toBe(0);
    const refused = (await refusals('grant')).at(-1)!;
    expect(refused).toMatchObject({ personId: operator.id, role: 'operator', channel: 'token' });
    expect(refused.detail).toMatchObject({ email: 'ttpv@example.gov.vn', role: 'approver' });

    const approve = await as('operator').post(`/api/v1/campaigns/${id}/approve`, {
      decisionNumber: '12/QĐ-UBND',
      decisionDate: '2024-05-01',
      signer: 'Chủ tịch UBND tỉnh',
    });
    expect(approve.status).toBe(403);
    // Any role, to anyone who asks for it for themselves, administrators included.
    const agency = await as('operator').post('/api/v1/grants', {
      email: 'TTPV@example.gov.vn',
      role: 'agency',
      campaignId: id,
      agencyCode: 'so-y-te',
    });
    expect(agency.status).toBe(403);
    const admin = await as('admin').post('/api/v1/grants', { email: 'qtht@example.gov.vn', role: 'admin' });
    expect(admin.status).toBe(403);
    expect(admin.body.message).toContain('tự cấp');
  });

  test('an operator grants agency members and operators, never reviewers or approvers', async () => {
    for (const role of ['reviewer', 'approver'] as const) {
      const answer = await as('operator').post('/api/v1/grants', {
        email: 'khac@example.gov.vn',
        role,
        campaignId: id,
      });
      expect({ role, status: answer.status }).toEqual({ role, status: 403 });
      expect(answer.body.message).toContain('Chỉ quản trị hệ thống (admin) được cấp vai trò');
    }
    expect(await db().person.count({ where: { email: 'khac@example.gov.vn' } })).toBe(0);
    expect(
      (await refusals('grant')).filter((e) => (e.detail as { email?: string }).email === 'khac@example.gov.vn'),
    ).toHaveLength(2);
    const agency = await as('operator').post('/api/v1/grants', {
      email: 'van-thu@example.gov.vn',
      role: 'agency',
      campaignId: id,
      agencyCode: 'so-y-te',
    });
    expect(agency.status).toBe(201);
    const reviewer = await as('admin').post('/api/v1/grants', {
      email: 'tham-dinh-2@example.gov.vn',
      role: 'reviewer',
      campaignId: id,
    });
    expect(reviewer.status).toBe(201);
  });

  test('approver and operator of one campaign only with an administrator explicit leave, recorded and audited', async () => {
    const asked = { email: 'ttpv@example.gov.vn', role: 'approver', campaignId: id };
    const plain = await as('admin').post('/api/v1/grants', asked);
    expect(plain.status).toBe(403);
    expect(plain.body.message).toContain('không thể đồng thời là người phê duyệt');
    // The operator holds approver nowhere; a new operator who already approves is refused the same way.
    const reverse = await as('operator').post('/api/v1/grants', {
      email: 'chutich@example.gov.vn',
      role: 'operator',
      campaignId: id,
    });
    expect(reverse.status).toBe(403);
    expect(reverse.body.message).toContain('không thể đồng thời là cán bộ Trung tâm Phục vụ');
    const notAdmin = await as('operator').post('/api/v1/grants', {
      email: 'van-thu-2@example.gov.vn',
      role: 'operator',
      campaignId: id,
      allowApproverOperator: true,
    });
    expect(notAdmin.status).toBe(403);

    const allowed = await as('admin').post('/api/v1/grants', { ...asked, allowApproverOperator: true });
    expect(allowed.status).toBe(201);
    const admin = await db().person.findUniqueOrThrow({ where: { email: 'qtht@example.gov.vn' } });
    const grant = await db().roleGrant.findUniqueOrThrow({ where: { id: allowed.body.grantId as string } });
    expect(grant).toMatchObject({ role: 'approver', campaignId: id, dutiesWaivedBy: admin.id });
    const audit = await db().accessEvent.findFirstOrThrow({
      where: { action: 'grant', outcome: 'done', personId: admin.id, campaignId: id, role: 'admin' },
      orderBy: { at: 'desc' },
    });
    expect(audit.detail).toMatchObject({ email: 'ttpv@example.gov.vn', role: 'approver', allowApproverOperator: true });
  });

  test('a campaign file naming one person approver and Service Center is refused at launch unless an administrator allows it', async () => {
    const same = sampleCampaign({
      approver: { name: 'Chủ tịch UBND tỉnh', email: 'mot-nguoi@example.gov.vn' },
      serviceCenter: { name: 'Trung tâm Phục vụ', email: 'Mot-Nguoi@example.gov.vn' },
    });
    const refused = await as('admin').post('/api/v1/campaigns', same);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('approver.email: mot-nguoi@example.gov.vn vừa là người phê duyệt');
    expect(await db().campaign.count({ where: { id: same.id } })).toBe(0);
    expect(await db().person.count({ where: { email: 'mot-nguoi@example.gov.vn' } })).toBe(0);

    const operator = await as('operator').post(`/api/v1/campaigns?allowApproverOperator=true`, same);
    expect(operator.status).toBe(403);
    expect(
      await db().accessEvent.count({
        where: { action: 'allowApproverOperator', outcome: 'refused', campaignId: same.id },
      }),
    ).toBe(1);

    const allowed = await as('admin').post(`/api/v1/campaigns?allowApproverOperator=true`, same);
    expect(allowed.status).toBe(200);
    const admin = await db().person.findUniqueOrThrow({ where: { email: 'qtht@example.gov.vn' } });
    const grants = await db().roleGrant.findMany({
      where: { campaignId: same.id, person: { email: 'mot-nguoi@example.gov.vn' } },
      orderBy: { role: 'asc' },
    });
    expect(grants.map((g) => [g.role, g.dutiesWaivedBy])).toEqual([
      ['approver', admin.id],
      ['operator', admin.id],
    ]);
    expect(
      await db().accessEvent.count({ where: { action: 'allowApproverOperator', outcome: 'done', personId: admin.id } }),
    ).toBe(1);
    // A re-launch of the allowed file changes nothing and needs no new leave.
    expect((await as('admin').post('/api/v1/campaigns', same)).status).toBe(200);
  });
  test('the province-wide Service Center: granted and revoked by an administrator only, never also an approver, granting in campaigns it did not launch', async () => {
    tokens.center = await tokenFor('ttpv.tinh@example.gov.vn', {
      email: 'ttpv.tinh@example.gov.vn',
      role: 'agency',
      campaignId: id,
      agencyCode: 'so-y-te',
    });
    // A campaign's operator may not widen anyone to every campaign (refused and audited).
    const operatorId = (await db().person.findUniqueOrThrow({ where: { email: 'ttpv@example.gov.vn' } })).id;
    const refusedBefore = () =>
      db().accessEvent.count({ where: { personId: operatorId, action: 'manageUsers', outcome: 'refused' } });
    const before = await refusedBefore();
    const widened = await as('operator').post('/api/v1/grants', {
      email: 'ttpv.tinh@example.gov.vn',
      role: 'operator',
    });
    expect(widened.status).toBe(403);
    expect(widened.body.message).toContain(
      'Chỉ quản trị hệ thống (admin) được cấp hoặc thu hồi vai trò Trung tâm Phục vụ cấp tỉnh',
    );
    expect(await refusedBefore()).toBe(before + 1);
    // The campaign's approver cannot be the province's Service Center, which operates every campaign.
    const approverToo = await as('admin').post('/api/v1/grants', { email: 'chutich@example.gov.vn', role: 'operator' });
    expect(approverToo.status).toBe(403);
    expect(approverToo.body.message).toMatch(/đang là người phê duyệt \(approver\) của chiến dịch /);

    const granted = await as('admin').post('/api/v1/grants', { email: 'ttpv.tinh@example.gov.vn', role: 'operator' });
    expect(granted.status).toBe(201);
    // Nor can the province's Service Center be made an approver afterwards, even by an administrator.
    const madeApprover = await as('admin').post('/api/v1/grants', {
      email: 'ttpv.tinh@example.gov.vn',
      role: 'approver',
      campaignId: id,
      allowApproverOperator: true,
    });
    expect(madeApprover.status).toBe(403);
    expect(madeApprover.body.message).toContain('cấp tỉnh (mọi chiến dịch)');
    // It manages the grants of a campaign it was never named in, as that campaign's operator does.
    const agency = await as('center').post('/api/v1/grants', {
      email: 'vanthu.syt@example.gov.vn',
      role: 'agency',
      campaignId: id,
      agencyCode: 'so-y-te',
    });
    expect(agency.status).toBe(201);
    expect((await as('center').get(`/api/v1/grants?campaignId=${id}`)).status).toBe(200);
    // Revoking it is the administrator's too.
    const revokedByOperator = await as('operator').post('/api/v1/grants/revoke', {
      email: 'ttpv.tinh@example.gov.vn',
      role: 'operator',
    });
    expect(revokedByOperator.status).toBe(403);
    expect(
      (await as('admin').post('/api/v1/grants/revoke', { email: 'ttpv.tinh@example.gov.vn', role: 'operator' })).status,
    ).toBe(200);
    expect((await as('center').get(`/api/v1/grants?campaignId=${id}`)).status).toBe(403);
  });
});

import { createHash } from 'node:crypto';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// The HTTP API on a real server, worker, Temporal and database: the campaign is launched through
// it, the file's people get their roles, and each role is kept to its own actions and agency.

describe.each(testDatabases())('HTTP API and authorization (%s)', (kind) => {
  const definition = sampleCampaign();
  const id = definition.id;
  const tokens: Record<string, string> = {};
  const as = (who: string) => apiAs(server.baseUrl, tokens[who]);
  const agencyPath = (code: string, action = '') => `/api/v1/campaigns/${id}/agencies/${code}${action}`;

  const server = useServer(kind);
  beforeAll(async () => {
    const launch = await launchThroughApi(server, definition, {
      justice: 'stp@example.gov.vn',
      health: 'syt@example.gov.vn',
      reviewer: 'stttt@example.gov.vn',
      approver: 'chutich@example.gov.vn',
      operator: 'ttpv@example.gov.vn',
    });
    Object.assign(tokens, launch.tokens);
    expect(launch.launched).toMatchObject({ status: 200, body: { campaignId: id, agenciesStarted: 3 } });
  });

  test('launching granted the roles the campaign file names', async () => {
    const { body } = await as('admin').get<{ grants: { email: string; role: string; agencyCode: string }[] }>(
      `/api/v1/grants?campaignId=${id}`,
    );
    expect(body.grants.map((g) => `${g.role}:${g.agencyCode}:${g.email}`).sort()).toEqual([
      'agency:so-tu-phap:stp@example.gov.vn',
      'agency:so-y-te:syt@example.gov.vn',
      'agency:ubnd-huyen-binh-son:binhson@example.gov.vn',
      'approver::chutich@example.gov.vn',
      'operator::ttpv@example.gov.vn',
      'reviewer::stttt@example.gov.vn',
    ]);
    expect((await as('health').get(`/api/v1/grants?campaignId=${id}`)).status).toBe(403);
  });

  test('an agency member cannot read or act on another agency: 403, and nothing changes', async () => {
    const db = server.harness.database.db;
    const submit = await as('health').post(agencyPath('so-tu-phap', '/submissions'), { list: justiceDepartmentList });
    expect(submit.status).toBe(403);
    expect(submit.body.message).toContain('cán bộ của cơ quan được giao (agency) của cơ quan so-tu-phap');
    expect(await db.submission.count({ where: { assignmentId: `${id}/so-tu-phap` } })).toBe(0);
    // Reading another agency, or one that does not exist, answers the same.
    const other = await as('health').get(agencyPath('so-tu-phap'));
    const missing = await as('health').get(agencyPath('khong-co'));
    expect([other.status, missing.status]).toEqual([403, 403]);
    expect(other.body.message).toBe((await as('health').get(agencyPath('so-tu-phap'))).body.message);
    // The campaign view shows only their own agency.
    const status = await as('health').get<{ agencies: { code: string }[] }>(`/api/v1/campaigns/${id}`);
    expect(status.body.agencies.map((a) => a.code)).toEqual(['so-y-te']);
    const refused = await db.accessEvent.findFirst({
      where: { action: 'submit', outcome: 'refused', agencyCode: 'so-tu-phap' },
    });
    expect(refused).toMatchObject({ channel: 'cli', clientAddress: expect.stringContaining('127.0.0.1') });
  });

  test('each role is refused the others’ actions, and the refusal names the role needed, never a name that would pass', async () => {
    const ok = await as('justice').post(agencyPath('so-tu-phap', '/submissions'), { list: justiceDepartmentList });
    expect(ok).toMatchObject({ status: 200, body: { stage: 'resubmitted', version: 1 } });

    const byAgency = await as('justice').post(agencyPath('so-tu-phap', '/accept'), {});
    expect(byAgency.status).toBe(403);
    expect(byAgency.body.message).toContain('cơ quan thẩm định (reviewer)');
    expect(byAgency.body.message).not.toContain('Sở Thông tin');
    expect(byAgency.body.message).not.toContain('stttt@');
    expect((await as('approver').post(agencyPath('so-tu-phap', '/accept'), {})).status).toBe(403);
    expect((await as('operator').post(agencyPath('so-tu-phap', '/return'), { reasons: { overall: 'x' } })).status).toBe(
      403,
    );
    expect(
      (await as('reviewer').post(agencyPath('so-tu-phap', '/submissions'), { list: justiceDepartmentList })).status,
    ).toBe(403);
    expect((await as('reviewer').post(agencyPath('so-y-te', '/withdraw'), { reason: 'thử' })).status).toBe(403);
    expect((await as('reviewer').post(agencyPath('so-y-te', '/remind'), {})).status).toBe(403);
    const deadline = new Date(Date.now() + 40 * 86_400_000).toISOString();
    expect(
      (await as('justice').post(agencyPath('so-tu-phap', '/extend'), { deadline, reason: 'xin gia hạn' })).status,
    ).toBe(403);
    expect(
      (
        await as('reviewer').post(`/api/v1/campaigns/${id}/approve`, {
          decisionNumber: '1/QĐ',
          decisionDate: '2024-03-13',
          signer: 'A',
        })
      ).status,
    ).toBe(403);
    expect((await as('operator').post(`/api/v1/campaigns/${id}/consolidate`, {})).status).toBe(403);
    expect((await as('justice').post('/api/v1/campaigns', definition)).status).toBe(403);
    expect((await apiAs(server.baseUrl, undefined).post(agencyPath('so-tu-phap', '/accept'), {})).status).toBe(401);
    const db = server.harness.database.db;
    expect(await db.reviewDecision.count({ where: { assignmentId: `${id}/so-tu-phap` } })).toBe(0);

    // The reviewer returns with per-line reasons; the operator extends and reminds.
    const returned = await as('reviewer').post(agencyPath('so-tu-phap', '/return'), {
      reasons: {
        overall: 'Thiếu căn cứ pháp lý',
        lines: [
          { procedureCode: '1.002421', documentName: 'Ý kiến của Hội công chứng viên tỉnh', reason: 'Ghi rõ căn cứ' },
        ],
      },
    });
    expect(returned).toMatchObject({ status: 200, body: { stage: 'returned' } });
    const decision = await db.reviewDecision.findFirstOrThrow({ where: { assignmentId: `${id}/so-tu-phap` } });
    expect(decision.reasons).toMatchObject({ lines: [{ procedureCode: '1.002421', reason: 'Ghi rõ căn cứ' }] });
    const extended = await as('operator').post(agencyPath('so-tu-phap', '/extend'), {
      deadline,
      reason: 'Gia hạn theo đề nghị',
    });
    expect(extended.status).toBe(200);
    expect((await as('operator').post(agencyPath('so-y-te', '/remind'), { note: 'Đề nghị gửi sớm' })).status).toBe(200);
  });

  test('the rest of the rule: send-back, escalation, suspension, support, grants each refused to the roles without them', async () => {
    const db = server.harness.database.db;
    const before = {
      escalations: await db.escalation.count({ where: { campaignId: id } }),
      support: await db.supportRequest.count({ where: { campaignId: id } }),
      grants: await db.roleGrant.count({ where: { campaignId: id, revokedAt: null } }),
      audits: await db.auditEvent.count({ where: { campaignId: id } }),
    };
    const refusals: [string, string, unknown][] = [
      ['reviewer', `/api/v1/campaigns/${id}/send-back`, { reasons: 'Chưa đạt' }],
      ['operator', `/api/v1/campaigns/${id}/send-back`, { reasons: 'Chưa đạt' }],
      ['justice', `/api/v1/campaigns/${id}/send-back`, { reasons: 'Chưa đạt' }],
      ['justice', agencyPath('so-tu-phap', '/escalate'), { reason: 'Tự báo cáo' }],
      ['approver', agencyPath('so-y-te', '/escalate'), { reason: 'Chậm' }],
      ['reviewer', agencyPath('so-y-te', '/suspend'), { reason: 'Chờ hướng dẫn' }],
      ['health', agencyPath('so-y-te', '/suspend'), { reason: 'Chờ hướng dẫn' }],
      ['reviewer', agencyPath('so-y-te', '/support'), { question: 'Giấy tờ nào cần số hóa?' }],
      ['justice', agencyPath('so-y-te', '/support'), { question: 'Giấy tờ nào cần số hóa?' }],
      ['health', agencyPath('so-y-te', '/support/answer'), { requestId: 'x', answer: 'Tự trả lời' }],
      ['approver', agencyPath('so-y-te', '/support/answer'), { requestId: 'x', answer: 'Trả lời' }],
      ['reviewer', '/api/v1/grants', { email: 'moi@example.gov.vn', role: 'operator', campaignId: id }],
      [
        'health',
        '/api/v1/grants',
        { email: 'moi@example.gov.vn', role: 'agency', campaignId: id, agencyCode: 'so-tu-phap' },
      ],
      ['approver', '/api/v1/grants/revoke', { email: 'ttpv@example.gov.vn', role: 'operator', campaignId: id }],
    ];
    for (const [who, path, body] of refusals) {
      const answer = await as(who).post(path, body);
      expect({ who, path, status: answer.status }).toEqual({ who, path, status: 403 });
    }
    expect({
      escalations: await db.escalation.count({ where: { campaignId: id } }),
      support: await db.supportRequest.count({ where: { campaignId: id } }),
      grants: await db.roleGrant.count({ where: { campaignId: id, revokedAt: null } }),
      audits: await db.auditEvent.count({ where: { campaignId: id } }),
    }).toEqual(before);
    expect(await db.person.count({ where: { email: 'moi@example.gov.vn' } })).toBe(0);
  });

  test('one Idempotency-Key is applied once; audit rows name the person, role, channel, Update ID and address', async () => {
    const key = `test-${Date.now()}-resubmit`;
    const first = await as('health').post(
      agencyPath('so-y-te', '/submissions'),
      { list: justiceDepartmentList },
      { 'idempotency-key': key },
    );
    const again = await as('health').post(
      agencyPath('so-y-te', '/submissions'),
      { list: justiceDepartmentList },
      { 'idempotency-key': key },
    );
    expect(first).toMatchObject({ status: 200, body: { version: 1 } });
    // The second answer is the first one, instant included: the Update was not applied again.
    expect(again).toEqual(first);
    const db = server.harness.database.db;
    expect(await db.submission.count({ where: { assignmentId: `${id}/so-y-te` } })).toBe(1);
    const person = await db.person.findUniqueOrThrow({ where: { email: 'syt@example.gov.vn' } });
    // The key lives in the person's own namespace (never a server-derived Update ID): worked out here
    // from the key's SHA-256, independently of the server's code.
    const updateId = `client:${person.id}:submit:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
    const audit = await db.accessEvent.findFirstOrThrow({ where: { updateId, outcome: 'done' } });
    expect(audit).toMatchObject({
      personId: person.id,
      role: 'agency',
      channel: 'cli',
      action: 'submit',
      agencyCode: 'so-y-te',
    });
    expect(audit.clientAddress).toContain('127.0.0.1');
  });

  test('the status and the report show who did what: the person’s name and e-mail beside each action', async () => {
    type Entry = {
      email: string;
      personName: string;
      action: string;
      roleLabel: string;
      channel: string;
      agencyCode: string;
    };
    const status = await as('operator').get<{ actions: Entry[] }>(`/api/v1/campaigns/${id}`);
    expect(status.body.actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          email: 'syt@example.gov.vn',
          action: 'submit',
          roleLabel: 'cán bộ của cơ quan được giao',
          channel: 'cli',
          agencyCode: 'so-y-te',
        }),
        expect.objectContaining({ email: 'stttt@example.gov.vn', action: 'returnList', agencyCode: 'so-tu-phap' }),
        expect.objectContaining({ email: 'ttpv@example.gov.vn', action: 'extendDeadline' }),
      ]),
    );
    // An agency member sees the actions on their own agency only.
    const own = await as('health').get<{ actions: Entry[] }>(`/api/v1/campaigns/${id}`);
    expect(own.body.actions.length).toBeGreaterThan(0);
    expect(new Set(own.body.actions.map((a) => a.agencyCode))).toEqual(new Set(['so-y-te']));

    const report = await as('reviewer').get<{ actions: Entry[] }>(`/api/v1/campaigns/${id}/report`);
    const returned = report.body.actions.find((a) => a.action === 'returnList')!;
    expect(returned).toMatchObject({ email: 'stttt@example.gov.vn', personName: 'Sở Thông tin và Truyền thông' });
    const html = await fetch(`${server.baseUrl}/api/v1/campaigns/${id}/report?format=html`, {
      headers: { authorization: `Bearer ${tokens.reviewer}` },
    }).then((r) => r.text());
    expect(html).toContain('Ai đã làm gì');
    expect(html).toContain('stttt@example.gov.vn');
    expect(html).toContain('trả lại danh sách');
  });

  test('bad input is refused in Vietnamese, naming the field', async () => {
    const broken = structuredClone(justiceDepartmentList) as unknown as { procedures: { code: unknown }[] };
    broken.procedures[1]!.code = 42;
    const answer = await as('justice').post<{ message: string; issues: { field: string }[] }>(
      agencyPath('so-tu-phap', '/submissions'),
      { list: broken },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.issues.map((i) => i.field)).toContain('list.procedures[2].code');
    expect(answer.body.message).toMatch(/không hợp lệ/);
    const noReason = await as('operator').post<{ issues: { field: string }[] }>(agencyPath('so-y-te', '/withdraw'), {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues[0]!.field).toBe('reason');
  });

  test('a list past the Update payload limit is refused before it is sent (413), and nothing is stored', async () => {
    const db = server.harness.database.db;
    const before = await db.submission.count({ where: { assignmentId: `${id}/so-tu-phap` } });
    const longName = 'Bản sao giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở có chứng thực';
    const list = {
      procedures: Array.from({ length: 20 }, (_, p) => ({
        code: `1.${String(200_000 + p)}`,
        name: `Thủ tục ${p}`,
        documents: Array.from({ length: 1_000 }, (_, d) => ({ name: `${longName} ${d}`, kind: 'thanh_phan_ho_so' })),
      })),
    };
    const answer = await as('justice').post<{ error: string; message: string }>(
      agencyPath('so-tu-phap', '/submissions'),
      { list },
    );
    expect(answer.status).toBe(413);
    expect(answer.body.error).toBe('payload_too_large');
    expect(answer.body.message).toMatch(/^Dữ liệu gửi \(submitList\) có [\d.]+ KB, vượt giới hạn 1\.024 KB/);
    expect(await db.submission.count({ where: { assignmentId: `${id}/so-tu-phap` } })).toBe(before);
  });

  test('the workflow’s own refusal comes back as 409 with its Vietnamese reason', async () => {
    const answer = await as('reviewer').post(agencyPath('ubnd-huyen-binh-son', '/accept'), {});
    expect(answer.status).toBe(409);
    expect(String(answer.body.message)).toMatch(/[ạảãáàâấầẩẫậăắằẳẵặ]/);
  });

  test('the OpenAPI document lists the actions', async () => {
    const doc = await as('justice').get<{ openapi: string; paths: Record<string, unknown> }>('/api/v1/openapi.json');
    expect(doc.body.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/v1/campaigns',
      '/api/v1/campaigns/{campaignId}/agencies/{agencyCode}/submissions',
      '/api/v1/campaigns/{campaignId}/agencies/{agencyCode}/return',
      '/api/v1/campaigns/{campaignId}/approve',
      '/api/v1/campaigns/{campaignId}/report',
    ])
      expect(Object.keys(doc.body.paths)).toContain(path);
  });

  test('reports are served to the reviewer, approver and operators, not to agencies', async () => {
    const report = await as('operator').get<{ campaign: { id: string } }>(`/api/v1/campaigns/${id}/report`);
    expect(report.status).toBe(200);
    expect((await as('health').get(`/api/v1/campaigns/${id}/report`)).status).toBe(403);
  });
});

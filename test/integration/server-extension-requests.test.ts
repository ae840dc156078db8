import { agencyPagePath } from '../../domain/page-links';
import { defaultPolicy } from '../../domain/policy';
import { localDay, shiftDay } from '../../domain/working-days';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { sampleCampaign } from '../support/sample-campaign';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// Extension requests through the HTTP API: an agency member asks for their own agency only; the
// campaign's limits are refused before anything is sent, in the workflow's words; only the Service
// Center answers; every step is audited with the person and the role.

interface ExtensionList {
  requests: { id: string; status: string; requestedBy: string; requestedAs: string }[];
  latestAllowed: string;
}

describe.each(testDatabases())('extension requests through the API (%s)', (kind) => {
  const definition = sampleCampaign({
    policy: { ...defaultPolicy(), extensionRequestLimit: 1, extensionMaxWorkingDays: 3 },
  });
  const id = definition.id;
  const tokens: Record<string, string> = {};
  const as = (who: string) => apiAs(server.baseUrl, tokens[who]);
  const path = (code: string, action = '') => `/api/v1/campaigns/${id}/agencies/${code}/extension-requests${action}`;

  const server = useServer(kind);
  beforeAll(async () => {
    const launch = await launchThroughApi(server, definition, {
      health: 'syt@example.gov.vn',
      reviewer: 'stttt@example.gov.vn',
      operator: 'ttpv@example.gov.vn',
    });
    Object.assign(tokens, launch.tokens);
  });

  test('ask for one’s own agency within the limits; only the Service Center answers; the limit is refused by the workflow', async () => {
    const db = server.harness.database.db;
    const list = await as('health').get<ExtensionList>(path('so-y-te'));
    expect(list.status).toBe(200);
    expect(list.body.requests).toEqual([]);
    const latest = localDay(new Date(list.body.latestAllowed));

    // Another agency: 403, and nothing reaches its workflow.
    const other = await as('health').post(path('so-tu-phap'), { deadline: latest, reason: 'Nhầm cơ quan' });
    expect(other.status).toBe(403);
    expect((await as('admin').get<ExtensionList>(path('so-tu-phap'))).body.requests).toEqual([]);

    // Past the policy's working days: refused by the workflow's validator (the one check), naming the
    // limit; the attempt is audited as failed and nothing is recorded.
    const tooLong = await as('health').post(path('so-y-te'), { deadline: shiftDay(latest, 7), reason: 'Lâu' });
    expect(tooLong.status).toBe(409);
    expect(tooLong.body.message).toContain('mỗi lần gia hạn tối đa 3 ngày làm việc (policy.extensionMaxWorkingDays)');
    expect(await db.accessEvent.count({ where: { action: 'requestExtension', campaignId: id, outcome: 'done' } })).toBe(
      0,
    );
    expect((await as('health').get<ExtensionList>(path('so-y-te'))).body.requests).toEqual([]);

    const asked = await as('health').post<{ id: string; requestedAs: string; status: string }>(path('so-y-te'), {
      deadline: latest,
      reason: 'Chờ ý kiến của Bộ Y tế',
    });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ requestedAs: 'agency', status: 'pending' });

    // Neither the agency nor the reviewer may answer.
    for (const who of ['health', 'reviewer']) {
      const answer = await as(who).post(path('so-y-te', '/answer'), { requestId: asked.body.id, decision: 'grant' });
      expect(answer.status).toBe(403);
    }
    const refused = await as('operator').post(path('so-y-te', '/answer'), {
      requestId: asked.body.id,
      decision: 'refuse',
      reason: 'Thời hạn đã công bố từ đầu chiến dịch',
    });
    expect(refused).toMatchObject({ status: 200, body: { status: 'refused' } });

    // One request per agency in this campaign: the server refuses the second in the workflow's words.
    const again = await as('health').post(path('so-y-te'), { deadline: latest, reason: 'Lần hai' });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain(
      'Cơ quan đã gửi 1 đề nghị gia hạn, bằng giới hạn của chiến dịch: tối đa 1 đề nghị mỗi cơ quan (policy.extensionRequestLimit).',
    );

    // Audited: the request names the person and the role, the answer the Service Center.
    const audit = await db.auditEvent.findMany({
      where: { campaignId: id, action: { startsWith: 'extension_' } },
      orderBy: { at: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(['extension_request', 'extension_refuse']);
    const syt = await db.person.findUniqueOrThrow({ where: { email: 'syt@example.gov.vn' } });
    expect(audit[0]!.payload).toMatchObject({ person: syt.name, role: 'agency' });
    expect(audit[1]!.payload).toMatchObject({ role: 'operator', answer: 'Thời hạn đã công bố từ đầu chiến dịch' });
  }, 60_000);
  test('the agency page’s form sends a request through the same checks, with the session’s CSRF token', async () => {
    const page = agencyPagePath(id, 'ubnd-huyen-binh-son');
    const latest = localDay(
      new Date((await as('admin').get<ExtensionList>(path('ubnd-huyen-binh-son'))).body.latestAllowed),
    );
    const browser = await server.signIn('binhson@example.gov.vn');
    const form = { deadline: latest, reason: 'Chờ sáp nhập đơn vị hành chính' };
    const forged = await browser.request('POST', `${page}/extension-request`, { form: { ...form, _csrf: 'x' } });
    expect(forged.status).toBe(403);
    const tooLong = await browser.request('POST', `${page}/extension-request`, {
      form: { ...form, deadline: shiftDay(latest, 7), _csrf: await browser.csrfFrom(page) },
    });
    expect(tooLong.status).toBe(409);
    expect((await as('admin').get<ExtensionList>(path('ubnd-huyen-binh-son'))).body.requests).toEqual([]);
    const sent = await browser.request('POST', `${page}/extension-request`, {
      form: { ...form, _csrf: await browser.csrfFrom(page) },
    });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`${page}?giahan=1`);
    const after = (await as('admin').get<ExtensionList>(path('ubnd-huyen-binh-son'))).body.requests;
    expect(after).toMatchObject([{ status: 'pending', reason: form.reason }]);
  }, 60_000);
});

import { fc } from '@fast-check/jest';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { issueApiToken } from '../../server/identity/api-tokens';
import { grantRole } from '../../server/identity/people';
import { apiAs } from '../support/api-client';
import { expectNoProblems, foreignLines, missingNames } from '../support/bad-input-checks';
import { preview } from '../support/bad-inputs/values';
import { eventually } from '../support/eventually';
import type { RunningWorker } from '../support/harness';
import { sampleCampaign } from '../support/sample-campaign';
import { tinyPdf } from '../support/sample-files';
import { justiceDepartmentList } from '../support/sample-lists';
import { startTestServer, type ServerHarness } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import type { WebClient } from '../support/web-client';

// Bad requests to every route of the HTTP API (read from the server's own OpenAPI document, so a
// new route cannot go unchecked): malformed JSON, a body that is not an object, each required
// field missing, each field of the wrong type, an oversized body, an unknown campaign or agency, the
// wrong role, actor fields forged in the payload, and a cookie-authenticated change without its
// CSRF token. Each is refused with a Vietnamese message naming the field (or the role, or the
// campaign), and nothing changes: no row, no grant, no workflow history, no campaign state.

type Who = 'admin' | 'justice' | 'health' | 'reviewer' | 'approver' | 'operator' | 'anonymous';

interface RouteCase {
  /** Who may take it, and someone who may not (with the role the refusal must name). */
  who: Who;
  wrong?: { who: Who; names: string };
  /** A valid body (the wrong role and the unknown-target cases send it). */
  body?: () => unknown;
  multipart?: boolean;
}

const futureDeadline = new Date(Date.now() + 25 * 86_400_000).toISOString();
const agency = '/api/v1/campaigns/{campaignId}/agencies/{agencyCode}';
const campaign = '/api/v1/campaigns/{campaignId}';
let requestId = '';
/** A file the agency uploaded in the set-up (the file routes' path names it). */
let uploadedSha = '';

const ROUTES: Record<string, RouteCase> = {
  'POST /api/v1/auth/email-link': { who: 'anonymous' },
  'POST /api/v1/auth/link-exchange': { who: 'anonymous' },
  'POST /api/v1/tokens': { who: 'justice' },
  'DELETE /api/v1/tokens/{tokenId}': { who: 'justice' },
  'POST /api/v1/grants': {
    who: 'operator',
    wrong: { who: 'justice', names: '(operator)' },
    body: () => ({ email: 'moi@example.gov.vn', role: 'agency', campaignId: '{campaignId}', agencyCode: 'so-y-te' }),
  },
  'POST /api/v1/grants/revoke': {
    who: 'operator',
    wrong: { who: 'reviewer', names: '(operator)' },
    body: () => ({ email: 'stp@example.gov.vn', role: 'agency', campaignId: '{campaignId}', agencyCode: 'so-tu-phap' }),
  },
  'POST /api/v1/campaigns': {
    who: 'admin',
    wrong: { who: 'justice', names: '(operator)' },
    body: () => sampleCampaign(),
  },
  [`POST ${campaign}/consolidate`]: {
    who: 'reviewer',
    wrong: { who: 'justice', names: '(reviewer)' },
    body: () => ({}),
  },
  [`POST ${campaign}/approve`]: {
    who: 'approver',
    wrong: { who: 'reviewer', names: '(approver)' },
    body: () => ({ decisionNumber: '12/QĐ-UBND', decisionDate: '2024-03-13', signer: 'Đặng Văn Minh' }),
  },
  [`POST ${campaign}/send-back`]: {
    who: 'approver',
    wrong: { who: 'operator', names: '(approver)' },
    body: () => ({ reasons: 'Thiếu danh mục của cấp xã.' }),
  },
  [`POST ${campaign}/cancel`]: {
    who: 'operator',
    wrong: { who: 'approver', names: '(operator)' },
    body: () => ({ reason: 'Văn bản bị thu hồi.' }),
  },
  [`PUT ${campaign}/report-schedule`]: {
    who: 'operator',
    wrong: { who: 'justice', names: '(operator)' },
    body: () => ({}),
  },
  [`POST ${agency}/submissions`]: {
    who: 'justice',
    wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
    body: () => ({ list: justiceDepartmentList }),
  },
  [`POST ${agency}/submissions/file`]: {
    who: 'justice',
    wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
    multipart: true,
  },
  [`POST ${agency}/submissions/preview`]: {
    who: 'justice',
    wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
    multipart: true,
  },
  [`POST ${agency}/deliveries`]: {
    who: 'justice',
    wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
    body: () => ({ delivery: { rows: [] } }),
  },
  [`POST ${agency}/deliveries/file`]: {
    who: 'justice',
    wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
    multipart: true,
  },
  [`POST ${agency}/files`]: {
    who: 'justice',
    wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
    multipart: true,
  },
  [`POST ${agency}/return`]: {
    who: 'reviewer',
    wrong: { who: 'justice', names: '(reviewer)' },
    body: () => ({ reasons: { overall: 'Thiếu TTHC cấp tỉnh.' } }),
  },
  [`POST ${agency}/accept`]: { who: 'reviewer', wrong: { who: 'approver', names: '(reviewer)' }, body: () => ({}) },
  [`POST ${agency}/extension-requests`]: {
    who: 'justice',
    wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
    body: () => ({ deadline: futureDeadline.slice(0, 10), reason: 'Chờ ý kiến của Bộ Tư pháp.' }),
  },
  [`POST ${agency}/extension-requests/answer`]: {
    who: 'operator',
    wrong: { who: 'reviewer', names: '(operator)' },
    body: () => ({ requestId: 'de-nghi-1', decision: 'refuse', reason: 'Thời hạn đã công bố.' }),
  },
  [`POST ${agency}/extend`]: {
    who: 'operator',
    wrong: { who: 'reviewer', names: '(operator)' },
    body: () => ({ deadline: futureDeadline, reason: 'Cơ quan đề nghị.' }),
  },
  [`POST ${agency}/remind`]: { who: 'operator', wrong: { who: 'justice', names: '(operator)' }, body: () => ({}) },
  [`POST ${agency}/withdraw`]: {
    who: 'operator',
    wrong: { who: 'justice', names: '(operator)' },
    body: () => ({ reason: 'Sáp nhập.' }),
  },
  [`POST ${agency}/escalate`]: {
    who: 'operator',
    wrong: { who: 'reviewer', names: '(operator)' },
    body: () => ({ reason: 'Chậm nộp.' }),
  },
  [`POST ${agency}/support`]: {
    who: 'justice',
    wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
    body: () => ({ question: 'Có phải số hóa biên bản không?' }),
  },
  [`POST ${agency}/support/answer`]: {
    who: 'reviewer',
    wrong: { who: 'justice', names: '(reviewer)' },
    body: () => ({ requestId, answer: 'Có.' }),
  },
  [`POST ${agency}/suspend`]: {
    who: 'operator',
    wrong: { who: 'justice', names: '(operator)' },
    body: () => ({ reason: 'Chờ văn bản hướng dẫn.' }),
  },
  [`POST ${agency}/resume`]: { who: 'operator', wrong: { who: 'approver', names: '(operator)' }, body: () => ({}) },
  'POST /api/v1/calendar/apply': {
    who: 'operator',
    wrong: { who: 'reviewer', names: '(operator)' },
    body: () => ({ campaignId: '{campaignId}' }),
  },
  'POST /api/v1/calendar/announcements': {
    who: 'admin',
    wrong: { who: 'justice', names: 'Trung tâm Phục vụ' },
    body: () => ({ daysOff: ['2026-12-31'], basis: 'Thông báo 1/TB-BNV' }),
  },
};

/**
 * The reads of one campaign (GET routes with a campaign in the path): someone who may not read it,
 * with the role the refusal must name. An agency member reads their own agency's part of the
 * campaign's own page, so that one has no wrong reader.
 */
const READS: Record<string, { who: Who; wrong?: { who: Who; names: string } }> = {
  [`GET ${campaign}`]: { who: 'operator' },
  [`GET ${campaign}/status`]: { who: 'operator', wrong: { who: 'justice', names: '(operator)' } },
  [`GET ${campaign}/reminder-schedule`]: { who: 'operator', wrong: { who: 'health', names: '(operator)' } },
  [`GET ${campaign}/report`]: { who: 'reviewer', wrong: { who: 'justice', names: '(reviewer)' } },
  [`GET ${campaign}/report/files`]: { who: 'approver', wrong: { who: 'health', names: '(approver)' } },
  [`GET ${campaign}/lookup`]: { who: 'operator', wrong: { who: 'justice', names: '(operator)' } },
  [`GET ${campaign}/workflow-state`]: { who: 'reviewer', wrong: { who: 'health', names: '(operator)' } },
  [`GET ${agency}/workflow-state`]: {
    who: 'justice',
    wrong: { who: 'health', names: '(operator) của cơ quan so-tu-phap' },
  },
  [`GET ${agency}`]: { who: 'justice', wrong: { who: 'health', names: '(operator) của cơ quan so-tu-phap' } },
  [`GET ${agency}/extension-requests`]: {
    who: 'justice',
    wrong: { who: 'health', names: '(operator) của cơ quan so-tu-phap' },
  },
  [`GET ${agency}/files/{sha256}`]: {
    who: 'justice',
    wrong: { who: 'health', names: '(operator) của cơ quan so-tu-phap' },
  },
};

/** A value of another JSON type than the schema's. */
function wrongValue(schema: { type?: string | string[] }): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return type === 'string' ? 12345 : type === 'array' || type === 'object' ? 'không phải' : type ? 'mười' : undefined;
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string }[];
        requestBody?: {
          content?: Record<
            string,
            { schema: { required?: string[]; properties?: Record<string, { type?: string | string[] }> } }
          >;
        };
      }
    >
  >;
}

interface Answer {
  status: number;
  body: { message?: string; error?: string };
}

describe.each(testDatabases())('bad requests to the HTTP API (%s)', (kind) => {
  let server: ServerHarness;
  let worker: RunningWorker;
  let browser: WebClient;
  const definition = sampleCampaign();
  const id = definition.id;
  const tokens: Partial<Record<Who, string>> = {};
  const emails: Record<Exclude<Who, 'anonymous'>, string> = {
    admin: 'quantri@example.gov.vn',
    justice: 'stp@example.gov.vn',
    health: 'syt@example.gov.vn',
    reviewer: 'stttt@example.gov.vn',
    approver: 'chutich@example.gov.vn',
    operator: 'ttpv@example.gov.vn',
  };
  let before: string;
  let routes: { method: string; path: string; spec: OpenApi['paths'][string][string] }[] = [];
  let reads: typeof routes = [];

  const fill = (path: string, target: { campaignId?: string; agencyCode?: string } = {}) =>
    path
      .replace('{campaignId}', encodeURIComponent(target.campaignId ?? id))
      .replace('{agencyCode}', encodeURIComponent(target.agencyCode ?? 'so-tu-phap'))
      .replace('{tokenId}', 'token_khong-co')
      .replace('{sha256}', uploadedSha);
  const filled = (value: unknown, campaignId = id): unknown =>
    JSON.parse(JSON.stringify(value ?? {}).replaceAll('{campaignId}', campaignId));

  async function send(
    who: Who,
    method: string,
    path: string,
    body: { json?: unknown; raw?: string; form?: FormData },
  ): Promise<Answer> {
    const token = tokens[who];
    const payload = body.form ?? body.raw ?? (body.json === undefined ? undefined : JSON.stringify(body.json));
    const response = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(typeof payload === 'string' && { 'content-type': 'application/json' }),
      },
      body: payload,
    });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) as Answer['body'] };
    } catch {
      return { status: response.status, body: { message: `(không phải JSON) ${text.slice(0, 200)}` } };
    }
  }

  /** The refusal is the expected status, in Vietnamese, naming what it must. */
  function check(answer: Answer, status: number | number[], names: string[], context: string): void {
    const message = answer.body.message ?? '';
    const statuses = Array.isArray(status) ? status : [status];
    expectNoProblems(
      [
        ...(statuses.includes(answer.status) ? [] : [`status ${answer.status}, expected ${statuses.join('/')}`]),
        ...foreignLines(message).map((line) => `not Vietnamese: ${preview(line, 200)}`),
        ...(message.trim() === '' ? ['no message'] : []),
        ...missingNames(message, names),
        // Fastify's and zod's English, which a Vietnamese prefix would otherwise hide.
        ...(/\b(Body is|body must|Request body|is not valid|Unsupported Media|expected (string|object|number))\b/i.test(
          message,
        )
          ? [`English inside: ${preview(message, 200)}`]
          : []),
      ],
      `${context}: ${preview(answer.body, 400)}`,
    );
  }

  /** Everything a refused request must leave as it was (the access log of refusals aside). */
  async function everything(): Promise<string> {
    const db = server.harness.database.db;
    const histories: Record<string, number> = {};
    for (const workflowId of [campaignWorkflowId(id), ...definition.agencies.map((a) => agencyWorkflowId(id, a.code))])
      histories[workflowId] = ((await server.harness.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [])
        .filter((e) => !e.workflowTaskScheduledEventAttributes && !e.workflowTaskStartedEventAttributes)
        .filter((e) => !e.workflowTaskCompletedEventAttributes).length;
    return JSON.stringify({
      tables: {
        campaigns: await db.campaign.count(),
        agencies: await db.agency.count(),
        assignments: await db.assignment.findMany({ orderBy: { id: 'asc' } }),
        submissions: await db.submission.count(),
        decisions: await db.reviewDecision.count(),
        escalations: await db.escalation.count(),
        notifications: await db.notification.count(),
        audit: await db.auditEvent.count(),
        supportRequests: await db.supportRequest.findMany({ orderBy: { id: 'asc' } }),
        catalogue: await db.catalogueEntry.count(),
        people: await db.person.count(),
        grants: await db.roleGrant.findMany({ orderBy: { id: 'asc' } }),
        signInTokens: await db.signInToken.count(),
        sessions: await db.webSession.count(),
        apiTokens: await db.apiToken.findMany({ where: { revokedAt: { not: null } }, select: { id: true } }),
        tokenCount: await db.apiToken.count(),
        calendar: await db.calendarAnnouncement.count(),
      },
      histories,
    });
  }

  beforeAll(async () => {
    server = await startTestServer(kind);
    worker = await server.harness.startWorker();
    const db = server.harness.database.db;
    await grantRole(db, { email: emails.admin, name: 'Quản trị', role: 'admin' }, 'test');
    const tokenOf = async (email: string) =>
      (
        await issueApiToken(db, (await db.person.findUniqueOrThrow({ where: { email } })).id, {
          label: 'test',
          days: 1,
          channel: 'token',
        })
      ).token;
    tokens.admin = await tokenOf(emails.admin);
    expect((await apiAs(server.baseUrl, tokens.admin).post('/api/v1/campaigns', definition)).status).toBe(200);
    for (const who of ['justice', 'health', 'reviewer', 'approver', 'operator'] as const)
      tokens[who] = await tokenOf(emails[who]);
    const justice = apiAs(server.baseUrl, tokens.justice);
    await eventually(async () => expect(await db.assignment.count({ where: { campaignId: id } })).toBe(3));
    expect(
      (await justice.post(`/api/v1/campaigns/${id}/agencies/so-tu-phap/submissions`, { list: justiceDepartmentList }))
        .status,
    ).toBe(200);
    const support = await justice.post<{ requestId: string }>(`/api/v1/campaigns/${id}/agencies/so-tu-phap/support`, {
      question: 'TTHC 1.002421 có phải số hóa ý kiến của Hội công chứng viên không?',
    });
    requestId = support.body.requestId;
    const form = new FormData();
    form.append('file', new Blob([tinyPdf()]), 'bao-cao.pdf');
    const uploaded = await fetch(`${server.baseUrl}/api/v1/campaigns/${id}/agencies/so-tu-phap/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.justice}` },
      body: form,
    });
    uploadedSha = ((await uploaded.json()) as { sha256: string }).sha256;
    browser = await server.signIn(emails.admin);
    const spec = (await (await fetch(`${server.baseUrl}/api/v1/openapi.json`)).json()) as OpenApi;
    routes = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ['post', 'put', 'delete', 'patch'].includes(method))
        .map(([method, op]) => ({ method: method.toUpperCase(), path, spec: op })),
    );
    reads = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => method === 'get' && path.includes('{campaignId}'))
        .map(([method, op]) => ({ method: method.toUpperCase(), path, spec: op })),
    );
    // The background writes of the set-up (rows, notifications) settle before the snapshot.
    let previous = '';
    for (let i = 0; i < 60; i++) {
      const now = await everything();
      if (now === previous && now.includes('"submissions":1')) break;
      previous = now;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    before = await everything();
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
  });

  test('every state-changing API route has its bad-request cases', () => {
    const known = routes.map((r) => `${r.method} ${r.path}`);
    expect(known.length).toBeGreaterThan(20);
    expect(known.filter((route) => !ROUTES[route])).toEqual([]);
  });

  test('every read of a campaign has its cases', () => {
    const known = reads.map((r) => `${r.method} ${r.path}`);
    expect(known.length).toBeGreaterThanOrEqual(10);
    expect(known.filter((route) => !READS[route])).toEqual([]);
  });

  test('reads of a campaign: the wrong role 403, an unknown campaign or agency 404, a bad parameter 400; nothing changes', async () => {
    for (const { method, path, spec } of reads) {
      const read = READS[`${method} ${path}`]!;
      const context = (what: string) => `${method} ${path} ${what}`;
      const allowed = await send(read.who, method, fill(path), {});
      expect({ route: path, status: allowed.status }).toEqual({ route: path, status: 200 });
      if (read.wrong) {
        const refused = await send(read.wrong.who, method, fill(path), {});
        check(refused, 403, [read.wrong.names], context(`as ${read.wrong.who}`));
        // A refusal carries its message and nothing of what it guards.
        expect(Object.keys(refused.body).sort()).toEqual(['error', 'message']);
      }
      check(
        await send('admin', method, fill(path, { campaignId: 'chien-dich-khong-co' }), {}),
        404,
        ['chien-dich-khong-co'],
        context('unknown campaign'),
      );
      if (path.includes('{agencyCode}'))
        check(
          await send('admin', method, fill(path, { agencyCode: 'so-khong-co' }), {}),
          404,
          ['so-khong-co'],
          context('unknown agency'),
        );
      for (const parameter of (spec.parameters ?? []).filter((p) => p.in === 'query'))
        check(
          await send(read.who, method, `${fill(path)}?${parameter.name}=${encodeURIComponent(',')}`, {}),
          400,
          [parameter.name],
          context(`${parameter.name}=,`),
        );
    }
    expect(await everything()).toEqual(before);
  }, 120_000);

  test('malformed JSON, not an object, missing and mistyped fields: 400 naming the field', async () => {
    let cases = 0;
    for (const { method, path, spec } of routes) {
      const route = ROUTES[`${method} ${path}`]!;
      const schema = spec.requestBody?.content?.['application/json']?.schema;
      if (!schema || route.multipart) continue;
      const url = fill(path);
      const valid = (filled(route.body?.() ?? {}) ?? {}) as Record<string, unknown>;
      const context = (what: string) => `${method} ${path} ${what}`;
      check(
        await send(route.who, method, url, { raw: '{"list": [' }),
        400,
        ['JSON', 'body'],
        context('malformed JSON'),
      );
      check(await send(route.who, method, url, { raw: '' }), 400, ['JSON', 'body'], context('empty JSON body'));
      for (const raw of ['[]', '"văn bản"', '42', 'null'])
        check(await send(route.who, method, url, { raw }), 400, [], context(`body ${raw}`));
      for (const field of schema.required ?? []) {
        const rest = Object.fromEntries(Object.entries(valid).filter(([key]) => key !== field));
        check(await send(route.who, method, url, { json: rest }), 400, [field], context(`without ${field}`));
        cases++;
      }
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        const value = wrongValue(property);
        if (value === undefined) continue;
        check(
          await send(route.who, method, url, { json: { ...valid, [field]: value } }),
          400,
          [field],
          context(`${field} = ${JSON.stringify(value)}`),
        );
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(40);
    expect(await everything()).toEqual(before);
  }, 240_000);

  test('generated junk in every field is refused, naming it', async () => {
    const bodies = routes.filter((r) => r.spec.requestBody?.content?.['application/json']?.schema?.properties);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodies),
        fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.constant({})),
        async ({ method, path, spec }, junk) => {
          const route = ROUTES[`${method} ${path}`]!;
          const schema = spec.requestBody!.content!['application/json']!.schema;
          const fields = Object.entries(schema.properties!).filter(([, p]) => p.type === 'string');
          if (fields.length === 0) return;
          const [field] = fields[Math.abs(JSON.stringify(junk).length) % fields.length]!;
          const valid = (filled(route.body?.() ?? {}) ?? {}) as Record<string, unknown>;
          check(
            await send(route.who, method, fill(path), { json: { ...valid, [field]: junk } }),
            400,
            [field],
            `${method} ${path} ${field} = ${JSON.stringify(junk)}`,
          );
        },
      ),
      { numRuns: 60 },
    );
    expect(await everything()).toEqual(before);
  }, 240_000);

  test('an oversized body: 413 in Vietnamese', async () => {
    const huge = JSON.stringify({ question: 'x'.repeat(11 * 1024 * 1024) });
    // Each route names its own limit: an action's body is small, a whole campaign definition larger.
    for (const [path, limit] of [
      [`${agency}/support`, '1 MB'],
      [`${campaign}/approve`, '1 MB'],
      ['/api/v1/campaigns', '10 MB'],
    ])
      check(await send('admin', 'POST', fill(path!), { raw: huge }), 413, ['body', limit!], `POST ${path} oversized`);
    // Within the server's limit, past the Update's: refused before anything is sent.
    const big = { question: 'Câu hỏi '.repeat(800) };
    check(
      await send('justice', 'POST', fill(`${agency}/support`), { json: big }),
      [400, 413],
      ['question', '5.000'],
      'a question past the string limit',
    );
    expect(await everything()).toEqual(before);
  }, 120_000);

  test('an unknown campaign or agency: 404 naming it, even for an administrator', async () => {
    for (const { method, path } of routes) {
      const route = ROUTES[`${method} ${path}`]!;
      if (!route.body || route.multipart) continue;
      if (path.includes('{agencyCode}')) {
        const url = fill(path, { agencyCode: 'so-khong-co' });
        check(await send('admin', method, url, { json: filled(route.body()) }), 404, ['so-khong-co'], `${path} agency`);
      }
      if (path.includes('{campaignId}') || JSON.stringify(route.body()).includes('{campaignId}')) {
        const url = fill(path, { campaignId: 'chien-dich-khong-co' });
        check(
          await send('admin', method, url, { json: filled(route.body(), 'chien-dich-khong-co') }),
          404,
          ['chien-dich-khong-co'],
          `${method} ${path} unknown campaign`,
        );
      }
    }
    expect(await everything()).toEqual(before);
  }, 120_000);

  test('the wrong role, even with actor fields forged in the payload: 403 naming the role needed', async () => {
    const forged = {
      by: 'Sở Thông tin và Truyền thông',
      actor: 'Chủ tịch UBND tỉnh',
      personId: 'person_mao-danh',
      role: 'admin',
      proof: {
        claims: { personId: 'person_mao-danh', role: 'admin', campaignId: id },
        signatures: [{ keyId: 'k', signature: '0'.repeat(128) }],
      },
    };
    for (const { method, path } of routes) {
      const route = ROUTES[`${method} ${path}`]!;
      if (!route.wrong) continue;
      const { who, names } = route.wrong;
      const form = () => {
        const data = new FormData();
        data.append('file', new Blob([JSON.stringify(justiceDepartmentList)]), 'danh-sach.json');
        return data;
      };
      const body = (extra: object) =>
        // The route's own fields stay valid (a grant's role is a field, not the actor): only the actor is forged.
        route.multipart ? { form: form() } : { json: { ...extra, ...(filled(route.body!()) as object) } };
      check(await send(who, method, fill(path), body({})), 403, [names], `${method} ${path} as ${who}`);
      if (!route.multipart)
        check(await send(who, method, fill(path), body(forged)), 403, [names], `${method} ${path} forged as ${who}`);
    }
    expect(await everything()).toEqual(before);
  }, 120_000);

  test('a change riding on the session cookie without its CSRF token: 403, nothing done', async () => {
    for (const { method, path } of routes) {
      const route = ROUTES[`${method} ${path}`]!;
      if (route.who === 'anonymous') continue;
      const answer = await browser.request(method, fill(path), {
        json: route.multipart ? undefined : filled(route.body?.() ?? { label: 'trình duyệt' }),
        headers: { accept: 'application/json' },
      });
      check(
        { status: answer.status, body: JSON.parse(answer.text) as Answer['body'] },
        403,
        ['CSRF'],
        `${method} ${path} without CSRF`,
      );
    }
    expect(await everything()).toEqual(before);
  }, 120_000);

  test('actor fields forged by an allowed person are ignored: the action is recorded as theirs', async () => {
    const db = server.harness.database.db;
    const health = await db.person.findUniqueOrThrow({ where: { email: emails.health } });
    const answer = await send('health', 'POST', fill(`${agency}/submissions`, { agencyCode: 'so-y-te' }), {
      json: { list: justiceDepartmentList, by: 'Sở Tư pháp', personId: 'person_mao-danh', role: 'reviewer' },
    });
    expect(answer.status).toBe(200);
    const submission = await db.submission.findFirstOrThrow({ where: { assignment: { agencyCode: 'so-y-te' } } });
    expect(submission.submittedBy).toBe('Sở Y tế');
    const access = await db.accessEvent.findFirstOrThrow({
      where: { campaignId: id, agencyCode: 'so-y-te', action: 'submit', outcome: 'done' },
    });
    expect(access).toMatchObject({ personId: health.id, role: 'agency', channel: 'token' });
  });
});

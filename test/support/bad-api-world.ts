import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { issueApiToken } from '../../server/identity/api-tokens';
import { grantRole } from '../../server/identity/people';
import { apiAs } from './api-client';
import { expectNoProblems, foreignLines, missingNames } from './bad-input-checks';
import { preview } from './bad-inputs/values';
import { routeCases, type Answer, type OpenApi, type Who } from './bad-api-routes';
import { eventually } from './eventually';
import { setUpLater, type RunningWorker } from './harness';
import { sampleCampaign } from './sample-campaign';
import { tinyPdf } from './sample-files';
import { justiceDepartmentList } from './sample-lists';
import { startTestServer, type ServerHarness } from './server-harness';
import type { TestDatabaseKind } from './test-env';
import type { WebClient } from './web-client';

// The bad-request tests' world: a server with a worker, a launched sample campaign with a submitted
// list and an open support request, a token for each of its people and an administrator signed in
// with a browser session; the API's routes read from its own OpenAPI document; and what everything
// held before the first bad request, to compare after each.

export function useBadApiWorld(kind: TestDatabaseKind) {
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
  let before = '';
  let requestId = '';
  /** A file the agency uploaded in the set-up (the file routes' path names it). */
  let uploadedSha = '';
  const routes: { method: string; path: string; spec: OpenApi['paths'][string][string] }[] = [];
  const reads: typeof routes = [];
  const ROUTES = routeCases(() => requestId);

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
    routes.push(
      ...Object.entries(spec.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([method]) => ['post', 'put', 'delete', 'patch'].includes(method))
          .map(([method, op]) => ({ method: method.toUpperCase(), path, spec: op })),
      ),
    );
    reads.push(
      ...Object.entries(spec.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([method]) => method === 'get' && path.includes('{campaignId}'))
          .map(([method, op]) => ({ method: method.toUpperCase(), path, spec: op })),
      ),
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

  return {
    server: setUpLater<ServerHarness>('the server', () => server),
    browser: setUpLater<WebClient>('the browser session', () => browser),
    definition,
    id,
    emails,
    routes,
    reads,
    ROUTES,
    /** What everything held once the set-up settled. */
    before: () => before,
    fill,
    filled,
    send,
    check,
    everything,
  };
}

import { ACTIONS, type Action } from '../../domain/access';
import {
  ROOT_AGENCY,
  isolationCampaigns,
  launchIsolationCampaigns,
  refusedCallers,
  type IsolationPerson,
} from '../support/isolation-campaigns';
import { everythingOf, settledEverythingOf } from '../support/isolation-snapshot';
import type { RunningWorker } from '../support/harness';
import { registeredRoutes, type RegisteredRoute } from '../support/route-table';
import { justiceDepartmentList } from '../support/sample-lists';
import { startTestServer, type ServerHarness } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// Isolation of campaigns and agencies on every API route that names a campaign, the list read from
// the server's own route table (a route added tomorrow without a case here fails this suite). Two
// real campaigns are launched through the server. For each route, with a valid request: every
// role holder of the other campaign, every role holder of the same campaign whose role the action
// does not allow, and, on agency routes, a member of another agency and a request for an agency that
// does not exist, are refused the same way (403, the same error code, a Vietnamese message naming
// the roles the action needs); each refusal is audited by itself (exactly one new AccessEvent row
// naming that person, the action, the campaign and the agency, outcome "refused"); and nothing of
// either campaign changes (rows, grants, workflow histories).

interface RouteCase {
  action: Action;
  body?: () => unknown;
  multipart?: boolean;
}

/** The action each route checks, and a valid request to it (so a refusal is for who asks, not what). */
const CASES: Record<string, RouteCase> = {
  'GET /api/v1/campaigns/:campaignId': { action: 'status' },
  'GET /api/v1/campaigns/:campaignId/status': { action: 'status' },
  'GET /api/v1/campaigns/:campaignId/reminder-schedule': { action: 'status' },
  'GET /api/v1/campaigns/:campaignId/report': { action: 'report' },
  'GET /api/v1/campaigns/:campaignId/report/files': { action: 'report' },
  'GET /api/v1/campaigns/:campaignId/lookup': { action: 'status' },
  'GET /api/v1/campaigns/:campaignId/workflow-state': { action: 'status' },
  'GET /api/v1/campaigns/:campaignId/agencies/:agencyCode': { action: 'status' },
  'GET /api/v1/campaigns/:campaignId/agencies/:agencyCode/workflow-state': { action: 'status' },
  'GET /api/v1/campaigns/:campaignId/agencies/:agencyCode/extension-requests': { action: 'status' },
  'POST /api/v1/campaigns/:campaignId/consolidate': { action: 'consolidate', body: () => ({}) },
  'POST /api/v1/campaigns/:campaignId/approve': {
    action: 'approve',
    body: () => ({ decisionNumber: '12/QĐ-UBND', decisionDate: '2024-03-13', signer: 'Đặng Văn Minh' }),
  },
  'POST /api/v1/campaigns/:campaignId/send-back': {
    action: 'sendBack',
    body: () => ({ reasons: 'Thiếu danh mục của cấp xã.' }),
  },
  'POST /api/v1/campaigns/:campaignId/cancel': { action: 'cancel', body: () => ({ reason: 'Văn bản bị thu hồi.' }) },
  'PUT /api/v1/campaigns/:campaignId/report-schedule': { action: 'scheduleReport', body: () => ({}) },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/submissions': {
    action: 'submit',
    body: () => ({ list: justiceDepartmentList }),
  },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/submissions/file': { action: 'submit', multipart: true },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/submissions/preview': { action: 'submit', multipart: true },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/deliveries': {
    action: 'deliver',
    body: () => ({ delivery: { rows: [] } }),
  },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/deliveries/file': { action: 'deliver', multipart: true },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/files': { action: 'uploadFile', multipart: true },
  'GET /api/v1/campaigns/:campaignId/agencies/:agencyCode/files/:sha256': { action: 'downloadFile' },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/return': {
    action: 'returnList',
    body: () => ({ reasons: { overall: 'Thiếu TTHC cấp tỉnh.' } }),
  },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/accept': { action: 'acceptList', body: () => ({}) },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/extension-requests': {
    action: 'requestExtension',
    body: () => ({ deadline: '2099-01-15', reason: 'Chờ ý kiến của Bộ Tư pháp.' }),
  },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/extension-requests/answer': {
    action: 'answerExtension',
    body: () => ({ requestId: 'de-nghi-1', decision: 'refuse', reason: 'Thời hạn đã công bố.' }),
  },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/extend': {
    action: 'extendDeadline',
    body: () => ({ deadline: '2099-01-15T23:59:59+07:00', reason: 'Cơ quan đề nghị.' }),
  },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/remind': { action: 'remind', body: () => ({}) },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/withdraw': {
    action: 'withdraw',
    body: () => ({ reason: 'Sáp nhập.' }),
  },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/escalate': {
    action: 'escalate',
    body: () => ({ reason: 'Chậm nộp.' }),
  },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/support': {
    action: 'support',
    body: () => ({ question: 'Có phải số hóa biên bản không?' }),
  },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/support/answer': {
    action: 'answerSupport',
    body: () => ({ requestId: 'hoi-1', answer: 'Có.' }),
  },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/suspend': {
    action: 'suspendDeadline',
    body: () => ({ reason: 'Chờ văn bản hướng dẫn.' }),
  },
  'POST /api/v1/campaigns/:campaignId/agencies/:agencyCode/resume': { action: 'resumeDeadline', body: () => ({}) },
};

/** Whether the action lets this person act on the target (their own campaign assumed). */
function allowed(action: Action, person: IsolationPerson, agencyCode: string | undefined): boolean {
  if (!(ACTIONS[action] as readonly string[]).includes(person.role)) return false;
  if (person.role !== 'agency') return true;
  return agencyCode === undefined ? action === 'status' : person.agency === agencyCode;
}

describe.each(testDatabases())('isolation of campaigns and agencies on every API route (%s)', (kind) => {
  let server: ServerHarness;
  let worker: RunningWorker;
  const campaigns = isolationCampaigns();
  const { own, other } = campaigns;
  let tokens: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer(kind);
    worker = await server.harness.startWorker();
    tokens = await launchIsolationCampaigns(server, campaigns);
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
  });

  async function send(token: string, route: RegisteredRoute, target: { campaignId: string; agencyCode?: string }) {
    const c = CASES[`${route.method} ${route.path}`]!;
    const path = route.path
      .replace(':campaignId', encodeURIComponent(target.campaignId))
      .replace(':agencyCode', encodeURIComponent(target.agencyCode ?? ''))
      .replace(':sha256', 'a'.repeat(64));
    let body: string | FormData | undefined;
    if (c.multipart) {
      body = new FormData();
      body.append('file', new Blob(['Mã TTHC,Tên TTHC\n1.000001,Thủ tục\n'], { type: 'text/csv' }), 'danh-sach.csv');
    } else if (c.body) body = JSON.stringify(c.body());
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: route.method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(typeof body === 'string' && { 'content-type': 'application/json' }),
      },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text || '{}') as { error?: string; message?: string } };
  }

  test('every campaign route of the route table has its case here', () => {
    const routes = registeredRoutes(server.app).filter(
      (r) => r.path.includes(':campaignId') && r.path.startsWith('/api/'),
    );
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.map((r) => `${r.method} ${r.path}`).filter((key) => !CASES[key])).toEqual([]);
  });

  test('the other campaign, a wrong role, another agency and a missing agency: refused alike, each audited, nothing changed', async () => {
    const db = server.harness.database.db;
    const routes = registeredRoutes(server.app).filter(
      (r) => r.path.includes(':campaignId') && r.path.startsWith('/api/'),
    );
    const before = await settledEverythingOf(server, [own, other]);
    const outcomes: string[] = [];
    for (const route of routes) {
      const { action } = CASES[`${route.method} ${route.path}`]!;
      const agencyRoute = route.path.includes(':agencyCode');
      const target = { campaignId: own.id, agencyCode: agencyRoute ? ROOT_AGENCY : undefined };
      const callers = refusedCallers(agencyRoute, (person) => allowed(action, person, target.agencyCode));
      for (const caller of callers) {
        const agencyCode = caller.agencyCode ?? target.agencyCode;
        const person = await db.person.findUniqueOrThrow({ where: { email: caller.person.email } });
        const audited = {
          personId: person.id,
          action,
          campaignId: own.id,
          agencyCode: agencyCode ?? null,
          outcome: 'refused',
        };
        const countBefore = await db.accessEvent.count({ where: audited });
        const answer = await send(tokens[caller.who]!, route, { campaignId: own.id, agencyCode });
        const rows = await db.accessEvent.findMany({ where: audited, orderBy: { at: 'asc' } });
        outcomes.push(
          JSON.stringify({
            route: `${route.method} ${route.path}`,
            who: caller.who,
            agencyCode,
            status: answer.status,
            error: answer.body.error,
            message: answer.body.message,
            audited: rows.length - countBefore,
            channel: rows.at(-1)?.channel,
          }),
        );
      }
    }
    // Refused the same way, each by itself: 403, one error code, one audit row, and for one route
    // and target the same Vietnamese message whoever asks, naming the campaign (and the agency).
    const parsed = outcomes.map((line) => JSON.parse(line) as Record<string, string | number | undefined>);
    const unexpected = parsed.filter(
      (o) =>
        o.status !== 403 ||
        o.error !== 'forbidden' ||
        o.audited !== 1 ||
        o.channel !== 'token' ||
        !String(o.message).startsWith('Bạn không có quyền này: cần vai trò ') ||
        !String(o.message).includes(`trong chiến dịch ${own.id}`),
    );
    expect(unexpected).toEqual([]);
    const messages: Record<string, Set<unknown>> = {};
    for (const o of parsed) (messages[`${o.route} ${o.agencyCode}`] ??= new Set()).add(o.message);
    expect(Object.entries(messages).filter(([, set]) => set.size !== 1)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(200);
    expect(await everythingOf(server, [own, other])).toEqual(before);
  }, 300_000);
});

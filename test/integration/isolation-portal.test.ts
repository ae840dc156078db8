import { ACTIONS, EVERY_CAMPAIGN, type Role } from '../../domain/access';
import {
  ROOT_AGENCY,
  isolationCampaigns,
  launchIsolationCampaigns,
  peopleOf,
  refusedCallers,
} from '../support/isolation-campaigns';
import { everythingOf, settledEverythingOf } from '../support/isolation-snapshot';
import { PORTAL_ROUTE_CASES, PROVINCE_FORM_CASES } from '../support/portal-route-actions';
import type { RunningWorker } from '../support/harness';
import { registeredRoutes, type RegisteredRoute } from '../support/route-table';
import { startTestServer, type ServerHarness } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import { WebClient } from '../support/web-client';

// Isolation of campaigns and agencies on every portal page and form that names a campaign, the list
// read from the server's own route table (a route added tomorrow without a case in
// support/portal-route-actions.ts fails this suite). Two real campaigns are launched through the
// server; their people sign in through the real e-mail link. On every page (GET) and form (POST,
// sent empty with the person's own valid CSRF token: who asks is checked before what they sent)
// of this campaign: every role holder of the other campaign; every role holder of this campaign
// whose role the route's action does not allow (domain/access.ts ACTIONS); and, on agency routes, a
// member of another agency and a request for an agency that does not exist, are refused the same
// way (403, the Vietnamese refusal page naming the campaign, for one route and target the same
// whoever asks). Each refusal is audited by itself (the request adds one
// AccessEvent row, and it names that person, the action, the campaign, the agency checked, channel
// "web", outcome "refused"), and nothing of either campaign changes (rows, grants, workflow events).
// The forms outside a campaign are refused the same way to whoever holds only a campaign role that
// does not reach them; and without a session every page sends to sign-in (and back), every form 401.

/** The portal's routes under a campaign, from the server's own route table. */
const campaignRoutes = (server: ServerHarness) =>
  registeredRoutes(server.app).filter((r) => r.path.includes(':campaignId') && !r.path.startsWith('/api/'));
/** The portal's other forms: province-wide work, launching, signing in. */
const provinceForms = (server: ServerHarness) =>
  registeredRoutes(server.app).filter(
    (r) => r.method !== 'GET' && !r.path.includes(':campaignId') && !r.path.startsWith('/api/'),
  );

describe.each(testDatabases())('isolation of campaigns and agencies on every portal page and form (%s)', (kind) => {
  let server: ServerHarness;
  let worker: RunningWorker;
  const campaigns = isolationCampaigns();
  const { own, other } = campaigns;
  const browsers: Record<string, WebClient> = {};

  beforeAll(async () => {
    server = await startTestServer(kind);
    worker = await server.harness.startWorker();
    await launchIsolationCampaigns(server, campaigns);
    for (const [side, prefix] of [
      ['own', ''],
      ['other', 'b-'],
    ] as const)
      for (const [who, person] of Object.entries(peopleOf(prefix)))
        browsers[`${side}:${who}`] = await server.signIn(person.email);
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
  });

  test('every portal route under a campaign, and every other form, has its case', () => {
    const routes = campaignRoutes(server);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.map((r) => `${r.method} ${r.path}`).filter((key) => !PORTAL_ROUTE_CASES[key])).toEqual([]);
    const forms = provinceForms(server);
    expect(forms.length).toBeGreaterThan(10);
    expect(forms.map((r) => `${r.method} ${r.path}`).filter((key) => !PROVINCE_FORM_CASES[key])).toEqual([]);
  });

  test('the other campaign, a wrong role, another agency and a missing agency: refused alike, each audited by itself, nothing changed', async () => {
    const before = await settledEverythingOf(server, [own, other]);
    const outcomes: Outcome[] = [];
    for (const route of campaignRoutes(server)) {
      const { action, agency } = PORTAL_ROUTE_CASES[`${route.method} ${route.path}`]!;
      const agencyRoute = route.path.includes(':agencyCode');
      const allowed: readonly Role[] = ACTIONS[action];
      const callers = refusedCallers(agencyRoute, (person) => allowed.includes(person.role));
      for (const caller of callers) {
        const agencyCode = caller.agencyCode ?? ROOT_AGENCY;
        const refusal = { action, campaignId: own.id, agencyCode: agency ? agencyCode : null };
        outcomes.push({ agencyCode, ...(await attempt(caller.who, route, agencyCode, refusal)) });
      }
    }
    expect(
      outcomes.filter(
        (o) => o.status !== 403 || !String(o.message).includes(own.id) || o.rows !== 1 || o.audited !== 1,
      ),
    ).toEqual([]);
    // For one route and target, the same Vietnamese refusal whoever asks.
    const messages: Record<string, Set<unknown>> = {};
    for (const o of outcomes) (messages[`${String(o.route)} ${String(o.agencyCode)}`] ??= new Set()).add(o.message);
    expect(Object.entries(messages).filter(([, set]) => set.size !== 1)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(300);
    expect(await everythingOf(server, [own, other])).toEqual(before);
  }, 600_000);

  test('forms of province-wide work and of launching: refused to each person whose campaign role does not reach them, each audited by itself, nothing changed', async () => {
    const before = await settledEverythingOf(server, [own, other]);
    const outcomes: Outcome[] = [];
    for (const route of provinceForms(server)) {
      const found = PROVINCE_FORM_CASES[`${route.method} ${route.path}`]!;
      if (found === 'public') continue;
      const allowed: readonly Role[] = ACTIONS[found.action];
      // Province-wide work is for province-wide grants only: every role of a campaign is refused. A
      // launch names its campaign only in the file sent: whoever holds no role that may launch is.
      const callers = [...Object.entries(peopleOf('b-')), ...Object.entries(peopleOf(''))]
        .map(([who, person], i) => ({ who: `${i < 5 ? 'other' : 'own'}:${who}`, person }))
        .filter(({ person }) => found.campaignId === EVERY_CAMPAIGN || !allowed.includes(person.role));
      for (const caller of callers)
        outcomes.push(await attempt(caller.who, route, ROOT_AGENCY, { ...found, agencyCode: null }));
    }
    expect(outcomes.filter((o) => o.status !== 403 || !o.message || o.rows !== 1 || o.audited !== 1)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(100);
    expect(await everythingOf(server, [own, other])).toEqual(before);
  }, 300_000);

  test('without a session: every page under a campaign sends to sign-in and back, every form is refused, nothing changed', async () => {
    const before = await settledEverythingOf(server, [own, other]);
    const stranger = new WebClient(server.baseUrl);
    const csrf = await stranger.csrfFrom('/sign-in');
    const unexpected: Record<string, unknown>[] = [];
    for (const route of campaignRoutes(server)) {
      const path = filled(route, ROOT_AGENCY);
      const answer =
        route.method === 'GET'
          ? await stranger.get(path)
          : await stranger.request(route.method, path, { form: { _csrf: csrf } });
      const location = answer.headers.get('location');
      const refused =
        route.method === 'GET'
          ? answer.status === 303 && location === `/sign-in?next=${encodeURIComponent(path)}`
          : answer.status === 401 && answer.text.includes('đăng nhập');
      if (!refused) unexpected.push({ route: `${route.method} ${route.path}`, status: answer.status, location });
    }
    expect(unexpected).toEqual([]);
    expect(await everythingOf(server, [own, other])).toEqual(before);
  });

  /**
   * One request as one person: a page opened, or a form sent empty with the browser's own CSRF
   * token; what it answered, and the AccessEvent rows it added (all of them, and those that are
   * this very refusal).
   */
  async function attempt(
    who: string,
    route: RegisteredRoute,
    agencyCode: string,
    refusal: { action: string; campaignId: string; agencyCode: string | null },
  ) {
    const db = server.harness.database.db;
    const [side, name] = who.split(':') as [string, keyof ReturnType<typeof peopleOf>];
    const email = peopleOf(side === 'own' ? '' : 'b-')[name].email;
    const person = await db.person.findUniqueOrThrow({ where: { email } });
    const expected = { ...refusal, personId: person.id, channel: 'web', outcome: 'refused' };
    const [rowsBefore, matchingBefore] = [
      await db.accessEvent.count(),
      await db.accessEvent.count({ where: expected }),
    ];
    const browser = browsers[who]!;
    const path = filled(route, agencyCode);
    const answer =
      route.method === 'GET'
        ? await browser.get(path)
        : await browser.request(route.method, path, { form: { _csrf: await browser.csrfFrom('/') } });
    return {
      route: `${route.method} ${route.path}`,
      who,
      status: answer.status,
      message: /Bạn không có quyền[^<]*/.exec(answer.text)?.[0],
      rows: (await db.accessEvent.count()) - rowsBefore,
      audited: (await db.accessEvent.count({ where: expected })) - matchingBefore,
    };
  }
  /** A route's path on this campaign and the agency given (other parameters name nothing that exists). */
  function filled(route: RegisteredRoute, agencyCode: string): string {
    return route.path
      .replace(':campaignId', encodeURIComponent(own.id))
      .replace(':agencyCode', encodeURIComponent(agencyCode))
      .replace(':chart', 'tien-do')
      .replace(':version', '1')
      .replace(/:[A-Za-z]+/g, 'khong-co');
  }
  type Outcome = Awaited<ReturnType<typeof attempt>> & { agencyCode?: string };
});

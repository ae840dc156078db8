import { launchThroughApi } from '../support/api-campaign';
import type { RunningWorker } from '../support/harness';
import { registeredRoutes } from '../support/route-table';
import { sampleCampaign } from '../support/sample-campaign';
import { startTestServer, type ServerHarness } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import type { WebClient } from '../support/web-client';

// Isolation of campaigns on every portal page and form that names a campaign, the list read from the
// server's own route table. Two real campaigns are launched through the server; each role holder of
// the other campaign, signed in through the real e-mail link, opens every page and posts every form
// of this campaign (with their own valid CSRF token) empty: who asks is checked before what they
// sent, so each is refused as a stranger (403, a Vietnamese page), not as a bad form (400), each
// refusal audited by itself (one new AccessEvent row naming that person, the campaign, channel
// "web", outcome "refused"), and nothing of this campaign changes.

const PEOPLE = ['stp', 'syt', 'stttt', 'chutich', 'ttpv'];

function definitionFor(prefix: string) {
  const base = sampleCampaign();
  return sampleCampaign({
    reviewer: { ...base.reviewer, email: `${prefix}stttt@example.gov.vn` },
    approver: { ...base.approver, email: `${prefix}chutich@example.gov.vn` },
    serviceCenter: { ...base.serviceCenter, email: `${prefix}ttpv@example.gov.vn` },
    agencies: base.agencies.map((a) => ({ ...a, email: `${prefix}${a.email}` })),
  });
}

describe.each(testDatabases())('isolation of campaigns on every portal page and form (%s)', (kind) => {
  let server: ServerHarness;
  let worker: RunningWorker;
  const own = definitionFor('');
  const other = definitionFor('b-');
  const browsers: Record<string, WebClient> = {};

  beforeAll(async () => {
    server = await startTestServer(kind);
    worker = await server.harness.startWorker();
    for (const [definition, prefix] of [
      [own, ''],
      [other, 'b-'],
    ] as const)
      await launchThroughApi(
        server,
        definition,
        Object.fromEntries(PEOPLE.map((p) => [p, `${prefix}${p}@example.gov.vn`])),
        'token',
      );
    for (const p of PEOPLE) browsers[p] = await server.signIn(`b-${p}@example.gov.vn`);
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
  });

  async function everything(): Promise<string> {
    const db = server.harness.database.db;
    return JSON.stringify(
      await Promise.all([
        db.assignment.findMany({ where: { campaignId: own.id }, orderBy: { id: 'asc' } }),
        db.submission.count(),
        db.auditEvent.findMany({ where: { campaignId: own.id }, orderBy: { id: 'asc' } }),
        db.escalation.count({ where: { campaignId: own.id } }),
        db.roleGrant.findMany({ orderBy: { id: 'asc' } }),
        db.campaign.findUnique({ where: { id: own.id } }),
      ]),
    );
  }

  test('the other campaign’s people are refused on every page and form of this one, each refusal audited', async () => {
    const db = server.harness.database.db;
    const routes = registeredRoutes(server.app).filter(
      (r) => r.path.includes(':campaignId') && !r.path.startsWith('/api/'),
    );
    expect(routes.length).toBeGreaterThan(10);
    const before = await everything();
    const outcomes: Record<string, unknown>[] = [];
    for (const route of routes) {
      const path = route.path
        .replace(':campaignId', encodeURIComponent(own.id))
        .replace(':agencyCode', 'so-tu-phap')
        .replace(':chart', 'tien-do')
        .replace(':version', '1');
      for (const p of PEOPLE) {
        const browser = browsers[p]!;
        const person = await db.person.findUniqueOrThrow({ where: { email: `b-${p}@example.gov.vn` } });
        const audited = { personId: person.id, campaignId: own.id, outcome: 'refused', channel: 'web' };
        const countBefore = await db.accessEvent.count({ where: audited });
        const answer =
          route.method === 'GET'
            ? await browser.get(path)
            : await browser.request(route.method, path, {
                form: { _csrf: await browser.csrfFrom('/') },
              });
        outcomes.push({
          route: `${route.method} ${route.path}`,
          who: p,
          status: answer.status,
          vietnamese: answer.text.includes('Bạn không có quyền'),
          audited: (await db.accessEvent.count({ where: audited })) - countBefore,
        });
      }
    }
    expect(outcomes.filter((o) => o.status !== 403 || !o.vietnamese || o.audited !== 1)).toEqual([]);
    expect(await everything()).toEqual(before);
  }, 300_000);
});

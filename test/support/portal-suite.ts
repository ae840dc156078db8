import type { Browser } from 'playwright-core';
import type { Database } from '../../prisma/database';
import type { CampaignDefinition } from '../../domain/campaign-definition';
import { issueApiToken } from '../../server/identity/api-tokens';
import { grantRole } from '../../server/identity/people';
import { eventually } from './eventually';
import { apiAs } from './api-client';
import { DESKTOP_VIEWPORT, launchBrowser, openPortal, signInThroughMail, type PortalPage } from './browser';
import { useServer, type ServerHarness } from './server-harness';
import type { TestDatabaseKind } from './test-env';

// The set-up every portal browser test file shares: a real server (and, when asked, a worker) on the
// file's database, one Chromium, a fresh browser profile per person, and after each test the checks
// that no page asked another host or hit a policy violation. Call it inside the `describe`; the
// returned object is usable from `beforeAll` on.

export interface PortalSuite {
  readonly server: ServerHarness;
  readonly browser: Browser;
  /** The server's address followed by a path. */
  url(path: string): string;
  db(): Database;
  /** A fresh browser profile on the portal, checked and closed after the test. */
  open(viewport?: { width: number; height: number }): Promise<PortalPage>;
  /** A fresh browser profile signed in as `email` through the e-mailed link. */
  signedIn(email: string, viewport?: { width: number; height: number }): Promise<PortalPage>;
  /** An API client as the person with this e-mail (a personal token issued once per person). */
  api(email: string): Promise<ReturnType<typeof apiAs>>;
  /** Launches a campaign through the API as an administrator; resolves once every agency is assigned. */
  launch(definition: CampaignDefinition): Promise<void>;
}

export function usePortalSuite(
  kind: TestDatabaseKind,
  options: { env?: Record<string, string | undefined>; worker?: boolean } = {},
): PortalSuite {
  // The worker's e-mails link to their pages at a public address, as in production.
  const server = useServer(kind, {
    env: options.env,
    worker: options.worker ? { publicUrl: 'https://dondoc.example.gov.vn' } : false,
  });
  let browser: Browser | undefined;
  const opened: PortalPage[] = [];
  const tokens = new Map<string, string>();
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet (use it from beforeAll on)`);
    return value;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const portal of opened.splice(0)) {
      expect(portal.outsideRequests).toEqual([]);
      expect(portal.problems).toEqual([]);
      await portal.context.close();
    }
  });

  const suite: PortalSuite = {
    server,
    get browser() {
      return ready(browser, 'the browser');
    },
    url: (path) => `${suite.server.baseUrl}${path}`,
    db: () => suite.server.harness.database.db,
    async open(viewport = DESKTOP_VIEWPORT) {
      const portal = await openPortal(suite.browser, suite.server, viewport);
      opened.push(portal);
      return portal;
    },
    async signedIn(email, viewport) {
      const portal = await suite.open(viewport);
      await signInThroughMail(portal, suite.server, email);
      return portal;
    },
    async api(email) {
      let token = tokens.get(email);
      if (!token) {
        const person = await suite.db().person.findUniqueOrThrow({ where: { email } });
        token = (await issueApiToken(suite.db(), person.id, { label: 'test', days: 1, channel: 'token' })).token;
        tokens.set(email, token);
      }
      return apiAs(suite.server.baseUrl, token);
    },
    async launch(definition) {
      await grantRole(suite.db(), { email: 'admin@example.gov.vn', name: 'Quản trị', role: 'admin' }, 'test');
      const admin = await suite.api('admin@example.gov.vn');
      expect((await admin.post('/api/v1/campaigns', definition)).status).toBe(200);
      await eventually(async () =>
        expect(await suite.db().assignment.count({ where: { campaignId: definition.id } })).toBe(
          definition.agencies.length,
        ),
      );
    },
  };
  return suite;
}

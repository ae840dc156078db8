import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import Provider from 'oidc-provider';
import { grantRole } from '../../server/identity/people';
import { loadConfig } from '../../shared/config';
import { createLogger } from '../../shared/logger';
import { freePort } from '../support/free-port';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import { WebClient } from '../support/web-client';

// OpenID Connect sign-in against a real OpenID provider (oidc-provider, in this process): the browser
// goes to the provider, signs in there, comes back with a code; dondoc checks state, nonce and PKCE,
// trades the code and opens a session for the person of the verified e-mail. A wrong state, a
// replayed code, an unknown or unverified e-mail opens nothing.

const CLIENT_ID = 'dondoc-test';
const CLIENT_SECRET = 'bi-mat-cua-ung-dung-0123456789';

const ACCOUNTS: Record<string, { email: string; email_verified: boolean; name: string }> = {
  'tran.thi.b': { email: 'Tran.Thi.B@example.gov.vn', email_verified: true, name: 'Trần Thị B' },
  'nguoi.la': { email: 'nguoi.la@example.gov.vn', email_verified: true, name: 'Người Lạ' },
  'chua.xac.minh': { email: 'chua.xac.minh@example.gov.vn', email_verified: false, name: 'Chưa Xác Minh' },
};

/** The path and query of an absolute address, for a client bound to that address's origin. */
const local = (href: string) => {
  const url = new URL(href);
  return `${url.pathname}${url.search}`;
};

describe.each(testDatabases())('sign-in with OpenID Connect (%s)', (kind) => {
  let providerServer: Server;
  let issuer: string;
  let dondocUrl: string;
  let serverPort: number;

  beforeAll(async () => {
    const providerPort = await freePort();
    serverPort = await freePort();
    issuer = `http://127.0.0.1:${providerPort}`;
    dondocUrl = `http://127.0.0.1:${serverPort}`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: [`${dondocUrl}/sign-in/oidc/callback`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      async findAccount(_ctx, id) {
        const account = ACCOUNTS[id];
        return account && { accountId: id, claims: async () => ({ sub: id, ...account }) };
      },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      pkce: { required: () => true },
      cookies: { keys: ['khoa-cookie-thu-nghiem'] },
      features: { devInteractions: { enabled: true } },
    });
    providerServer = provider.listen(providerPort);
  });
  const server = useServer(kind, () => ({
    port: serverPort,
    env: {
      DONDOC_PUBLIC_URL: dondocUrl,
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
    },
    worker: false,
  }));
  beforeAll(async () => {
    await grantRole(
      server.harness.database.db,
      {
        email: 'tran.thi.b@example.gov.vn',
        name: 'Trần Thị B',
        role: 'approver',
        campaignId: server.harness.campaignId,
      },
      'test',
    );
  });
  afterAll(async () => {
    await new Promise((resolve) => providerServer?.close(resolve));
  });

  /**
   * Starts at dondoc's /sign-in/oidc and signs in at the provider as `account` (its own login and
   * consent pages), up to the redirect back to dondoc: returns the browser and the callback address.
   */
  async function atProvider(
    account: string,
    start = '/sign-in/oidc',
    browser = new WebClient(server.baseUrl),
  ): Promise<{ browser: WebClient; callback: URL }> {
    const leaving = await browser.get(start);
    expect(leaving.status).toBe(303);
    const authorize = new URL(leaving.headers.get('location')!);
    expect(authorize.origin).toBe(issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    const pending = leaving.setCookies.find((c) => c.startsWith('dondoc_oidc='))!;
    expect(pending).toMatch(/HttpOnly/i);

    const sso = new WebClient(issuer);
    let next = local(authorize.href);
    for (let step = 0; step < 12; step++) {
      const answer = await sso.get(next);
      if (answer.status === 200 && answer.text.includes('name="prompt" value="login"')) {
        const submitted = await sso.request('POST', next, { form: { prompt: 'login', login: account, password: 'x' } });
        next = local(new URL(submitted.headers.get('location')!, issuer).href);
        continue;
      }
      if (answer.status === 200 && answer.text.includes('name="prompt" value="consent"')) {
        const submitted = await sso.request('POST', next, { form: { prompt: 'consent' } });
        next = local(new URL(submitted.headers.get('location')!, issuer).href);
        continue;
      }
      expect([302, 303]).toContain(answer.status);
      const location = new URL(answer.headers.get('location')!, issuer);
      if (location.origin !== issuer) return { browser, callback: location };
      next = local(location.href);
    }
    throw new Error('the provider never sent the browser back');
  }

  test('a person known by their verified e-mail gets a session like the e-mail link’s', async () => {
    const { browser, callback } = await atProvider('tran.thi.b');
    expect(callback.pathname).toBe('/sign-in/oidc/callback');
    expect(callback.searchParams.get('code')).toBeTruthy();
    const back = await browser.get(local(callback.href));
    expect(back.status).toBe(303);
    const cookie = back.setCookies.find((c) => c.startsWith('dondoc_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await browser.get('/api/v1/me');
    expect(me.json()).toMatchObject({ email: 'tran.thi.b@example.gov.vn', name: 'Trần Thị B', channel: 'web' });
    const db = server.harness.database.db;
    const person = await db.person.findUniqueOrThrow({ where: { email: 'tran.thi.b@example.gov.vn' } });
    expect(await db.webSession.count({ where: { personId: person.id, method: 'oidc' } })).toBeGreaterThan(0);
    expect(
      await db.accessEvent.count({ where: { personId: person.id, action: 'signIn', outcome: 'done', channel: 'web' } }),
    ).toBeGreaterThan(0);
  });

  test('an e-mailed page link opened signed out returns to that page after SSO; a return path off the site is ignored', async () => {
    const deep = `/phe-duyet/${encodeURIComponent(server.harness.campaignId)}?q=${encodeURIComponent('hộ tịch')}`;
    const browser = new WebClient(server.baseUrl);
    const signedOut = await browser.get(deep);
    expect(signedOut.status).toBe(303);
    const signInPage = signedOut.headers.get('location')!;
    expect(signInPage).toBe(`/sign-in?next=${encodeURIComponent(deep)}`);
    // The sign-in page offers SSO with the same return path.
    const ssoLink = `/sign-in/oidc?next=${encodeURIComponent(deep)}`;
    expect((await browser.get(signInPage)).text).toContain(`href="${ssoLink}"`);
    const { callback } = await atProvider('tran.thi.b', ssoLink, browser);
    // The return path rode in this browser's HTTP-only pending cookie, not in the provider's round trip.
    expect(callback.href).not.toContain('phe-duyet');
    const back = await browser.get(local(callback.href));
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(deep);
    const page = await browser.get(deep);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="vi"');

    for (const foreign of ['https://ke-gian.example/phe-duyet', '//ke-gian.example/phe-duyet', '/\\ke-gian.example']) {
      const { browser: other, callback: returned } = await atProvider(
        'tran.thi.b',
        `/sign-in/oidc?next=${encodeURIComponent(foreign)}`,
      );
      const landed = await other.get(local(returned.href));
      expect({ foreign, status: landed.status, location: landed.headers.get('location') }).toEqual({
        foreign,
        status: 303,
        location: '/',
      });
      expect((await other.get('/api/v1/me')).status).toBe(200);
    }
  });

  test('a wrong state is refused: no session', async () => {
    const { browser, callback } = await atProvider('tran.thi.b');
    callback.searchParams.set('state', 'trang-thai-gia-mao');
    const back = await browser.get(local(callback.href), { accept: 'application/json' });
    expect(back.status).toBe(400);
    expect(back.json<{ message: string }>().message).toContain('Đăng nhập SSO không thành công');
    expect(back.setCookies.some((c) => c.startsWith('dondoc_session='))).toBe(false);
    expect((await browser.get('/api/v1/me')).status).toBe(401);
  });

  test('a replayed code is refused, even with the first browser’s pending cookie', async () => {
    const { browser, callback } = await atProvider('tran.thi.b');
    const pending = browser.cookies.get('dondoc_oidc')!;
    expect((await browser.get(local(callback.href))).status).toBe(303);
    const replay = new WebClient(server.baseUrl);
    replay.cookies.set('dondoc_oidc', pending);
    const again = await replay.get(local(callback.href), { accept: 'application/json' });
    expect(again.status).toBe(400);
    expect((await replay.get('/api/v1/me')).status).toBe(401);
    // The first browser's own pending sign-in is spent too: the same callback again is refused.
    const spent = await new WebClient(server.baseUrl).get(local(callback.href), { accept: 'application/json' });
    expect(spent.status).toBe(400);
  });

  test('an e-mail dondoc does not know is refused and no person is created; an unverified one is refused', async () => {
    const db = server.harness.database.db;
    const unknown = await atProvider('nguoi.la');
    const back = await unknown.browser.get(local(unknown.callback.href), { accept: 'application/json' });
    expect(back.status).toBe(403);
    expect(back.json<{ message: string }>().message).toContain('chưa có trong dondoc');
    expect(await db.person.count({ where: { email: 'nguoi.la@example.gov.vn' } })).toBe(0);
    expect((await unknown.browser.get('/api/v1/me')).status).toBe(401);

    const unverified = await atProvider('chua.xac.minh');
    const refused = await unverified.browser.get(local(unverified.callback.href), { accept: 'application/json' });
    expect(refused.status).toBe(400);
    expect(await db.accessEvent.count({ where: { action: 'signIn', outcome: 'refused' } })).toBeGreaterThanOrEqual(2);
  });

  test('the client secret is never printed: not in configuration errors, not in logs', () => {
    let message = '';
    try {
      loadConfig({ OIDC_ISSUER: 'http://sso.example.gov.vn', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: CLIENT_SECRET });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('OIDC_ISSUER');
    expect(message).not.toContain(CLIENT_SECRET);
    let logged = '';
    const logger = createLogger(
      new Writable({
        write(chunk, _encoding, done) {
          logged += String(chunk);
          done();
        },
      }),
    );
    logger.info({ oidc: server.config.server.oidc }, 'settings');
    expect(logged).toContain(CLIENT_ID);
    expect(logged).not.toContain(CLIENT_SECRET);
  });
});

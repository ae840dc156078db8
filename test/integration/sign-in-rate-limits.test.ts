import http from 'node:http';
import { registeredRoutes } from '../support/route-table';
import { startTestServer, type ServerHarness } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// Every sign-in route (the JSON ones, the forms, the OpenID Connect start and callback, the e-mail
// link's confirmation) is rate-limited by the real client address: the machine the request came
// from, or, behind a configured proxy (DONDOC_TRUST_PROXY), the address that proxy forwards. The
// requests leave from distinct loopback addresses (127.0.0.0/8 is all this machine's), so "another
// client" is another real source address, not a header. The list of routes is checked against the
// server's route table: a new sign-in route without its case fails here.

const MAX = 3;

interface SignInRoute {
  method: 'GET' | 'POST';
  path: string;
  json?: Record<string, string>;
  form?: Record<string, string>;
}

const SIGN_IN_ROUTES: Record<string, SignInRoute> = {
  'e-mail link (JSON)': { method: 'POST', path: '/api/v1/auth/email-link', json: { email: 'ai-do@example.gov.vn' } },
  'link exchange (JSON)': { method: 'POST', path: '/api/v1/auth/link-exchange', json: { token: 'khong-hop-le' } },
  'e-mail link (form)': { method: 'POST', path: '/sign-in', form: { email: 'ai-do@example.gov.vn' } },
  'link confirmation (form)': { method: 'POST', path: '/sign-in/confirm', form: { token: 'khong-hop-le' } },
  'OpenID Connect start': { method: 'GET', path: '/sign-in/oidc' },
  'OpenID Connect callback': { method: 'GET', path: '/sign-in/oidc/callback?code=x&state=y' },
};
/** Sign-in pages that only show a form (nothing is looked up, sent or consumed), and signing out. */
const NOT_SIGN_IN_ATTEMPTS = ['GET /sign-in', 'GET /sign-in/confirm', 'POST /sign-out'];

/** One request from a chosen local source address (and, if given, a forwarded-for header). */
function request(
  baseUrl: string,
  route: SignInRoute,
  from: { localAddress: string; forwardedFor?: string },
): Promise<number> {
  const url = new URL(route.path, baseUrl);
  const body = route.json
    ? JSON.stringify(route.json)
    : route.form
      ? new URLSearchParams(route.form).toString()
      : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: route.method,
        localAddress: from.localAddress,
        headers: {
          ...(route.json && { 'content-type': 'application/json' }),
          ...(route.form && { 'content-type': 'application/x-www-form-urlencoded' }),
          ...(from.forwardedFor && { 'x-forwarded-for': from.forwardedFor }),
          accept: route.form ? 'text/html' : 'application/json',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const limited = (statuses: number[]) => statuses.map((status) => (status === 429 ? 'limited' : 'answered'));
const firstMaxThenLimited = [...Array<string>(MAX).fill('answered'), 'limited', 'limited'];

describe.each(testDatabases())('sign-in routes are rate-limited by the real client address (%s)', (kind) => {
  // OIDC is configured towards a provider that is not there: the limit comes before the handler.
  const oidc = {
    OIDC_ISSUER: 'http://127.0.0.1:9/realms/tinh',
    OIDC_CLIENT_ID: 'dondoc',
    OIDC_CLIENT_SECRET: 'bi-mat-thu-nghiem',
  };
  let direct: ServerHarness;
  let proxied: ServerHarness;

  beforeAll(async () => {
    direct = await startTestServer(kind, { env: oidc, deps: { signInLimit: { max: MAX, windowMs: 60_000 } } });
    proxied = await startTestServer(kind, {
      env: { ...oidc, DONDOC_TRUST_PROXY: '127.0.0.0/8' },
      deps: { signInLimit: { max: MAX, windowMs: 60_000 } },
    });
  });
  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
  });

  test('every sign-in route of the route table is in the list', () => {
    const signInRoutes = registeredRoutes(direct.app)
      .map((r) => `${r.method} ${r.path}`)
      .filter((key) => /\/sign-in|\/auth\/|\/sign-out/.test(key));
    const listed = Object.values(SIGN_IN_ROUTES).map((r) => `${r.method} ${r.path.split('?')[0]}`);
    expect(signInRoutes.filter((key) => !listed.includes(key) && !NOT_SIGN_IN_ATTEMPTS.includes(key))).toEqual([]);
    expect(listed.filter((key) => !signInRoutes.includes(key))).toEqual([]);
  });

  test.each(Object.entries(SIGN_IN_ROUTES).map(([name, route], i) => ({ name, route, i })))(
    'without a trusted proxy, $name: limited for the address it came from, whatever X-Forwarded-For says; another address is not',
    async ({ route, i }) => {
      const client = `127.0.${i + 1}.1`;
      const statuses: number[] = [];
      for (let n = 0; n < MAX + 2; n++)
        statuses.push(
          await request(direct.baseUrl, route, { localAddress: client, forwardedFor: `203.0.113.${n + 1}` }),
        );
      expect(limited(statuses)).toEqual(firstMaxThenLimited);
      // Another machine is not held back by this one.
      expect(limited([await request(direct.baseUrl, route, { localAddress: `127.0.${i + 1}.2` })])).toEqual([
        'answered',
      ]);
    },
  );

  test.each(Object.entries(SIGN_IN_ROUTES).map(([name, route], i) => ({ name, route, i })))(
    'behind a trusted proxy, $name: limited for the forwarded client address, not for the proxy',
    async ({ route, i }) => {
      const proxy = `127.0.${i + 1}.9`;
      const statuses: number[] = [];
      for (let n = 0; n < MAX + 2; n++)
        statuses.push(await request(proxied.baseUrl, route, { localAddress: proxy, forwardedFor: '198.51.100.7' }));
      expect(limited(statuses)).toEqual(firstMaxThenLimited);
      // The same proxy forwarding another client: that client is not held back.
      expect(
        limited([await request(proxied.baseUrl, route, { localAddress: proxy, forwardedFor: '198.51.100.8' })]),
      ).toEqual(['answered']);
    },
  );
});

import { createHash } from 'node:crypto';
import { grantRole } from '../../server/identity/people';
import { mailAfter, startTestServer, useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import { linkIn, WebClient } from '../support/web-client';
import { stillAfterSettling } from '../support/eventually';

// Sign-in by e-mail link on a real server, database and SMTP server: the link read from the mail,
// single use, expiry, tampering, no account enumeration, rate limits, CSRF, cookie flags, sign-out,
// idle expiry and personal API tokens.

describe.each(testDatabases())('sign-in by e-mail link (%s)', (kind) => {
  let email: string;
  let people = 0;

  const server = useServer(kind, { deps: { signInLimit: { max: 1_000, windowMs: 60_000 } }, worker: false });
  // Each test signs in as a person of its own: the per-address link limit must not carry over.
  beforeEach(async () => {
    server.clock.offsetMs = 0;
    server.smtp.clear();
    email = `nguyen.van.a.${++people}@example.gov.vn`;
    await grantRole(
      server.harness.database.db,
      {
        email,
        name: 'Nguyễn Văn A',
        role: 'reviewer',
        campaignId: server.harness.campaignId,
      },
      'test',
    );
  });

  /** Asks for a link from a fresh browser (its own CSRF cookie) and returns the token in the e-mail. */
  async function requestLink(address = email, from = new WebClient(server.baseUrl)): Promise<string> {
    const before = server.smtp.to(address).length;
    const csrf = await from.csrfFrom('/sign-in');
    const response = await from.request('POST', '/sign-in', { form: { email: address, _csrf: csrf } });
    expect(response.status).toBe(200);
    // Mailed after the answer: wait for it.
    const mail = await mailAfter(server.smtp, address, before);
    return new URL(linkIn(mail.parsed.text ?? '')).searchParams.get('token')!;
  }

  async function confirm(token: string, browser = new WebClient(server.baseUrl)) {
    const csrf = await browser.csrfFrom(`/sign-in/confirm?token=${encodeURIComponent(token)}`);
    return { browser, response: await browser.request('POST', '/sign-in/confirm', { form: { token, _csrf: csrf } }) };
  }

  test('the link from the e-mail opens a session with HTTP-only, SameSite cookies; the person is known by it', async () => {
    const browser = await server.signIn(email);
    const me = await browser.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.json()).toMatchObject({ email, name: 'Nguyễn Văn A', channel: 'web' });
    const signInPage = await browser.get('/sign-in');
    expect(signInPage.text).toContain(`Bạn đang đăng nhập với địa chỉ <strong>${email}</strong>`);

    const { response } = await confirm(await requestLink());
    const cookie = response.setCookies.find((c) => c.startsWith('dondoc_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // served over plain HTTP here
    expect(response.headers.get('location')).toBe('/');
    // Only the hash is stored: the session's row holds the SHA-256 of the cookie's secret (computed
    // here, independently), and nowhere the secret itself.
    const raw = decodeURIComponent(cookie.split(';')[0]!.slice('dondoc_session='.length));
    const rows = await server.harness.database.db.webSession.findMany();
    const sha256 = createHash('sha256').update(raw).digest('hex');
    expect(rows.filter((row) => row.tokenHash === sha256)).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(raw);
  });

  test('a link works once; a reused, tampered or expired link is refused', async () => {
    const token = await requestLink();
    expect((await confirm(token)).response.status).toBe(303);
    const reused = await confirm(token);
    expect(reused.response.status).toBe(400);
    expect(reused.response.text).toContain('đã được dùng hoặc đã hết hạn');
    expect(reused.browser.cookies.has('dondoc_session')).toBe(false);

    const fresh = await requestLink();
    const tampered = `${fresh.slice(0, -2)}${fresh.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await confirm(tampered)).response.status).toBe(400);
    expect((await confirm(fresh)).response.status).toBe(303); // the real one still works

    const late = await requestLink();
    server.clock.offsetMs = 16 * 60_000;
    expect((await confirm(late)).response.status).toBe(400);
  });

  test('an unknown address gets the same answer and no e-mail', async () => {
    const browser = new WebClient(server.baseUrl);
    const known = await browser.request('POST', '/sign-in', {
      form: { email, _csrf: await browser.csrfFrom('/sign-in') },
    });
    const unknown = await browser.request('POST', '/sign-in', {
      form: { email: 'ke.la@example.gov.vn', _csrf: await browser.csrfFrom('/sign-in') },
    });
    expect(unknown.status).toBe(known.status);
    expect(unknown.text).toBe(known.text);
    expect(server.smtp.to('ke.la@example.gov.vn')).toHaveLength(0);
    const api = await fetch(`${server.baseUrl}/api/v1/auth/email-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ke.la@example.gov.vn' }),
    });
    expect(api.status).toBe(202);
  });

  test('a state-changing form without its CSRF token is refused and changes nothing', async () => {
    const browser = new WebClient(server.baseUrl);
    await browser.get('/sign-in'); // has the CSRF cookie, not the token
    const response = await browser.request('POST', '/sign-in', { form: { email } });
    expect(response.status).toBe(403);
    expect(response.text).toContain('CSRF');
    expect(server.smtp.to(email)).toHaveLength(0);

    const signedIn = await server.signIn(email);
    const tokenAttempt = await signedIn.request('POST', '/api/v1/tokens', { json: { label: 'không có CSRF' } });
    expect(tokenAttempt.status).toBe(403);
    const signOut = await signedIn.request('POST', '/sign-out', { form: {} });
    expect(signOut.status).toBe(403);
    expect((await signedIn.get('/api/v1/me')).status).toBe(200); // still signed in
  });

  test('sign-out revokes the session on the server: the same cookie no longer works', async () => {
    const browser = await server.signIn(email);
    const stolen = browser.cookies.get('dondoc_session')!;
    const csrf = await browser.csrfFrom('/');
    const out = await browser.request('POST', '/sign-out', { form: { _csrf: csrf } });
    expect(out.status).toBe(303);
    const replay = new WebClient(server.baseUrl);
    replay.cookies.set('dondoc_session', stolen);
    expect((await replay.get('/api/v1/me')).status).toBe(401);
  });

  test('a session left idle past its limit, or older than its absolute limit, is over', async () => {
    const browser = await server.signIn(email);
    server.clock.offsetMs = (server.config.server.sessionIdleMinutes + 1) * 60_000;
    expect((await browser.get('/api/v1/me')).status).toBe(401);

    server.clock.offsetMs = 0;
    const active = await server.signIn(email);
    // Active every 20 minutes, yet cut off at the absolute limit.
    const steps = Math.ceil((server.config.server.sessionMaxHours * 60) / 20);
    for (let step = 1; step < steps; step++) {
      server.clock.offsetMs = step * 20 * 60_000;
      expect((await active.get('/api/v1/me')).status).toBe(200);
    }
    server.clock.offsetMs = steps * 20 * 60_000 + 60_000;
    expect((await active.get('/api/v1/me')).status).toBe(401);
  });

  test('personal API tokens: created with CSRF, used as bearer, revoked, expired', async () => {
    const browser = await server.signIn(email);
    const csrf = await browser.csrfFrom('/');
    const created = await browser.request('POST', '/api/v1/tokens', {
      json: { label: 'tích hợp', days: 1 },
      headers: { 'x-csrf-token': csrf },
    });
    expect(created.status).toBe(201);
    const { token, tokenId } = created.json<{ token: string; tokenId: string }>();
    const asBearer = () =>
      fetch(`${server.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { channel?: string },
      }));
    expect(await asBearer()).toMatchObject({ status: 200, body: { channel: 'token' } });
    const stored = await server.harness.database.db.apiToken.findUnique({ where: { id: tokenId } });
    expect(stored!.tokenHash).not.toContain(token);

    server.clock.offsetMs = 25 * 3_600_000;
    expect((await asBearer()).status).toBe(401);
    server.clock.offsetMs = 0;

    const revoked = await fetch(`${server.baseUrl}/api/v1/tokens/${tokenId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(revoked.status).toBe(200);
    expect((await asBearer()).status).toBe(401);
    const forged = await fetch(`${server.baseUrl}/api/v1/me`, { headers: { authorization: 'Bearer dondoc_forged' } });
    expect(forged.status).toBe(401);
  });

  test('the admin script trades a link for a CLI token', async () => {
    const ask = await fetch(`${server.baseUrl}/api/v1/auth/email-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    expect(ask.status).toBe(202);
    const mail = await mailAfter(server.smtp, email, 0);
    const token = new URL(linkIn(mail.parsed.text ?? '')).searchParams.get('token')!;
    const exchange = (t: string) =>
      fetch(`${server.baseUrl}/api/v1/auth/link-exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: t }),
      });
    const first = await exchange(token);
    expect(first.status).toBe(200);
    const { token: apiToken } = (await first.json()) as { token: string };
    const me = await fetch(`${server.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${apiToken}` } });
    expect(await me.json()).toMatchObject({ email, channel: 'cli' });
    expect((await exchange(token)).status).toBe(400);
  });

  test('at most five links per e-mail address asked from one client address per window, with the same answer', async () => {
    // Per e-mail and client address: a stranger elsewhere cannot spend them (sign-in-hardening.test.ts).
    for (let i = 0; i < 5; i++) await requestLink();
    const browser = new WebClient(server.baseUrl);
    const sixth = await browser.request('POST', '/sign-in', {
      form: { email, _csrf: await browser.csrfFrom('/sign-in') },
    });
    expect(sixth.status).toBe(200); // same answer…
    await stillAfterSettling(() => expect(server.smtp.to(email)).toHaveLength(5), 1_000); // …but no sixth e-mail
  });

  test('sign-in is rate-limited per client address', async () => {
    const limited = await startTestServer(kind, { deps: { signInLimit: { max: 3, windowMs: 60_000 } } });
    try {
      const statuses: number[] = [];
      let refusal: { message?: string } = {};
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${limited.baseUrl}/api/v1/auth/email-link`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `nguoi-${i}@example.gov.vn` }),
        });
        statuses.push(response.status);
        if (response.status === 429) refusal = (await response.json()) as { message: string };
      }
      expect(statuses).toEqual([202, 202, 202, 429, 429]);
      expect(refusal.message).toContain('Quá nhiều yêu cầu');
    } finally {
      await limited.close();
    }
  });
});

describe.each(testDatabases())('cookies over TLS (%s)', (kind) => {
  test('a server whose public address is https sets Secure cookies', async () => {
    const server = await startTestServer(kind, { env: { DONDOC_PUBLIC_URL: 'https://dondoc.example.gov.vn' } });
    try {
      await grantRole(server.harness.database.db, { email: 'b@example.gov.vn', role: 'admin' }, 'test');
      const browser = new WebClient(server.baseUrl);
      const page = await browser.get('/sign-in');
      expect(page.setCookies.find((c) => c.startsWith('dondoc_csrf='))).toMatch(/Secure/);
      const asked = await browser.request('POST', '/sign-in', {
        form: { email: 'b@example.gov.vn', _csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1]! },
      });
      expect(asked.text).toContain('Kiểm tra hộp thư');
      const link = new URL(linkIn((await mailAfter(server.smtp, 'b@example.gov.vn', 0)).parsed.text ?? ''));
      expect(link.origin).toBe('https://dondoc.example.gov.vn');
      const csrf = await browser.csrfFrom(`${link.pathname}${link.search}`);
      const confirmed = await browser.request('POST', '/sign-in/confirm', {
        form: { token: link.searchParams.get('token')!, _csrf: csrf },
      });
      expect(confirmed.setCookies.find((c) => c.startsWith('dondoc_session='))).toMatch(/Secure/);
      expect(confirmed.headers.get('strict-transport-security')).toBeTruthy();
    } finally {
      await server.close();
    }
  });
});

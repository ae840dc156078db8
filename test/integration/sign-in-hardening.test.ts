import type { Mailer } from '../../server/identity/mailer';
import { grantRole } from '../../server/identity/people';
import { loadConfig } from '../../shared/config';
import { eventually } from '../support/eventually';
import { startTestServer, useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import { WebClient } from '../support/web-client';

// Asking for a sign-in link on a real server, database and SMTP server, as a stranger would try it:
// the answer does not wait for the look-up or the mail (no enumeration by timing); a stranger asking
// for someone's links cannot lock them out; X-Forwarded-For is believed from the configured proxies only.

/** A mailer held until the test lets it go: an answer that waited for it would never come. */
function heldMailer(): Mailer & { release(): void; sent: string[] } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const sent: string[] = [];
  return {
    sent,
    release,
    async send(message) {
      await gate;
      sent.push(message.to);
    },
  };
}

const answeredWithin = <T>(ms: number, answer: Promise<T>) =>
  Promise.race([
    answer,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  ]);

describe.each(testDatabases())('asking for sign-in links (%s)', (kind) => {
  const mailer = heldMailer();
  const known = 'da-co@example.gov.vn';

  const server = useServer(kind, {
    env: { DONDOC_TRUST_PROXY: '127.0.0.1' },
    deps: { mailer, signInLimit: { max: 1_000, windowMs: 60_000 } },
    worker: false,
  });
  beforeAll(async () => {
    // The test client is the proxy: it stands for clients at the addresses it forwards.

    await grantRole(server.harness.database.db, { email: known, role: 'admin' }, 'test');
  });
  afterAll(async () => {
    mailer.release();
  });

  const askApi = (email: string, from = '198.51.100.1') =>
    fetch(`${server.baseUrl}/api/v1/auth/email-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({ email }),
    });

  test('the answer for a known address comes before the look-up and the mail, on both routes', async () => {
    const api = await answeredWithin(2_000, askApi(known));
    expect(api.status).toBe(202);
    const browser = new WebClient(server.baseUrl);
    const csrf = await browser.csrfFrom('/sign-in');
    const form = await answeredWithin(
      2_000,
      browser.request('POST', '/sign-in', { form: { email: known, _csrf: csrf } }),
    );
    expect(form.status).toBe(200);
    expect(mailer.sent).toEqual([]);
    mailer.release();
    await eventually(() => expect(mailer.sent).toEqual([known, known]));
  });

  test('a stranger asking for someone’s links from elsewhere does not lock them out', async () => {
    const victim = 'nan-nhan@example.gov.vn';
    await grantRole(server.harness.database.db, { email: victim, role: 'admin' }, 'test');
    for (let i = 0; i < 8; i++) expect((await askApi(victim, '203.0.113.66')).status).toBe(202);
    const db = server.harness.database.db;
    await eventually(async () =>
      expect(await db.signInToken.count({ where: { email: victim, clientAddress: '203.0.113.66' } })).toBe(5),
    );
    expect((await askApi(victim, '198.51.100.20')).status).toBe(202);
    await eventually(async () =>
      expect(await db.signInToken.count({ where: { email: victim, clientAddress: '198.51.100.20' } })).toBe(1),
    );
  });
});

describe.each(testDatabases())('X-Forwarded-For from configured proxies only (%s)', (kind) => {
  test('DONDOC_TRUST_PROXY=true is refused at start, with the fix', () => {
    expect(() => loadConfig({ DONDOC_TRUST_PROXY: 'true' })).toThrow(
      /DONDOC_TRUST_PROXY: true sẽ tin tiêu đề X-Forwarded-For của bất kỳ ai.*Cách sửa: ghi địa chỉ IP hoặc dải CIDR/s,
    );
    expect(() => loadConfig({ DONDOC_TRUST_PROXY: '10.0.0.5, proxy.local' })).toThrow(/địa chỉ IP hoặc dải CIDR/);
    expect(loadConfig({ DONDOC_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16' }).server.trustProxy).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
    ]);
  });

  test('a client that is not a configured proxy cannot choose its address: rate limit and audit see the real one', async () => {
    const server = await startTestServer(kind, {
      env: { DONDOC_TRUST_PROXY: '10.9.9.9' },
      deps: { signInLimit: { max: 3, windowMs: 60_000 } },
    });
    try {
      await grantRole(server.harness.database.db, { email: 'x@example.gov.vn', role: 'admin' }, 'test');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${server.baseUrl}/api/v1/auth/email-link`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i + 1}` },
          body: JSON.stringify({ email: 'x@example.gov.vn' }),
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([202, 202, 202, 429, 429]);
      const rows = await eventually(async () => {
        const found = await server.harness.database.db.signInToken.findMany({ where: { email: 'x@example.gov.vn' } });
        expect(found).toHaveLength(3);
        return found;
      });
      expect(rows.map((row) => row.clientAddress)).toEqual(rows.map(() => '127.0.0.1'));
    } finally {
      await server.close();
    }
  });
});

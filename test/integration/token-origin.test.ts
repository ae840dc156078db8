import { issueApiToken } from '../../server/identity/api-tokens';
import { grantRole } from '../../server/identity/people';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// Personal API tokens on a real server and database: minted only from a signed-in web session
// (never by a token, which could leave copies that outlive its own revocation), and revoked with
// the session that minted them.

describe.each(testDatabases())('where API tokens come from (%s)', (kind) => {
  const email = 'tich-hop@example.gov.vn';

  const server = useServer(kind, { deps: { signInLimit: { max: 1_000, windowMs: 60_000 } }, worker: false });
  beforeAll(async () => {
    await grantRole(server.harness.database.db, { email, role: 'reviewer', campaignId: 'c-1' }, 'test');
  });

  const me = (token: string) =>
    fetch(`${server.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
  const mintWith = (token: string) =>
    fetch(`${server.baseUrl}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'con', days: 1 }),
    });

  test('a token cannot mint tokens; one minted on the web ends when that session signs out', async () => {
    const db = server.harness.database.db;
    const browser = await server.signIn(email);
    const created = await browser.request('POST', '/api/v1/tokens', {
      json: { label: 'tích hợp', days: 1 },
      headers: { 'x-csrf-token': await browser.csrfFrom('/') },
    });
    expect(created.status).toBe(201);
    const { token, tokenId } = created.json<{ token: string; tokenId: string }>();
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: tokenId } });
    const person = await db.person.findUniqueOrThrow({ where: { email } });
    const session = await db.webSession.findFirstOrThrow({
      where: { personId: person.id, revokedAt: null },
      orderBy: { createdAt: 'desc' },
    });
    expect(row.mintedBySession).toBe(session.id);

    const child = await mintWith(token);
    expect(child.status).toBe(403);
    expect(((await child.json()) as { message: string }).message).toContain('chỉ được tạo từ một phiên đăng nhập');
    expect(await db.apiToken.count({ where: { personId: person.id } })).toBe(1);
    expect(
      await db.accessEvent.count({ where: { personId: person.id, action: 'issueToken', outcome: 'refused' } }),
    ).toBe(1);
    // The admin script's own token (from a sign-in link) cannot mint either.
    const cli = await issueApiToken(db, person.id, { label: 'dondoc login', days: 1, channel: 'cli' });
    expect((await mintWith(cli.token)).status).toBe(403);

    expect(await me(token)).toBe(200);
    const out = await browser.request('POST', '/sign-out', { form: { _csrf: await browser.csrfFrom('/') } });
    expect(out.status).toBe(303);
    expect(await me(token)).toBe(401);
    expect(await me(cli.token)).toBe(200); // not minted by that session
    const signOut = await db.accessEvent.findFirstOrThrow({ where: { personId: person.id, action: 'signOut' } });
    expect(signOut.detail).toEqual({ tokensRevoked: 1 });
  });
});

import { grantRole } from '../../server/identity/people';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import { WebClient } from '../support/web-client';

// CSRF tokens bound to the session on a real server: an attacker who plants their own CSRF cookie
// and token pair in a victim's browser (cookie tossing) cannot act with the victim's session.

describe.each(testDatabases())('CSRF tokens bound to the session (%s)', (kind) => {
  const server = useServer(kind, { deps: { signInLimit: { max: 1_000, windowMs: 60_000 } }, worker: false });
  beforeAll(async () => {
    for (const email of ['nan-nhan@example.gov.vn', 'ke-gian@example.gov.vn'])
      await grantRole(server.harness.database.db, { email, role: 'reviewer', campaignId: 'c-1' }, 'test');
  });

  test('an attacker’s own cookie and token pair, signed out or from their own session, is refused beside the victim’s session', async () => {
    const victim = await server.signIn('nan-nhan@example.gov.vn');
    const signedOut = new WebClient(server.baseUrl);
    const attackerOwn = await server.signIn('ke-gian@example.gov.vn');
    const pairs = [
      { token: await signedOut.csrfFrom('/sign-in'), cookie: signedOut.cookies.get('dondoc_csrf')! },
      { token: await attackerOwn.csrfFrom('/'), cookie: attackerOwn.cookies.get('dondoc_csrf')! },
    ];
    const own = victim.cookies.get('dondoc_csrf')!;
    for (const pair of pairs) {
      victim.cookies.set('dondoc_csrf', pair.cookie);
      const minted = await victim.request('POST', '/api/v1/tokens', {
        json: { label: 'của kẻ gian' },
        headers: { 'x-csrf-token': pair.token },
      });
      expect(minted.status).toBe(403);
      expect(minted.text).toContain('CSRF');
      const out = await victim.request('POST', '/sign-out', { form: { _csrf: pair.token } });
      expect(out.status).toBe(403);
    }
    expect(await server.harness.database.db.apiToken.count()).toBe(0);
    // The victim's own token, made for this session, still works.
    victim.cookies.set('dondoc_csrf', own);
    const minted = await victim.request('POST', '/api/v1/tokens', {
      json: { label: 'của tôi' },
      headers: { 'x-csrf-token': await victim.csrfFrom('/') },
    });
    expect(minted.status).toBe(201);
  });
});

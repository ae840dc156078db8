import { grantRole } from '../../server/identity/people';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import { WebClient } from '../support/web-client';

// CSRF tokens bound to the session on a real server: an attacker who plants their own CSRF cookie
// and token pair in a victim's browser (cookie tossing) cannot act with the victim's session, on a
// JSON route, a form or a multipart form (whose route checks the token itself); nor can a valid token
// of another session beside the victim's own cookie.

const DIRECTORY_IMPORT = '/dieu-hanh/danh-ba/nhap';

/** The directory import as the browser sends it: `_csrf` first, then a file. */
function directoryImport(token: string): FormData {
  const form = new FormData();
  form.append('_csrf', token);
  form.append('file', new Blob(['ma,ten\n']), 'danh-ba.csv');
  return form;
}

describe.each(testDatabases())('CSRF tokens bound to the session (%s)', (kind) => {
  const server = useServer(kind, { deps: { signInLimit: { max: 1_000, windowMs: 60_000 } }, worker: false });
  beforeAll(async () => {
    for (const email of ['nan-nhan@example.gov.vn', 'ke-gian@example.gov.vn'])
      await grantRole(server.harness.database.db, { email, role: 'reviewer', campaignId: 'c-1' }, 'test');
    // Province-wide, so the directory import's multipart form is the victim's to send.
    await grantRole(server.harness.database.db, { email: 'nan-nhan@example.gov.vn', role: 'operator' }, 'test');
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
      const imported = await victim.request('POST', DIRECTORY_IMPORT, { multipart: directoryImport(pair.token) });
      expect([imported.status, imported.text]).toEqual([403, expect.stringContaining('CSRF')]);
    }
    // A valid token of the attacker's own session, beside the victim's own cookie.
    victim.cookies.set('dondoc_csrf', own);
    const otherSession = await attackerOwn.csrfFrom('/');
    const minted = await victim.request('POST', '/api/v1/tokens', {
      json: { label: 'của kẻ gian' },
      headers: { 'x-csrf-token': otherSession },
    });
    expect([minted.status, minted.text]).toEqual([403, expect.stringContaining('CSRF')]);
    const imported = await victim.request('POST', DIRECTORY_IMPORT, { multipart: directoryImport(otherSession) });
    expect([imported.status, imported.text]).toEqual([403, expect.stringContaining('CSRF')]);
    expect(await server.harness.database.db.apiToken.count()).toBe(0);
    // The victim's own token, made for this session, still works: the file itself is then judged.
    const ownToken = await victim.csrfFrom('/');
    const ownMinted = await victim.request('POST', '/api/v1/tokens', {
      json: { label: 'của tôi' },
      headers: { 'x-csrf-token': ownToken },
    });
    expect(ownMinted.status).toBe(201);
    const ownImport = await victim.request('POST', DIRECTORY_IMPORT, { multipart: directoryImport(ownToken) });
    expect(ownImport.status).toBe(400);
    expect(ownImport.text).not.toContain('CSRF');
  });
});

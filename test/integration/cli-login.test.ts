import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../admin/main';
import { grantRole } from '../../server/identity/people';
import { mailAfter, useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import { linkIn } from '../support/web-client';
import { textSink } from '../support/text-sink';
import { createCampaignRow } from '../support/campaign-row';

// The admin script signs in through the server (e-mail link, or a token) and manages role grants
// through it: the server decides, audits, and a refusal names the role needed.

describe.each(testDatabases())('dondoc login and dondoc user, through the server (%s)', (kind) => {
  let home: string;
  const campaignId = 'cli-login-campaign';

  const server = useServer(kind, { worker: false });
  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-cli-home-'));
    // Grants are given in a campaign that exists (its row, as a launch writes it).
    await createCampaignRow(server.harness.database.db, campaignId, {
      title: 'Rà soát giấy tờ cần số hóa',
      submissionDeadline: new Date(Date.now() + 20 * 86_400_000),
    });
    await grantRole(
      server.harness.database.db,
      { email: 'ttpv@example.gov.vn', name: 'Cán bộ TTPV', role: 'operator', campaignId },
      'test',
    );
    await grantRole(
      server.harness.database.db,
      { email: 'syt@example.gov.vn', name: 'Sở Y tế', role: 'agency', campaignId, agencyCode: 'so-y-te' },
      'test',
    );
  });
  afterAll(async () => {
    fs.rmSync(home, { recursive: true, force: true });
  });

  async function cli(who: string, ...argv: string[]) {
    const out = textSink();
    const err = textSink();
    const code = await runCli(argv, {
      stdout: out.stream,
      stderr: err.stream,
      env: { DONDOC_SERVER_URL: server.baseUrl, DONDOC_CREDENTIALS_FILE: path.join(home, `${who}.json`) },
    });
    return { code, out: out.text(), err: err.text() };
  }

  async function logIn(who: string, email: string) {
    const before = server.smtp.to(email).length;
    const asked = await cli(who, 'login', '--email', email);
    expect(asked.code).toBe(0);
    const mail = await mailAfter(server.smtp, email, before);
    const link = linkIn(mail.parsed.text ?? '');
    const done = await cli(who, 'login', '--link', link);
    expect(done.code).toBe(0);
    return done;
  }

  test('login by e-mail link, whoami, user add/list/revoke, logout', async () => {
    const done = await logIn('operator', 'ttpv@example.gov.vn');
    expect(done.out).toContain('Đang đăng nhập: Cán bộ TTPV <ttpv@example.gov.vn>');
    expect(fs.statSync(path.join(home, 'operator.json')).mode & 0o077).toBe(0);

    const added = await cli(
      'operator',
      'user',
      'add',
      'stp@example.gov.vn',
      '--name',
      'Sở Tư pháp',
      '--role',
      'agency',
      '--campaign',
      campaignId,
      '--agency',
      'so-tu-phap',
    );
    expect(added).toMatchObject({ code: 0 });
    expect(added.out).toContain('Đã cấp vai trò');
    const listed = await cli('operator', 'user', 'list', '--campaign', campaignId);
    expect(listed.out).toContain('stp@example.gov.vn (Sở Tư pháp)');
    const audit = await server.harness.database.db.accessEvent.findFirst({
      where: { action: 'grant', outcome: 'done' },
    });
    expect(audit).toMatchObject({ channel: 'cli', role: 'operator', campaignId });
    const revoked = await cli(
      'operator',
      'user',
      'revoke',
      'stp@example.gov.vn',
      '--role',
      'agency',
      '--campaign',
      campaignId,
      '--agency',
      'so-tu-phap',
    );
    expect(revoked.code).toBe(0);
    expect((await cli('operator', 'user', 'list', '--campaign', campaignId)).out).not.toContain('stp@');

    const bad = await cli('operator', 'user', 'add', 'x@example.gov.vn', '--role', 'agency', '--campaign', campaignId);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--agency');

    expect((await cli('operator', 'logout')).code).toBe(0);
    const after = await cli('operator', 'whoami');
    expect(after.code).toBe(1);
    expect(after.err).toContain('chưa đăng nhập');
  });

  test('an agency member is refused user management; the refusal names the role, not a person', async () => {
    await logIn('agency', 'syt@example.gov.vn');
    const refused = await cli(
      'agency',
      'user',
      'add',
      'ke.la@example.gov.vn',
      '--role',
      'reviewer',
      '--campaign',
      campaignId,
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('cán bộ Trung tâm Phục vụ - Kiểm soát TTHC (operator)');
    expect(refused.err).not.toContain('ttpv@');
    expect(await server.harness.database.db.person.findUnique({ where: { email: 'ke.la@example.gov.vn' } })).toBeNull();
  });
});

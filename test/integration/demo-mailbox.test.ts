import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoMailFor, type DemoMailbox } from '../../launcher/demo/mailbox';
import { signInHelp } from '../../launcher/demo/run-demo';
import { issueApiToken } from '../../server/identity/api-tokens';
import { grantRole } from '../../server/identity/people';
import { smtpMailer } from '../../server/identity/mailer';
import { loadSigner } from '../../server/identity/proof';
import { loadConfig } from '../../shared/config';
import { apiAs } from '../support/api-client';
import { eventually } from '../support/eventually';
import { sampleCampaign } from '../support/sample-campaign';
import { startTestServer, useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import { WebClient } from '../support/web-client';

// The demo's mail: its own SMTP server on the loopback address and the development mailbox page, by
// which a newcomer signs in as any demo role; every e-mail links to the page it is about. None of it
// exists with NODE_ENV=production or a real SMTP_URL.

const PUBLIC_URL = 'https://dondoc.example.gov.vn';

describe('the demo mailbox exists only in development without a real SMTP server', () => {
  test('NODE_ENV=production or SMTP_URL: no mailbox started, the configuration unchanged', async () => {
    for (const env of [{ NODE_ENV: 'production' }, { SMTP_URL: 'smtp://mail.example.gov.vn:587' }]) {
      const config = loadConfig(env);
      expect(config.server.devMailbox).toBe(false);
      const demo = await demoMailFor(config);
      expect(demo.mailbox).toBeUndefined();
      expect(demo.config).toBe(config);
    }
  });

  test('without them: a loopback SMTP server that the configuration now points at', async () => {
    const demo = await demoMailFor(loadConfig({}));
    try {
      expect(demo.mailbox!.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
      expect(demo.config.smtp.url).toBe(demo.mailbox!.url);
      expect(demo.config.server.devMailbox).toBe(true);
      await smtpMailer(demo.mailbox!.url, 'dondoc <dondoc@localhost>').send({
        to: 'Ai@Example.gov.vn',
        subject: 'Thử',
        text: 'Nội dung có dấu',
      });
      expect(demo.mailbox!.list()).toEqual([
        expect.objectContaining({ to: ['ai@example.gov.vn'], subject: 'Thử', text: expect.stringContaining('có dấu') }),
      ]);
    } finally {
      await demo.mailbox?.stop();
    }
  });

  test('the demo prints the portal, the mailbox and the demo people’s addresses', () => {
    const lines = signInHelp(sampleCampaign(), {
      portal: 'http://127.0.0.1:3000',
      mailbox: 'http://127.0.0.1:3000/dev/mailbox',
    });
    expect(lines.join('\n')).toEqual(expect.stringContaining('http://127.0.0.1:3000/sign-in'));
    for (const expected of [
      '/dev/mailbox',
      'stttt@example.gov.vn',
      'chutich@example.gov.vn',
      'ttpv@example.gov.vn',
      'stp@example.gov.vn',
    ])
      expect(lines.join('\n')).toContain(expected);
  });
});

describe.each(testDatabases())('the development mailbox page (%s)', (kind) => {
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-demo-keys-'));
  const signer = loadSigner(keysDir, { generate: true });
  let mailbox: DemoMailbox;
  afterAll(() => fs.rmSync(keysDir, { recursive: true, force: true }));

  for (const [label, env] of [
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
    ['a real SMTP_URL', {}],
  ] as const) {
    test(`with ${label} the page does not exist, even with a mailbox at hand`, async () => {
      const demo = await demoMailFor(loadConfig({}));
      // startTestServer sets SMTP_URL to its own SMTP server: a real one, as far as dondoc knows.
      const server = await startTestServer(kind, { env, deps: { mailbox: demo.mailbox, signer } });
      try {
        expect(server.config.server.devMailbox).toBe(false);
        const answer = await new WebClient(server.baseUrl).get('/dev/mailbox');
        expect(answer.status).toBe(404);
      } finally {
        await server.close();
        await demo.mailbox?.stop();
      }
    });
  }

  describe('in the demo', () => {
    beforeAll(async () => {
      mailbox = (await demoMailFor(loadConfig({}))).mailbox!;
    });
    const server = useServer(kind, () => ({
      env: { SMTP_URL: undefined, DONDOC_PUBLIC_URL: PUBLIC_URL },
      deps: { mailbox, mailer: smtpMailer(mailbox.url, 'dondoc <dondoc@localhost>'), signer },
      worker: { smtpUrl: mailbox.url, publicUrl: PUBLIC_URL },
    }));
    afterAll(async () => {
      await mailbox?.stop();
    });

    test('a newcomer signs in as a demo role by the link in that role’s mailbox', async () => {
      const email = 'tham.dinh@example.gov.vn';
      await grantRole(
        server.harness.database.db,
        { email, name: 'Người thẩm định', role: 'reviewer', campaignId: server.harness.campaignId },
        'test',
      );
      const browser = new WebClient(server.baseUrl);
      const csrf = await browser.csrfFrom('/sign-in');
      expect((await browser.request('POST', '/sign-in', { form: { email, _csrf: csrf } })).status).toBe(200);
      const page = await eventually(async () => {
        const answer = await browser.get(`/dev/mailbox?to=${encodeURIComponent(email)}`);
        expect(answer.text).toContain('/sign-in/confirm?token=');
        return answer.text;
      });
      expect(page).toContain('Đăng nhập dondoc');
      // The link points at the public address; the test opens the same path on its own server.
      const link = new URL(
        /href="(https:\/\/dondoc\.example\.gov\.vn\/sign-in\/confirm\?token=[^"]+)"/.exec(page)![1]!,
      );
      const confirmCsrf = await browser.csrfFrom(`${link.pathname}${link.search}`);
      const confirmed = await browser.request('POST', '/sign-in/confirm', {
        form: { token: link.searchParams.get('token')!, _csrf: confirmCsrf },
      });
      expect(confirmed.status).toBe(303);
      expect((await browser.get('/api/v1/me')).json()).toMatchObject({ email, channel: 'web' });
    });

    test('every e-mail links to the page it is about, at the public address', async () => {
      const db = server.harness.database.db;
      await grantRole(db, { email: 'qt.demo@example.gov.vn', role: 'admin' }, 'test');
      const admin = await db.person.findUniqueOrThrow({ where: { email: 'qt.demo@example.gov.vn' } });
      const token = (await issueApiToken(db, admin.id, { label: 'test', days: 1, channel: 'token' })).token;
      const definition = sampleCampaign();
      expect((await apiAs(server.baseUrl, token).post('/api/v1/campaigns', definition)).status).toBe(200);
      const assigned = await eventually(() => {
        const mail = mailbox
          .list()
          .find((m) => m.to.includes('syt@example.gov.vn') && m.subject.includes(definition.directive.number));
        expect(mail).toBeDefined();
        return mail!;
      });
      expect(assigned.text).toContain(`${PUBLIC_URL}/campaigns/${definition.id}/agencies/so-y-te`);
    });
  });
});

import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildServer, type App, type ServerDeps } from '../../server/http/app';
import { noMailer, smtpMailer } from '../../server/identity/mailer';
import { loadConfig, type Config } from '../../shared/config';
import { eventually } from './eventually';
import { createHarness, resolveOptions, setUpLater, type FixtureOptions, type Harness } from './harness';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import type { TestDatabaseKind } from './test-env';
import { linkIn, WebClient } from './web-client';

// A real dondoc server on a free port, over the test file's own database, Temporal task queue and
// SMTP server. `clock` moves the server's time (expiry tests) without touching the machine's.

export interface ServerHarness {
  harness: Harness;
  smtp: SmtpSink;
  app: App;
  config: Config;
  baseUrl: string;
  clock: { offsetMs: number };
  /** A browser signed in as `email` through the real e-mail link. */
  signIn(email: string): Promise<WebClient>;
  close(): Promise<void>;
}

/** A dondoc server over an existing harness (its database, client and task queue), without mail. */
export async function startServerOn(harness: Harness): Promise<{ app: App; baseUrl: string; close(): Promise<void> }> {
  const config = loadConfig({
    DATABASE_URL: harness.database.url,
    DONDOC_TASK_QUEUE: harness.taskQueue,
    DONDOC_SIGNING_KEYS_DIR: harness.keysDir,
  });
  const app = await buildServer({ config, db: harness.database.db, client: harness.rawClient, mailer: noMailer });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    async close() {
      await app.close();
    },
  };
}

/** The mail `address` receives after its first `before` ones: sign-in links are mailed after the answer. */
export async function mailAfter(smtp: SmtpSink, address: string, before: number, timeoutMs = 10_000) {
  return eventually(
    () => {
      const mail = smtp.to(address)[before];
      if (!mail) throw new Error(`no e-mail for ${address}`);
      return mail;
    },
    timeoutMs,
    20,
  );
}

export interface TestServerOptions {
  env?: Record<string, string | undefined>;
  deps?: Partial<ServerDeps>;
  /** Where the worker's notifications go (the test's SMTP server by default) and the links they carry. */
  worker?: { smtpUrl?: string; publicUrl?: string };
  /** Listen on this port (when the public address must be known beforehand); a free one otherwise. */
  port?: number;
}

export async function startTestServer(kind: TestDatabaseKind, options: TestServerOptions = {}): Promise<ServerHarness> {
  const smtp = await startSmtpSink();
  // Delivered files go to a folder of this server's own, removed when it closes.
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-files-'));
  const harness = await createHarness(kind, {
    smtpUrl: smtp.url,
    ...options.worker,
    reportsDir: options.env?.DONDOC_REPORT_DIR,
    filesDir: options.env?.DONDOC_FILES_DIR ?? filesDir,
  });
  const config = loadConfig({
    DATABASE_URL: harness.database.url,
    DONDOC_TASK_QUEUE: harness.taskQueue,
    SMTP_URL: smtp.url,
    DONDOC_SERVER_PORT: '3000',
    DONDOC_SIGNING_KEYS_DIR: harness.keysDir,
    DONDOC_FILES_DIR: filesDir,
    ...options.env,
  });
  const clock = { offsetMs: 0 };
  const app = await buildServer({
    config,
    db: harness.database.db,
    client: harness.rawClient,
    mailer: smtpMailer(smtp.url, 'dondoc <dondoc@example.gov.vn>'),
    now: () => new Date(Date.now() + clock.offsetMs),
    ...options.deps,
  });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    harness,
    smtp,
    app,
    config,
    baseUrl,
    clock,
    async signIn(email) {
      const browser = new WebClient(baseUrl);
      const before = smtp.to(email).length;
      const csrf = await browser.csrfFrom('/sign-in');
      const asked = await browser.request('POST', '/sign-in', { form: { email, _csrf: csrf } });
      if (asked.status !== 200) throw new Error(`sign-in request answered ${asked.status}: ${asked.text}`);
      // The worker may mail the same person at the same moment (an assignment notice): take the
      // first mail since the request that carries a sign-in link.
      // The link is mailed after the answer (the answer must not tell known addresses by its timing).
      const mail = await eventually(
        () => {
          const found = smtp
            .to(email)
            .slice(before)
            .find((m) => (m.parsed.text ?? '').includes('/sign-in/confirm?token='));
          if (!found) throw new Error(`no sign-in e-mail for ${email}`);
          return found;
        },
        10_000,
        20,
      );
      const link = new URL(linkIn(mail.parsed.text ?? ''));
      const confirmCsrf = await browser.csrfFrom(`${link.pathname}${link.search}`);
      const confirmed = await browser.request('POST', '/sign-in/confirm', {
        form: { token: link.searchParams.get('token')!, _csrf: confirmCsrf },
      });
      if (confirmed.status !== 303) throw new Error(`confirm answered ${confirmed.status}: ${confirmed.text}`);
      return browser;
    },
    async close() {
      await app.close();
      await harness.close();
      await smtp.stop();
      fs.rmSync(config.server.signingKeysDir, { recursive: true, force: true });
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/**
 * A test file's server (with its harness, SMTP server and a worker), set up before its tests and
 * closed after them: `const server = useServer(kind)`. `worker`: false for none, or where the
 * worker's notifications go and the links they carry.
 */
export function useServer(
  kind: TestDatabaseKind,
  options: FixtureOptions<Omit<TestServerOptions, 'worker'> & { worker?: false | TestServerOptions['worker'] }> = {},
): ServerHarness {
  let server: ServerHarness | undefined;
  beforeAll(async () => {
    const { worker, ...given } = await resolveOptions(options);
    server = await startTestServer(kind, { ...given, ...(worker && { worker }) });
    if (worker !== false) await server.harness.startWorker();
  });
  afterAll(async () => {
    await server?.close();
  });
  return setUpLater('the server', () => server);
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSigner } from '../../server/identity/proof';
import { apiAs } from '../support/api-client';
import { freePort } from '../support/free-port';
import { mailAfter } from '../support/server-harness';
import { runNpm, sample, until } from '../support/npm-process';
import { sampleCampaign } from '../support/sample-campaign';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { ENV_TEMPORAL_ADDRESS, ENV_WORKFLOW_BUNDLE, required } from '../support/test-env';
import { linkIn } from '../support/web-client';

// `npm run serve` as a province runs it: production checks first, then a real install that a person
// signs into and launches a campaign on, its readiness and metrics scraped over HTTP.

const ADMIN = 'quantri@example.gov.vn';

async function text(url: string): Promise<{ status: number; body: string }> {
  const answer = await fetch(url);
  return { status: answer.status, body: await answer.text() };
}

describe('npm run serve', () => {
  let dir: string;
  let smtp: SmtpSink;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-serve-'));
    smtp = await startSmtpSink();
  });
  afterAll(async () => {
    await smtp.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('refuses to start without keys, SMTP_URL and DONDOC_PUBLIC_URL, naming each with its fix', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DONDOC_DATA_DIR: path.join(dir, 'empty'),
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    };
    delete env.SMTP_URL;
    delete env.DONDOC_PUBLIC_URL;
    delete env.DONDOC_SIGNING_KEYS_DIR;
    const serve = runNpm('serve', env);
    expect(await serve.exited).toBe(1);
    const output = serve.output();
    for (const name of ['DONDOC_SIGNING_KEYS_DIR', 'SMTP_URL', 'DONDOC_PUBLIC_URL'])
      expect(output).toMatch(new RegExp(`${name}: [^\\n]*Cách sửa`));
    expect(output).toContain('npm run ops -- keys');
  });

  test('runs the server and the worker: ready, sign-in, a campaign launched, metrics that move', async () => {
    const keys = path.join(dir, 'keys');
    loadSigner(keys, { generate: true });
    const [port, serverMetrics, workerMetrics, temporalMetrics] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const baseUrl = `http://127.0.0.1:${port}`;
    const serve = runNpm('serve', {
      ...process.env,
      DATABASE_URL: `file:${path.join(dir, 'dondoc.db')}`,
      DONDOC_DATA_DIR: dir,
      TEMPORAL_ADDRESS: required(ENV_TEMPORAL_ADDRESS),
      DONDOC_WORKFLOW_BUNDLE: required(ENV_WORKFLOW_BUNDLE),
      DONDOC_TASK_QUEUE: `serve-${port}`,
      DONDOC_SERVER_PORT: String(port),
      DONDOC_PUBLIC_URL: baseUrl,
      DONDOC_SIGNING_KEYS_DIR: keys,
      SMTP_URL: smtp.url,
      DONDOC_ADMIN_EMAIL: ADMIN,
      DONDOC_METRICS_PORT: String(serverMetrics),
      DONDOC_WORKER_METRICS_PORT: String(workerMetrics),
      DONDOC_TEMPORAL_METRICS_PORT: String(temporalMetrics),
      DONDOC_LOG_LEVEL: 'warn',
    });
    let failure: unknown;
    try {
      await until(async () => (await text(`${baseUrl}/readyz`)).status === 200, serve);
      const ready = JSON.parse((await text(`${baseUrl}/readyz`)).body);
      expect(Object.keys(ready.checks).sort()).toEqual(['database', 'keys', 'migrations', 'temporal']);
      expect(serve.output()).toContain(`Dùng máy chủ Temporal tại ${required(ENV_TEMPORAL_ADDRESS)}`);
      await until(async () => (await text(`http://127.0.0.1:${workerMetrics}/readyz`)).status === 200, serve);

      const metricsUrl = `http://127.0.0.1:${serverMetrics}/metrics`;
      const before = (await text(metricsUrl)).body;
      const signIns = 'dondoc_sign_ins_total{channel="cli",method="email",outcome="done"}';
      const launches = 'dondoc_actions_total{action="launch",channel="cli",outcome="done"}';
      expect(before).toContain('dondoc_server_nodejs_eventloop_lag_p99_seconds');
      expect(before).toContain('dondoc_heavy_reads_running 0');

      // Sign in as the administrator the environment names, through the e-mailed link.
      const asked = await apiAs(baseUrl, undefined).post('/api/v1/auth/email-link', { email: ADMIN });
      expect(asked.status).toBe(202);
      const link = new URL(linkIn((await mailAfter(smtp, ADMIN, 0)).parsed.text ?? ''));
      const exchanged = await apiAs(baseUrl, undefined).post<{ token: string }>('/api/v1/auth/link-exchange', {
        token: link.searchParams.get('token'),
      });
      expect(exchanged.status).toBe(200);
      const admin = apiAs(baseUrl, exchanged.body.token);
      const definition = sampleCampaign();
      const launched = await admin.post('/api/v1/campaigns', definition);
      expect(launched.status).toBe(200);
      // Every agency is told of its assignment by e-mail: the worker runs and delivers.
      for (const agency of definition.agencies) await mailAfter(smtp, agency.email!, 0, 60_000);

      const after = (await text(metricsUrl)).body;
      expect(sample(after, signIns)).toBe(sample(before, signIns) + 1);
      expect(sample(after, launches)).toBe(sample(before, launches) + 1);
      expect(
        sample(
          after,
          'dondoc_http_request_duration_seconds_count{method="POST",route="/api/v1/campaigns",status="200"}',
        ),
      ).toBe(1);

      const worker = (await text(`http://127.0.0.1:${workerMetrics}/metrics`)).body;
      expect(worker).toContain('dondoc_outbox_oldest_pending_age_seconds');
      expect(worker).toMatch(/^temporal_/m); // the SDK's own figures, passed on
      expect((await text(`${baseUrl}/metrics`)).status).toBe(404); // never on the public port
    } catch (error) {
      failure = error;
    }
    const code = await serve.stop();
    if (failure) throw failure;
    // SIGTERM, as systemd sends it: the worker finishes its tasks and everything closes in order.
    expect(serve.output()).toContain('[dondoc] Đã dừng.');
    expect(code === 0 || serve.child.signalCode === 'SIGTERM').toBe(true); // npm itself may end on the signal
  }, 240_000);
});

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { startDevServer } from '../ops/temporal-dev-server';
import { openDatabase } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';
import { buildServer } from '../server/http/app';
import { grantRole } from '../server/identity/people';
import { loadConfig } from '../shared/config';
import { configureLogger } from '../shared/logger';
import { freePort } from '../test/support/free-port';
import { linkIn, WebClient } from '../test/support/web-client';
import { seedCampaign } from './report-seed';
import { loadAverageText, percentile, printBenchLine, type BenchFigure } from './support';

// The server under hostile load: 200 concurrent heavy reads (`GET …/report/files`) by one signed-in
// reviewer and 20 anonymous 5 MB campaign files posted to the launch check, all at once, while
// `/healthz` is asked without pause and the server's event-loop delay is recorded. Goal: /healthz
// p99 ≤ 100 ms and event-loop delay p99 ≤ 100 ms.
//
//   node --import tsx bench/hostile-load.ts [agencies]     (default 1000)
//
// The dondoc server runs in this process (real Fastify, a SQLite database seeded by report-seed.ts,
// a Temporal dev server for the report's cross-check), so its event loop is measured in-process
// (perf_hooks.monitorEventLoopDelay); the load comes from a child process of its own (this script
// with --load), so the clients' work does not count as the server's delay.

const GOAL_MS = 100;
/** How many of each (`--heavy N`, `--anonymous N` to see each load's share). */
const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const HEAVY = option('--heavy', 200);
const ANONYMOUS = option('--anonymous', 20);
const ANONYMOUS_BYTES = 5 * 1024 * 1024;
/** /healthz is sampled this long at least, so a load that ends quickly still gives a fair sample. */
const MIN_SAMPLING_MS = 3_000;

interface LoadResult {
  heavy: { statuses: Record<string, number>; ms: number; retryAfter: string[] };
  anonymous: { statuses: Record<string, number>; ms: number };
}

/** A child of its own: asks /healthz one request after another until its stdin closes, then prints the times. */
async function sampleHealthz(base: string): Promise<void> {
  const healthz: number[] = [];
  let done = false;
  process.stdin.on('end', () => (done = true)).resume();
  while (!done) {
    const t = performance.now();
    await (await fetch(`${base}/healthz`)).text();
    healthz.push(performance.now() - t);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  process.stdout.write(`${JSON.stringify(healthz)}\n`);
}

/** Runs this script with `args` in a child process; its last line of output, parsed, when it ends. */
function child(args: string[]) {
  const proc = spawn(
    process.execPath,
    [...process.execArgv, __filename, ...args, '--heavy', String(HEAVY), '--anonymous', String(ANONYMOUS)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const result = new Promise<unknown>((resolve, reject) =>
    proc.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!))
        : reject(new Error(`${args[0]} exited with ${code}`)),
    ),
  );
  return { result, end: () => proc.stdin.end() };
}

const count = (values: (number | string)[]) =>
  values.reduce<Record<string, number>>((counts, v) => ({ ...counts, [v]: (counts[v] ?? 0) + 1 }), {});

/** The child: fires every request at once and samples /healthz until all have answered. */
async function load(base: string, cookie: string, csrfCookie: string, csrf: string, reportPath: string) {
  const boundary = '----dondoc-bench';
  const yaml = `id: tan-cong\nagencies:\n${'  - code: xa-000000\n    name: UBND xã Thử Nghiệm\n'.repeat(ANONYMOUS_BYTES / 48)}`;
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\n` +
      `Content-Disposition: form-data; name="file"; filename="tan-cong.yaml"\r\n\r\n${yaml}\r\n--${boundary}--\r\n`,
  );
  const timedAll = async (n: number, one: () => Promise<{ status: number | string; retryAfter?: string }>) => {
    const t = performance.now();
    const answers = await Promise.all(Array.from({ length: n }, one));
    return { answers, ms: performance.now() - t };
  };
  const [heavy, anonymous] = await Promise.all([
    timedAll(HEAVY, async () => {
      const response = await fetch(`${base}${reportPath}`, { headers: { cookie, accept: 'application/json' } });
      await response.arrayBuffer();
      return { status: response.status, retryAfter: response.headers.get('retry-after') ?? undefined };
    }),
    timedAll(ANONYMOUS, async () => {
      try {
        const response = await fetch(`${base}/dieu-hanh/khoi-chay/kiem-tra`, {
          method: 'POST',
          headers: {
            accept: 'text/html',
            'content-type': `multipart/form-data; boundary=${boundary}`,
            cookie: csrfCookie,
          },
          body,
        });
        await response.arrayBuffer();
        return { status: response.status };
      } catch (error) {
        // The server answers before the body is read and may close the connection while it is sent.
        return { status: `closed (${(error as Error).message})` };
      }
    }),
  ]);
  const result: LoadResult = {
    heavy: {
      statuses: count(heavy.answers.map((a) => a.status)),
      ms: heavy.ms,
      retryAfter: [...new Set(heavy.answers.flatMap((a) => (a.retryAfter ? [a.retryAfter] : [])))],
    },
    anonymous: { statuses: count(anonymous.answers.map((a) => a.status)), ms: anonymous.ms },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(): Promise<void> {
  const agencies = Number(process.argv[2]?.startsWith('--') ? 1_000 : (process.argv[2] ?? 1_000));
  process.env.DONDOC_LOG_LEVEL ??= 'error';
  configureLogger(loadConfig());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bench-hostile-'));
  const temporal = await startDevServer({ port: await freePort() });
  const url = `file:${path.join(dir, 'bench.db')}`;
  await applyMigrations(url);
  const db = await openDatabase(url);
  const connection = await Connection.connect({ address: temporal.address });
  const campaignId = 'hostile-bench';
  await seedCampaign(db, campaignId, agencies, { catalogue: true });
  const reviewer = 'tham-dinh@bench.example';
  await grantRole(db, { campaignId, email: reviewer, role: 'reviewer' }, 'bench');
  const mail: string[] = [];
  const app = await buildServer({
    config: loadConfig({
      DATABASE_URL: url,
      DONDOC_SIGNING_KEYS_DIR: path.join(dir, 'keys'),
      DONDOC_PUBLIC_URL: 'http://127.0.0.1',
    }),
    db,
    client: new Client({ connection }),
    mailer: { send: async (message) => void mail.push(message.text) },
    signInLimit: { max: 100_000, windowMs: 60_000 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const browser = new WebClient(base);
    await browser.request('POST', '/sign-in', { form: { email: reviewer, _csrf: await browser.csrfFrom('/sign-in') } });
    const link = new URL(linkIn(mail.at(-1)!));
    const confirmCsrf = await browser.csrfFrom(`${link.pathname}${link.search}`);
    await browser.request('POST', '/sign-in/confirm', {
      form: { token: link.searchParams.get('token')!, _csrf: confirmCsrf },
    });
    const stranger = new WebClient(base);
    const csrf = await stranger.csrfFrom('/sign-in');
    const cookieOf = (client: WebClient) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const reportPath = `/api/v1/campaigns/${campaignId}/report/files`;
    const warmStarted = performance.now();
    const warm = await browser.get(reportPath, { accept: 'application/json' });
    console.log(`one report/files alone: ${(performance.now() - warmStarted).toFixed(0)} ms`);
    if (warm.status !== 200) throw new Error(`report/files answered ${warm.status}: ${warm.text.slice(0, 300)}`);
    console.log(`${agencies} agencies seeded, reviewer signed in (${loadAverageText()})`);

    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const sampler = child(['--healthz', base]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const started = performance.now();
    const loadResult = (await child(['--load', base, cookieOf(browser), cookieOf(stranger), csrf, reportPath])
      .result) as LoadResult;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, MIN_SAMPLING_MS - (performance.now() - started))));
    sampler.end();
    const healthz = (await sampler.result) as number[];
    loop.disable();
    clearInterval(rssTimer);
    const result = { ...loadResult, healthz };

    const ms = (ns: number) => ns / 1e6;
    const healthzP99 = percentile(result.healthz, 99);
    const loopP99 = ms(loop.percentile(99));
    const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
    const statuses = (s: Record<string, number>) =>
      Object.entries(s)
        .map(([status, n]) => `${n}× ${status}`)
        .join(', ');
    console.log(`heavy reads: ${statuses(result.heavy.statuses)} in ${(result.heavy.ms / 1000).toFixed(2)} s`);
    console.log(`  Retry-After: ${result.heavy.retryAfter.join(', ') || '—'}`);
    console.log(
      `anonymous 5 MB posts: ${statuses(result.anonymous.statuses)} in ${(result.anonymous.ms / 1000).toFixed(2)} s`,
    );
    console.log(
      `/healthz: ${result.healthz.length} samples, p50 ${percentile(result.healthz, 50).toFixed(1)} ms, p99 ${healthzP99.toFixed(1)} ms, max ${Math.max(...result.healthz).toFixed(1)} ms (goal p99 ≤ ${GOAL_MS} ms: ${healthzP99 <= GOAL_MS ? 'met' : 'missed'})`,
    );
    console.log(
      `event-loop delay: p50 ${ms(loop.percentile(50)).toFixed(1)} ms, p99 ${loopP99.toFixed(1)} ms, max ${ms(loop.max).toFixed(1)} ms (goal p99 ≤ ${GOAL_MS} ms: ${loopP99 <= GOAL_MS ? 'met' : 'missed'})`,
    );
    console.log(`server RSS: ${mib(rssBefore)} MiB before, peak ${mib(rssPeak)} MiB (${loadAverageText()})`);
    const figures: BenchFigure[] = [
      {
        figure: `/healthz p99 during ${HEAVY} concurrent report/files by one reviewer and ${ANONYMOUS} anonymous 5 MB posts, ${agencies.toLocaleString('en')} agencies`,
        result: `p50 ${percentile(result.healthz, 50).toFixed(1)} ms, p99 **${healthzP99.toFixed(1)} ms** (${result.healthz.length} samples); heavy reads ${statuses(result.heavy.statuses)}; posts ${statuses(result.anonymous.statuses)}`,
        value: healthzP99,
        goal: `<= ${GOAL_MS} ms`,
        met: healthzP99 <= GOAL_MS,
      },
      {
        figure: `event-loop delay p99, same load`,
        result: `p50 ${ms(loop.percentile(50)).toFixed(1)} ms, p99 **${loopP99.toFixed(1)} ms**, max ${ms(loop.max).toFixed(1)} ms; RSS ${mib(rssBefore)} → peak ${mib(rssPeak)} MiB`,
        value: loopP99,
        goal: `<= ${GOAL_MS} ms`,
        met: loopP99 <= GOAL_MS,
      },
    ];
    printBenchLine('hostile-load', process.argv.slice(2), figures, 'dondoc server on SQLite, dev server');
  } finally {
    await app.close();
    await connection.close();
    await db.$disconnect();
    await temporal.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--healthz') {
  void sampleHealthz(process.argv[3]!);
} else if (process.argv[2] === '--load') {
  const [base, cookie, csrfCookie, csrf, reportPath] = process.argv.slice(3) as [
    string,
    string,
    string,
    string,
    string,
  ];
  void load(base, cookie, csrfCookie, csrf, reportPath).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  void main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

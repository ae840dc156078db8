import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { CampaignDefinition } from '../../campaign-files/campaign-definition';
import type { Database } from '../../prisma/database';
import { issueApiToken } from '../../server/identity/api-tokens';
import { grantRole } from '../../server/identity/people';
import { ENV_TEMPORAL_ADDRESS, required } from './test-env';

// The dondoc server (`npm run server`, server/main.ts) in a process of its own, so that a fault test
// can SIGKILL it like the worker and start it again on the same port; and the campaign's people,
// each with a personal API token, as the fault suites drive it: through HTTP only.

const ROOT = path.join(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'server', 'main.ts');
const READY_TIMEOUT_MS = 90_000;

export interface ServerProcessOptions {
  port: number;
  databaseUrl: string;
  taskQueue: string;
  /** The folder of the key the server signs proofs with (the worker trusts it). */
  signingKeysDir: string;
  /** Real seconds per campaign day of a rehearsal (`?drill=true`). */
  secondsPerDay: number;
  /** Defaults to the shared dev server of the jest run. */
  temporalAddress?: string;
}

export interface ServerProcess {
  readonly baseUrl: string;
  readonly pid: number;
  kill(): Promise<void>;
  readonly killed: boolean;
  alive(): boolean;
  stderr(): string;
}

const live = new Set<ChildProcess>();

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: options.temporalAddress ?? required(ENV_TEMPORAL_ADDRESS),
    DATABASE_URL: options.databaseUrl,
    DONDOC_TASK_QUEUE: options.taskQueue,
    DONDOC_SIGNING_KEYS_DIR: options.signingKeysDir,
    DONDOC_SERVER_PORT: String(options.port),
    DONDOC_SERVER_HOST: '127.0.0.1',
    DONDOC_DEMO_SECONDS_PER_DAY: String(options.secondsPerDay),
    DONDOC_LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
  };
  delete env.SMTP_URL; // the server mails sign-in links only; the script signs in with tokens
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-20_000)));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      live.delete(child);
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(`not ready after ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('Máy chủ dondoc đang chạy')) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) => fail(`exited before ready (code ${code})`);
    function fail(why: string) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`dondoc server process ${why}\n${out}\n${stderr}`));
    }
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
  let killed = false;
  return {
    baseUrl: `http://127.0.0.1:${options.port}`,
    pid: child.pid!,
    get killed() {
      return killed;
    },
    async kill() {
      killed = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    stderr: () => stderr,
  };
}

/** Ends every server process still running (afterAll, whatever the outcome). */
export async function killAllServerProcesses(): Promise<void> {
  await Promise.all(
    [...live].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** The e-mail each of the campaign's people signs in with, by the role the script gives them. */
export function peopleOf(definition: CampaignDefinition): Record<string, string> {
  const people: Record<string, string | undefined> = {
    reviewer: definition.reviewer.email,
    approver: definition.approver.email,
    operator: definition.serviceCenter.email,
    ...Object.fromEntries(definition.agencies.map((a) => [a.code, a.email])),
  };
  const missing = Object.keys(people).filter((who) => !people[who]);
  if (missing.length > 0) throw new Error(`the scripted campaign names no e-mail for ${missing.join(', ')}`);
  return people as Record<string, string>;
}

/** An administrator's personal API token (the launch is the administrator's). */
export async function adminToken(db: Database): Promise<string> {
  await grantRole(db, { email: 'admin@example.gov.vn', name: 'Quản trị', role: 'admin' }, 'test');
  const admin = await db.person.findUniqueOrThrow({ where: { email: 'admin@example.gov.vn' } });
  return (await issueApiToken(db, admin.id, { label: 'fault', days: 1, channel: 'token' })).token;
}

/** A personal API token for each of the campaign's people (their roles come from the launch). */
export async function peopleTokens(db: Database, people: Record<string, string>): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const [who, email] of Object.entries(people)) {
    const person = await db.person.findUniqueOrThrow({ where: { email } });
    tokens[who] = (await issueApiToken(db, person.id, { label: 'fault', days: 1, channel: 'token' })).token;
  }
  return tokens;
}

import path from 'node:path';
import type { CampaignDefinition } from '../../campaign-files/campaign-definition';
import type { Database } from '../../prisma/database';
import { issueApiToken } from '../../server/identity/api-tokens';
import { grantRole } from '../../server/identity/people';
import { ENV_TEMPORAL_ADDRESS, required } from './test-env';
import { ChildGroup, type KillableProcess } from './child-process';

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

export interface ServerProcess extends KillableProcess {
  readonly baseUrl: string;
}

const servers = new ChildGroup();

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
  const started = await servers.start({
    name: 'dondoc server process',
    args: ['--import', 'tsx', MAIN],
    options: { cwd: ROOT, env },
    ready: (stdout) => stdout.includes('Máy chủ dondoc đang chạy'),
    readyTimeoutMs: READY_TIMEOUT_MS,
  });
  return Object.assign(started, { baseUrl: `http://127.0.0.1:${options.port}` });
}

/** Ends every server process still running (afterAll, whatever the outcome). */
export const killAllServerProcesses = (): Promise<void> => servers.killAll();

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

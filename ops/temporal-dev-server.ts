import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { findTemporalCli } from '../scripts/temporal-cli.cjs';
import { ALL_SEARCH_ATTRIBUTES } from '../temporal/search-attributes';
import { ensurePrivateDir, tightenDatabaseFiles } from '../shared/private-files';

// The Temporal CLI dev server, for `npm start` and the tests: the project's CLI when one is
// installed, otherwise the SDK's own download (works on connected machines).

export interface DevServerOptions {
  ip?: string;
  port: number;
  namespace?: string;
  /** File-backed persistence; in memory when absent. */
  dbFilename?: string;
  uiPort?: number;
  /** Server settings to override (`--dynamic-config-value`), e.g. when to suggest continue-as-new. */
  dynamicConfig?: Record<string, string | number | boolean>;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

// dondoc reaches nothing outside the machine. Left to itself the dev server would: its Web UI fetches
// Temporal's newsfeed (off with --ui-disable-news-fetch), and the server checks for new versions at
// version-info.temporal.io (a DNS lookup and an HTTPS call at start; off with this setting).
const OFFLINE_DYNAMIC_CONFIG = { 'frontend.enableServerVersionCheck': false };

// The dev server's file (`npm start`) in WAL mode, synced at checkpoints rather than at every commit.
// Safe because what it could lose is recoverable: NORMAL loses nothing when a process crashes or is
// killed, and after a power cut or an OS crash at most the last commits, i.e. the latest workflow
// progress. Temporal then hands those tasks out again, and every dondoc activity is idempotent (a
// unique key per record: a redone activity writes nothing twice, and an e-mail sent again carries
// the same Message-ID); a launch or a command re-run starts nothing twice. Before, the server ran
// SQLite's defaults (rollback journal, FULL).
const FILE_PRAGMAS = ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL'];

const CLI_TYPES: Record<string, string> = {
  KEYWORD: 'Keyword',
  TEXT: 'Text',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  if (options.dbFilename) ensurePrivateDir(path.dirname(options.dbFilename));
  const uiUrl =
    options.uiPort !== undefined ? `http://${ip === '0.0.0.0' ? 'localhost' : ip}:${options.uiPort}` : undefined;
  const cli = findTemporalCli();
  if (!cli) return startDownloadedServer(options, ip, uiUrl);

  const args = [
    'server',
    'start-dev',
    '--ip',
    ip,
    '--port',
    String(options.port),
    '--namespace',
    options.namespace ?? 'default',
    '--log-level',
    'error',
    ...(options.dbFilename ? ['--db-filename', options.dbFilename, ...FILE_PRAGMAS] : []),
    ...(options.uiPort !== undefined ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    '--ui-disable-news-fetch',
    ...ALL_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPES[key.type]}`]),
    ...dynamicConfigArgs({ ...OFFLINE_DYNAMIC_CONFIG, ...options.dynamicConfig }),
  ];
  // Its own process group: Ctrl-C reaches our process, which stops the worker first and the server
  // last, so in-flight work can still report to the server while it drains.
  const child = spawn(cli, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const address = `${ip}:${options.port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitUntilAnswering(address, child, () => stderr);
  // The server creates its file itself (every history and proof): the owner's only, with its side files.
  if (options.dbFilename) tightenDatabaseFiles(options.dbFilename);
  return { address, uiUrl, stop: () => stopProcess(child, exited) };
}

function dynamicConfigArgs(values: DevServerOptions['dynamicConfig'] = {}): string[] {
  return Object.entries(values).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);
}

async function waitUntilAnswering(address: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`Temporal dev server exited (code ${child.exitCode}): ${stderr().trim()}`);
    if (await temporalAnswers(address, 1_000)) return;
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`Temporal dev server did not answer at ${address} within 60 s: ${stderr().trim()}`);
}

async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  // The grace timer is cancelled once the server is gone, so it keeps no caller alive after stop().
  const grace = new AbortController();
  const stopped = await Promise.race([
    exited.then(() => true),
    sleep(10_000, undefined, { signal: grace.signal }).then(
      () => false,
      () => true,
    ),
  ]);
  grace.abort();
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** No CLI installed: let the Temporal SDK download and run one (needs the internet). */
async function startDownloadedServer(
  options: DevServerOptions,
  ip: string,
  uiUrl: string | undefined,
): Promise<DevServer> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip,
      port: options.port,
      namespace: options.namespace ?? 'default',
      dbFilename: options.dbFilename,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'pretty', level: 'error' },
      extraArgs: [
        '--ui-disable-news-fetch',
        ...dynamicConfigArgs({ ...OFFLINE_DYNAMIC_CONFIG, ...options.dynamicConfig }),
      ],
    },
  });
  if (options.dbFilename) tightenDatabaseFiles(options.dbFilename);
  return { address: `${ip}:${options.port}`, uiUrl, stop: () => env.teardown() };
}

/** True when a Temporal frontend answers at the address within the timeout. */
export async function temporalAnswers(address: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    // connect() completes only after the server has answered a first call.
    const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

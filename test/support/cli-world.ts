import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import YAML from 'yaml';
import { runCli } from '../../admin/main';
import { formatDate } from '../../domain/time';
import { localDay } from '../../domain/working-days';
import { personToken } from './cli-people';
import { uniqueId, type Harness } from './harness';
import { useServer, type ServerHarness } from './server-harness';
import { ENV_TEMPORAL_ADDRESS, required, type TestDatabaseKind } from './test-env';

// The admin script's test world: run in-process as users run it (argv in, text and exit code out),
// signed in with a personal token as one of the campaign's people; every change goes through a real
// dondoc server (to the real dev server, a worker on the harness's task queue, and the test database).

/** Who runs a command unless the test says otherwise: the person whose job it is. */
export type Who = 'admin' | 'operator' | 'reviewer' | 'approver' | 'justice' | 'health';
function whoFor(args: string[]): Who {
  if (args[0] === 'campaign' && args[1] === 'launch') return 'admin';
  if (args[0] === 'review') return 'reviewer';
  if (args[0] === 'approver') return 'approver';
  if (args[0] === 'agency') return args[3] === 'so-y-te' ? 'health' : 'justice';
  return 'operator';
}
export const OPERATOR_ROLE = 'cán bộ Trung tâm Phục vụ - Kiểm soát TTHC (operator)';

export const REVIEWER = 'Sở Thông tin và Truyền thông';
export const APPROVER = 'Chủ tịch UBND tỉnh';
export const SERVICE_CENTER = 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh';
export const DAY = 86_400_000;

/** dd/mm/yyyy of the Vietnamese day `days` from now, and the instant that day ends. */
export function dayFromNow(days: number): { text: string; endIso: string } {
  const day = localDay(new Date(Date.now() + days * DAY));
  return { text: formatDate(`${day}T12:00:00+07:00`), endIso: new Date(`${day}T23:59:59+07:00`).toISOString() };
}

function sink(isTTY = false): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  }) as Writable & { isTTY?: boolean };
  stream.isTTY = isTTY;
  return { stream, text: () => text };
}

export interface Run {
  code: number;
  out: string;
  err: string;
}

export function campaignYaml(
  id: string,
  agencies: Record<string, string | undefined>[],
  deadlines: { submission: string; approval: string },
): string {
  return YAML.stringify({
    id,
    directive: {
      number: '751/UBND-TTHC',
      date: '2024-02-07',
      title: 'Khẩn trương hoàn thành nhiệm vụ số hóa hồ sơ, giấy tờ TTHC',
    },
    deadlines,
    calendar: 'weekends-only',
    policy: { reminderOffsets: [3, 1], resubmissionWorkingDays: 5, reviewWorkingDays: 5, perfunctoryReturnCount: 3 },
    reviewer: { name: REVIEWER, email: 'so-tttt@dondoc.example' },
    approver: { name: APPROVER, email: 'chutich@dondoc.example' },
    serviceCenter: { name: SERVICE_CENTER, email: 'ttpv@dondoc.example' },
    agencies,
  });
}

export const AGENCIES: Record<string, string | undefined>[] = [
  { code: 'so-tu-phap', name: 'Sở Tư pháp', kind: 'department', email: 'so-tu-phap@dondoc.example' },
  { code: 'so-y-te', name: 'Sở Y tế', kind: 'department' },
  { code: 'xa-21112', name: 'UBND xã Bình Châu, huyện Bình Sơn', kind: 'commune' },
];

export interface CliOptions {
  env?: Record<string, string>;
  tty?: boolean;
  /** Who is signed in; by default the person whose job the command is. */
  as?: Who;
}

/**
 * A test file's admin-script world: a server with a worker, the campaign's people with their
 * tokens, a folder and a campaign file (not launched yet), and the commands run as them.
 */
export function useCliWorld(kind: TestDatabaseKind) {
  const server: ServerHarness = useServer(kind);
  const harness: Harness = new Proxy({} as Harness, {
    get: (_, key) => Reflect.get(server.harness, key),
  });
  const tokens = {} as Record<Who, string>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-cli-'));
  const campaignId = uniqueId('cli');
  const campaignFile = path.join(dir, 'chien-dich.yaml');

  beforeAll(async () => {
    const db = server.harness.database.db;
    // The campaign file names most of them; launching grants them their roles.
    tokens.admin = await personToken(db, { email: 'quantri@dondoc.example', name: 'Quản trị hệ thống' }, [
      { role: 'admin' },
    ]);
    tokens.operator = await personToken(db, { email: 'ttpv@dondoc.example', name: 'Cán bộ TTPV' });
    tokens.reviewer = await personToken(db, { email: 'so-tttt@dondoc.example', name: 'Cán bộ Sở TTTT' });
    tokens.approver = await personToken(db, { email: 'chutich@dondoc.example', name: 'Văn thư UBND tỉnh' });
    tokens.justice = await personToken(db, { email: 'so-tu-phap@dondoc.example', name: 'Nguyễn Văn A (Sở Tư pháp)' });
    // Sở Y tế has no e-mail in the file: its member is granted by hand.
    tokens.health = await personToken(db, { email: 'syt@dondoc.example', name: 'Trần Thị B (Sở Y tế)' }, [
      { role: 'agency', campaignId, agencyCode: 'so-y-te' },
    ]);
    fs.writeFileSync(
      campaignFile,
      campaignYaml(campaignId, AGENCIES, {
        submission: `${localDay(new Date(Date.now() + 30 * DAY))}T23:59:59+07:00`,
        approval: `${localDay(new Date(Date.now() + 40 * DAY))}T23:59:59+07:00`,
      }),
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function env(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: required(ENV_TEMPORAL_ADDRESS),
      DONDOC_TASK_QUEUE: server.harness.taskQueue,
      DATABASE_URL: server.harness.database.url,
      DONDOC_LOG_LEVEL: 'error',
      DONDOC_SERVER_URL: server.baseUrl,
      DONDOC_CREDENTIALS_FILE: path.join(dir, 'no-credentials.json'),
      ...overrides,
    };
  }

  async function cli(args: string[], options: CliOptions = {}): Promise<Run> {
    const stdout = sink();
    const stderr = sink(options.tty);
    const code = await runCli(args, {
      stdout: stdout.stream,
      stderr: stderr.stream,
      env: env({ DONDOC_API_TOKEN: tokens[options.as ?? whoFor(args)], ...options.env }),
    });
    return { code, out: stdout.text(), err: stderr.text() };
  }

  /** Runs a command that must fail: non-zero exit, nothing on stdout, the fragment on stderr. */
  async function fails(args: string[], fragment: string, options?: CliOptions): Promise<string> {
    const run = await cli(args, options);
    expect({ args, err: run.err }).toEqual({ args, err: expect.stringContaining(fragment) });
    expect(run.code).not.toBe(0);
    expect(run.out).toBe('');
    return run.err;
  }

  async function ok(args: string[], options?: CliOptions): Promise<Run> {
    const run = await cli(args, options);
    expect({ args, code: run.code, err: run.err }).toEqual({
      args,
      code: 0,
      err: options?.tty ? expect.any(String) : '',
    });
    return run;
  }

  const assignment = (code: string) =>
    server.harness.database.db.assignment.findUniqueOrThrow({
      where: { campaignId_agencyCode: { campaignId, agencyCode: code } },
    });

  return { server, harness, tokens, dir, campaignId, campaignFile, cli, fails, ok, assignment };
}

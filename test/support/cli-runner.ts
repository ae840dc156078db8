import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { runCli } from '../../admin/main';
import { personToken } from './cli-people';
import { useServer, type ServerHarness } from './server-harness';
import { ENV_TEMPORAL_ADDRESS, required, type TestDatabaseKind } from './test-env';
import { textSink } from './text-sink';

// The admin script run in-process, signed in with a token to a test server (its task queue and
// database), and a small campaign file to launch with it.

export const CLI_PEOPLE = {
  reviewer: 'Sở Thông tin và Truyền thông',
  approver: 'Chủ tịch UBND tỉnh',
  serviceCenter: 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh',
};

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** A system administrator's token: acts in whichever role a command needs (the file names no one else). */
function adminToken(server: ServerHarness): Promise<string> {
  return personToken(server.harness.database.db, { email: 'quantri@example.gov.vn', name: 'Quản trị hệ thống' }, [
    { role: 'admin' },
  ]);
}

export function cliRunner(server: ServerHarness, token: string, extraEnv: Record<string, string> = {}) {
  const { harness } = server;
  return async (args: string[]): Promise<CliRun> => {
    const stdout = textSink();
    const stderr = textSink();
    const code = await runCli(args, {
      stdout: stdout.stream,
      stderr: stderr.stream,
      env: {
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: required(ENV_TEMPORAL_ADDRESS),
        DONDOC_TASK_QUEUE: harness.taskQueue,
        DATABASE_URL: harness.database.url,
        DONDOC_LOG_LEVEL: 'error',
        DONDOC_SERVER_URL: server.baseUrl,
        DONDOC_API_TOKEN: token,
        ...extraEnv,
      },
    });
    return { code, out: stdout.text(), err: stderr.text() };
  };
}

/** Writes a campaign file with the given agencies and extra top-level fields; returns its path. */
export function writeCampaignFile(
  dir: string,
  id: string,
  agencies: { code: string; name: string; kind: string; email?: string }[],
  fields: Record<string, unknown>,
): string {
  const file = path.join(dir, `${id}.yaml`);
  fs.writeFileSync(
    file,
    YAML.stringify({
      id,
      directive: {
        number: '751/UBND-TTHC',
        date: '2024-02-07',
        title: 'Khẩn trương hoàn thành nhiệm vụ số hóa hồ sơ, giấy tờ TTHC',
      },
      calendar: 'weekends-only',
      reviewer: { name: CLI_PEOPLE.reviewer, email: 'so-tttt@dondoc.example' },
      approver: { name: CLI_PEOPLE.approver },
      serviceCenter: { name: CLI_PEOPLE.serviceCenter },
      ...fields,
      agencies,
    }),
  );
  return file;
}

/**
 * A test file's admin script, set up in one line: a server with a worker, the script run as the
 * system administrator, and a folder for campaign files (removed after the file's tests).
 */
export function useAdminScript(kind: TestDatabaseKind, serverOptions?: Parameters<typeof useServer>[1]) {
  const server = useServer(kind, serverOptions);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-admin-'));
  let run: ReturnType<typeof cliRunner> | undefined;
  beforeAll(async () => {
    run = cliRunner(server, await adminToken(server));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cli = (args: string[]): Promise<CliRun> => run!(args);
  return { server, dir, cli };
}

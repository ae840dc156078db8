import { spawn } from 'node:child_process';
import path from 'node:path';

// A real PostgreSQL for machines where none answers: test/support/embedded-postgres-process.ts runs
// it in a process of its own, so that the server stops when that process's parent ends, however.

export interface EmbeddedPostgresServer {
  url: string;
  version: string;
  /** The temporary folder holding the cluster; removed by stop(). */
  folder: string;
  stop(): Promise<void>;
}

const SCRIPT = path.join(__dirname, 'embedded-postgres-process.ts');
const READY_TIMEOUT_MS = 120_000; // initdb and the first start on a busy 2-core machine

export async function startEmbeddedPostgres(): Promise<EmbeddedPostgresServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    cwd: path.join(__dirname, '..', '..'),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4_000)));
  child.stdin!.on('error', () => undefined); // it may exit before we close its stdin
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const ready = await new Promise<{ url: string; version: string; folder: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(`not ready after ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const end = out.indexOf('\n');
      if (end < 0) return;
      cleanup();
      resolve(JSON.parse(out.slice(0, end)));
    };
    const onExit = (code: number | null) => fail(`exited with code ${code}`);
    function cleanup() {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    }
    function fail(why: string) {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`embedded PostgreSQL did not start (${why}): ${stderr.trim()}`));
    }
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
  return {
    ...ready,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

// A documented npm command run as an operator would: its own process, its output kept for the
// test's messages, stopped with SIGTERM like a service manager does.

const ROOT = path.join(__dirname, '..', '..');

export interface NpmProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

export function runNpm(script: string, env: NodeJS.ProcessEnv, args: string[] = []): NpmProcess {
  const child = spawn('npm', ['run', '--silent', script, ...(args.length > 0 ? ['--', ...args] : [])], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // a process group of its own, so stop() signals npm and the program together
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close', not 'exit': the program npm started writes to the same pipes and may outlive npm by a moment.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async stop() {
      // As systemd stops a service: SIGTERM to every process of it at once.
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
      return exited;
    },
  };
}

/** Polls `check` until it holds; fails at once when the process ends, and shows its output. */
export async function until(check: () => boolean | Promise<boolean>, process: NpmProcess, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (
    !(await Promise.resolve()
      .then(check)
      .catch(() => false))
  ) {
    if (process.child.exitCode !== null) throw new Error(`the process ended: ${process.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${process.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The value of one Prometheus sample (`name{labels}` exactly as exposed), or 0 when absent. */
export function sample(metricsText: string, series: string): number {
  const line = metricsText.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

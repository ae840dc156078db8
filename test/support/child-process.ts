import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

// A child process the fault suites start, wait for, SIGKILL and start again; each group remembers
// its children so that its killAll() ends them whatever happened in the test.

const STDERR_KEPT = 20_000;

export interface KillableProcess {
  readonly pid: number;
  /** Resolves when the process has exited, however. */
  readonly exited: Promise<void>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
  /** Still running (not crashed, not killed). */
  alive(): boolean;
  /** Ended by kill() (as opposed to exiting or crashing on its own). */
  readonly killed: boolean;
  /** The end of what it wrote on stderr (for failure messages). */
  stderr(): string;
}

export interface ChildStart {
  /** What the process is, in failure messages ("worker process"). */
  name: string;
  args: string[];
  options: SpawnOptions;
  /** True once what it wrote on stdout says it is ready. */
  ready: (stdout: string) => boolean;
  readyTimeoutMs: number;
}

export class ChildGroup {
  private readonly live = new Set<ChildProcess>();

  /** Starts the process and resolves once it is ready; a process that exits or times out first is killed and rejects. */
  async start(start: ChildStart): Promise<KillableProcess> {
    const child = spawn(process.execPath, start.args, { ...start.options, stdio: ['pipe', 'pipe', 'pipe'] });
    this.live.add(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEPT)));
    // A killed child leaves a broken pipe behind; that is expected here, not an error.
    child.stdin!.on('error', () => undefined);
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        this.live.delete(child);
        resolve();
      }),
    );
    await waitReady(child, start, () => stderr);
    let killed = false;
    const running = () => child.exitCode === null && child.signalCode === null;
    return {
      pid: child.pid!,
      exited,
      get killed() {
        return killed;
      },
      async kill() {
        killed = true;
        if (running()) child.kill('SIGKILL');
        await exited;
      },
      alive: running,
      stderr: () => stderr,
    };
  }

  /** Ends every process of the group still running (afterAll, whatever the outcome). */
  async killAll(): Promise<void> {
    await Promise.all(
      [...this.live].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
  }
}

function waitReady(child: ChildProcess, start: ChildStart, stderr: () => string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(`not ready after ${start.readyTimeoutMs} ms`), start.readyTimeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (start.ready(out)) done();
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(`exited before ready (code ${code}, signal ${signal})`);
    function cleanup() {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    }
    function done() {
      cleanup();
      child.stdout!.resume(); // keep draining so the child never blocks on a full pipe
      resolve();
    }
    function fail(why: string) {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`${start.name} ${why}\n${out}\n${stderr()}`));
    }
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

import { startServerProcess, type ServerProcess, type ServerProcessOptions } from './fault-server';
import { startWorkerProcess, type WorkerProcess, type WorkerProcessOptions } from './fault-worker';

// The processes a worker-kill run works with: one worker process and one dondoc server process,
// kept alive, and killed (one fault at a time) when asked.

/** A promise chain: one fault at a time (the Update-aimed kills and the timer-aimed kills share the processes). */
function serial() {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = last.then(work, work);
    last = next.catch(() => undefined);
    return next;
  };
}

/**
 * Keeps one worker process and one dondoc server process alive; in chaos mode, kills them. A
 * process that exits on its own (a crash: the real finding) is recorded with its stderr.
 */
export function supervisor(options: WorkerProcessOptions & Omit<ServerProcessOptions, 'taskQueue' | 'databaseUrl'>) {
  let worker: WorkerProcess | undefined;
  let server: ServerProcess | undefined;
  let stopped = false;
  const crashes: string[] = [];
  const one = serial();
  const startWorker = async () => {
    const started = await startWorkerProcess(options);
    void started.exited.then(() => {
      if (!started.killed) crashes.push(`worker ${started.pid} exited on its own:\n${started.stderr()}`);
    });
    worker = started;
    if (stopped) await started.kill();
  };
  const startServer = async () => {
    const started = await startServerProcess(options);
    server = started;
    if (stopped) await started.kill();
  };
  return {
    crashes,
    baseUrl: `http://127.0.0.1:${options.port}`,
    start: () => Promise.all([startWorker(), startServer()]),
    /** SIGKILL the worker (and the server with it, if asked), wait `down`, start them again. */
    kill(what: { server: boolean }, down: () => Promise<void> = async () => undefined) {
      return one(async () => {
        if (stopped) return;
        await Promise.all([worker?.kill(), what.server ? server?.kill() : undefined]);
        await down();
        if (stopped) return;
        await Promise.all([startWorker(), what.server ? startServer() : undefined]);
      });
    },
    async stop() {
      stopped = true;
      await Promise.all([worker?.kill(), server?.kill()]);
    },
  };
}
export type Supervisor = ReturnType<typeof supervisor>;

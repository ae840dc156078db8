import type { State, Worker } from '@temporalio/worker';

/**
 * The SDK workers of one dondoc worker process, run and stopped as one: the agencies' queue and the
 * campaigns' own queue (temporal/task-queues.ts). If one stops on an error the others are shut down
 * and the error is thrown once all have stopped.
 */
export class WorkerGroup {
  constructor(private readonly workers: readonly Worker[]) {}

  async run(): Promise<void> {
    const outcomes = await Promise.allSettled(
      this.workers.map((worker) =>
        worker.run().catch((error: unknown) => {
          this.shutdown();
          throw error;
        }),
      ),
    );
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Stops every worker that still runs, once its in-flight tasks finish. */
  shutdown(): void {
    for (const worker of this.workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  }

  /** RUNNING only while every worker runs; otherwise the first other state. */
  getState(): State {
    return this.workers.map((worker) => worker.getState()).find((state) => state !== 'RUNNING') ?? 'RUNNING';
  }
}

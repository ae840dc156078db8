import { logger } from '../../shared/logger';

/**
 * The people's calls in flight: one at a time per person and agency, a few at once in all. A race
 * with a concurrent change is only logged (the next round sees the new stage).
 */
export class CallsInFlight {
  private readonly running = new Set<string>();
  private readonly queue: (() => void)[] = [];
  private active = 0;

  constructor(private readonly limit: number) {}

  start(who: string, act: () => Promise<unknown>): void {
    if (this.running.has(who)) return;
    this.running.add(who);
    void this.slot()
      .then(act)
      .catch((error: unknown) => logger.debug({ err: error, who }, 'demo action skipped'))
      .finally(() => {
        this.running.delete(who);
        this.active--;
        this.queue.shift()?.();
      });
  }

  private slot(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.queue.push(() => {
        this.active++;
        resolve();
      }),
    );
  }
}

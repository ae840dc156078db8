import { setTimeout as sleep } from 'node:timers/promises';

/** Polls until `probe` stops throwing (an expect inside it), then returns its value. */
export async function eventually<T>(probe: () => Promise<T> | T, timeoutMs = 20_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(intervalMs);
    }
  }
}

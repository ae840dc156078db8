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

/** Time for anything still in flight (a retried activity, a late timer) to arrive before "exactly once" is checked again. */
const SETTLE_MS = 3_000;

/**
 * "Exactly once" holds at one instant and after a settle window: checks `probe` now, waits, and
 * checks it again, so a duplicate that arrives late still fails the test.
 */
export async function stillAfterSettling<T>(probe: () => Promise<T> | T, settleMs = SETTLE_MS): Promise<T> {
  await probe();
  await sleep(settleMs);
  return probe();
}

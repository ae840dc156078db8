import type { Database } from '../../prisma/database';
import { logger } from '../../shared/logger';
import type { RowDelivery } from './row-delivery';

// The outbox relay: delivers the rows written with an assignment or an agency's transition or event
// (the record and its notices commit in one transaction, and no activity follows it). Such a row is written
// `pending` with `nextAttemptAt` set: due from that instant to whichever worker relays it. A row a
// notify activity owns has `nextAttemptAt` null between attempts, so the relay leaves it to that
// activity's retries; a notify claim that expired (its worker died mid-send) is due again and the
// relay delivers it too. Claims (row-delivery.ts) keep two workers from sending one row twice.
//
// The relay runs when a worker starts (a row a stopped worker left behind, its claim expired or
// about to, is delivered without waiting for another record), when a record wrote a
// row to deliver, and again when a failed or claimed row is due.

const BATCH = 50;
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 10 * 60_000;

export interface OutboxRelay {
  /** Delivers every due row soon, in the background. */
  nudge(): void;
  /** Resolves when no delivery is under way (tests, shutdown). */
  idle(): Promise<void>;
}

export function createOutboxRelay(db: Database, delivery: RowDelivery): OutboxRelay {
  let running: Promise<void> | undefined;
  let again = false;
  let retryTimer: NodeJS.Timeout | undefined;

  /** A transient failure is due again after a backoff that doubles with each attempt. */
  async function backOff(id: string, attempts: number): Promise<void> {
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
    await db.notification.updateMany({
      where: { id, status: 'pending', nextAttemptAt: null },
      data: { nextAttemptAt: new Date(Date.now() + delay) },
    });
  }

  async function sweep(): Promise<void> {
    for (;;) {
      const due = await db.notification.findMany({
        where: { status: 'pending', nextAttemptAt: { not: null, lte: new Date() } },
        orderBy: { createdAt: 'asc' },
        take: BATCH,
      });
      if (due.length === 0) break;
      // One statement claims the batch and one records what was sent (not two commits a row).
      const failed = await delivery.deliverAll(due).catch((error: unknown) => {
        // A statement of the batch failed: each row is due again, at once if unclaimed, else when its claim ends.
        return due.map((row) => ({ row, error: error as Error }));
      });
      for (const { row, error } of failed) {
        logger.warn(
          { component: 'notifications', key: row.idempotencyKey, error: error.message },
          'outbox relay: delivery failed, will retry',
        );
        await backOff(row.id, row.attempts + 1);
      }
      if (due.length < BATCH) break;
    }
    const next = await db.notification.findFirst({
      where: { status: 'pending', nextAttemptAt: { not: null } },
      orderBy: { nextAttemptAt: 'asc' },
      select: { nextAttemptAt: true },
    });
    if (next?.nextAttemptAt) {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(nudge, Math.max(0, next.nextAttemptAt.getTime() - Date.now()) + 50);
      retryTimer.unref(); // never keeps a stopping worker alive; the rows wait for the next nudge
    }
  }

  function nudge(): void {
    if (running) {
      again = true;
      return;
    }
    running = sweep()
      .catch((error: unknown) =>
        logger.warn({ component: 'notifications', error: (error as Error).message }, 'outbox relay sweep failed'),
      )
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          nudge();
        }
      });
  }

  setImmediate(nudge);

  return {
    nudge,
    async idle() {
      while (running) await running;
    },
  };
}

import type { NotifyInput } from '../../activities/notifications';
import { notify } from './activity-proxies';

/**
 * Notifications are delivered in the background, so a slow mail server never holds up an Update; the
 * workflow waits for them before it ends. A refused recipient is recorded as failed in the outbox and
 * must not fail the workflow.
 */
export class Deliveries {
  private readonly inFlight: Promise<unknown>[] = [];

  deliver(notice: NotifyInput | undefined): void {
    if (notice) this.inFlight.push(notify(notice).catch(() => undefined));
  }

  settled(): Promise<unknown> {
    return Promise.all(this.inFlight);
  }
}

import type { NotifyInput } from '../../activities/notifications';
import { notify } from './activity-proxies';

/**
 * Notifications are delivered in the background, so a slow mail server never holds up an Update; the
 * workflow waits for them before its run ends. A refused recipient is recorded as failed in the
 * outbox and must not fail the workflow.
 */
export class Deliveries {
  private readonly inFlight: Promise<unknown>[] = [];
  private pending = 0;

  deliver(notice: NotifyInput | undefined): void {
    if (!notice) return;
    this.pending++;
    this.inFlight.push(
      notify(notice)
        .catch(() => undefined)
        .finally(() => this.pending--),
    );
  }

  get idle(): boolean {
    return this.pending === 0;
  }

  /** Waits for every delivery started so far. */
  settled(): Promise<unknown> {
    return Promise.all(this.inFlight);
  }
}

import { allHandlersFinished, condition } from '@temporalio/workflow';
import type { CampaignClock } from '../../domain/clock';
import type { Deliveries } from './deliveries';

// The one wait of every long-running workflow: sleep until the next planned instant on the campaign
// clock, or wake early when a message changes the plan.

/**
 * Waits until the campaign instant `at` (true: time to act) or until `changed()` holds first (false:
 * plan again). With nothing planned, waits for a change only.
 */
export async function waitUntil(
  clock: CampaignClock,
  at: number | undefined,
  changed: () => boolean,
): Promise<boolean> {
  if (at === undefined) {
    await condition(changed);
    return false;
  }
  const wait = clock.realDelayUntil(at);
  if (wait > 0 && (await condition(changed, wait))) return false;
  return true;
}

/**
 * Lets running handlers and background deliveries finish before the run ends (or continues as new):
 * nothing may run after it returns, so it ends with no handler running and no delivery pending.
 */
export async function drain(deliveries: Deliveries): Promise<void> {
  do {
    await deliveries.settled();
    await condition(allHandlersFinished);
  } while (!deliveries.idle);
}

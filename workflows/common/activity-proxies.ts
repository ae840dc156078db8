import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

// Activity options of every workflow, written once.

/**
 * Database writes and reads are short and idempotent: as local activities they cost one marker
 * event each instead of a round trip through the server, which keeps histories small. The database
 * may be away for a while; they keep trying rather than fail the workflow.
 */
export const database = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Campaign-wide work touches every agency: regular activities with heartbeats, resumable. */
export const campaignWide = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * An SMTP outage must not lose a message: retry with backoff until it is delivered. A recipient the
 * server refuses is recorded as failed in the outbox instead.
 */
export const { notify } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['NotificationRejected'],
  },
});

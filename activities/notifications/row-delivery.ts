import type { Notification } from '../../generated/prisma-sqlite/client';
import type { Database } from '../../prisma/database';
import { logger } from '../../shared/logger';
import { createEmailChannel, DeliveryError, SEND_TIMEOUT_MS, type ChannelName, type DeliveryChannel } from './delivery';
import { createWebhookChannel } from './webhook';
import type { NotificationOptions } from './outbox';

// Delivery of one outbox row through its channel, shared by the notify activity and the outbox relay.
//
// `nextAttemptAt` is a claim: an attempt sets it a while ahead before sending, and no other attempt
// touches the row until then. A Temporal attempt that timed out may still be running in its
// worker when the retry starts; the claim keeps the two from sending the same row twice.

const CLAIM_MS = 2 * SEND_TIMEOUT_MS;
const MAX_ERROR_LENGTH = 2_000;

/** Why an e-mail row is left undelivered by a worker without SMTP. */
export const NO_SMTP = 'SMTP_URL chưa được cấu hình';

const log = {
  debug: (fields: object, message: string) => logger.debug({ component: 'notifications', ...fields }, message),
};

export type Outcome = 'sent' | 'alreadySent' | 'skipped';

export interface RowDelivery {
  /** Whether this worker can deliver on the channel (e-mail needs SMTP_URL). */
  canDeliver(channel: string): boolean;
  /** Delivers one row unless it is sent or claimed; records the attempt either way. */
  deliver(row: Notification): Promise<Outcome>;
}

export function createRowDelivery(db: Database, options: NotificationOptions): RowDelivery {
  const channels: Partial<Record<ChannelName, DeliveryChannel>> = {
    webhook: createWebhookChannel({
      timeoutMs: options.webhookTimeoutMs,
      allowPrivateAddresses: options.webhookPrivateAddresses,
    }),
    ...(options.smtpUrl ? { email: createEmailChannel({ smtpUrl: options.smtpUrl, from: options.from }) } : {}),
  };

  /** Delivers one row unless it is sent or claimed; records the attempt either way. */
  async function deliver(row: Notification): Promise<Outcome> {
    if (row.status === 'sent') return 'alreadySent';
    const channel = channels[row.channel as ChannelName];
    if (!channel) {
      if (row.status !== 'skipped') {
        await db.notification.updateMany({
          where: { id: row.id, status: { not: 'sent' } },
          data: { status: 'skipped', lastError: NO_SMTP },
        });
        // Expected without SMTP (the demo): the outbox keeps the message; nothing to warn about each time.
        log.debug(
          { key: row.idempotencyKey, kind: row.kind, recipient: row.recipient },
          'SMTP_URL is not set: e-mail notification skipped',
        );
      }
      return 'skipped';
    }

    const now = new Date();
    const claim = await db.notification.updateMany({
      where: { id: row.id, status: { not: 'sent' }, OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
      data: { status: 'pending', attempts: { increment: 1 }, nextAttemptAt: new Date(now.getTime() + CLAIM_MS) },
    });
    if (claim.count === 0) {
      const current = await db.notification.findUniqueOrThrow({ where: { id: row.id }, select: { status: true } });
      if (current.status === 'sent') return 'alreadySent';
      throw new DeliveryError('another attempt is delivering this notification', false);
    }

    try {
      await channel.send({
        idempotencyKey: row.idempotencyKey,
        kind: row.kind,
        campaignId: row.campaignId,
        assignmentId: row.assignmentId,
        to: row.recipient,
        subject: row.subject,
        text: row.body,
        createdAt: row.createdAt,
      });
    } catch (error) {
      const failure =
        error instanceof DeliveryError ? error : new DeliveryError((error as Error).message, false, { cause: error });
      await db.notification.update({
        where: { id: row.id },
        data: {
          status: failure.permanent ? 'failed' : 'pending',
          lastError: failure.message.slice(0, MAX_ERROR_LENGTH),
          nextAttemptAt: null,
        },
      });
      throw failure;
    }
    // If this write is lost the row is delivered again on retry, with the same Message-ID /
    // Idempotency-Key, so the receiver can still tell it is a duplicate.
    await db.notification.update({
      where: { id: row.id },
      data: { status: 'sent', sentAt: new Date(), nextAttemptAt: null },
    });
    return 'sent';
  }

  return { canDeliver: (channel) => channels[channel as ChannelName] !== undefined, deliver };
}

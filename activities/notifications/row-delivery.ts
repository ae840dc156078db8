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
  /**
   * `deliver` for many rows (the outbox relay's batch): the rows no channel here can deliver are
   * marked in one statement, the rest claimed in one, sent side by side, and the sent marked in one.
   * A row another attempt holds is left to it. Returns the rows that failed, with why.
   */
  deliverAll(rows: readonly Notification[]): Promise<{ row: Notification; error: DeliveryError }[]>;
}

export function createRowDelivery(db: Database, options: NotificationOptions): RowDelivery {
  const channels: Partial<Record<ChannelName, DeliveryChannel>> = {
    webhook: createWebhookChannel({
      timeoutMs: options.webhookTimeoutMs,
      allowPrivateAddresses: options.webhookPrivateAddresses,
    }),
    ...(options.smtpUrl ? { email: createEmailChannel({ smtpUrl: options.smtpUrl, from: options.from }) } : {}),
  };

  const claimable = (now: Date) => ({
    status: { not: 'sent' },
    OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
  });
  const claim = (now: Date) => ({
    status: 'pending',
    attempts: { increment: 1 },
    nextAttemptAt: new Date(now.getTime() + CLAIM_MS),
  });
  const skipped = { status: 'skipped', lastError: NO_SMTP };
  const sent = () => ({ status: 'sent', sentAt: new Date(), nextAttemptAt: null });

  /** Sends a claimed row; a failure is recorded on it (due again only by the relay's back-off). */
  async function send(channel: DeliveryChannel, row: Notification): Promise<void> {
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
  }

  async function deliverAll(rows: readonly Notification[]) {
    const open = rows.filter((row) => row.status !== 'sent');
    const undeliverable = open.filter((row) => !channels[row.channel as ChannelName] && row.status !== 'skipped');
    if (undeliverable.length > 0)
      await db.notification.updateMany({
        where: { id: { in: undeliverable.map((row) => row.id) }, status: { not: 'sent' } },
        data: skipped,
      });
    const deliverable = open.filter((row) => channels[row.channel as ChannelName]);
    if (deliverable.length === 0) return [];
    const now = new Date();
    const claimed = await db.notification.updateManyAndReturn({
      where: { id: { in: deliverable.map((row) => row.id) }, ...claimable(now) },
      data: claim(now),
      select: { id: true },
    });
    const ours = new Set(claimed.map((row) => row.id));
    const failed: { row: Notification; error: DeliveryError }[] = [];
    const delivered: string[] = [];
    await Promise.all(
      deliverable
        .filter((row) => ours.has(row.id))
        .map((row) =>
          send(channels[row.channel as ChannelName]!, row).then(
            () => void delivered.push(row.id),
            (error: DeliveryError) => void failed.push({ row, error }),
          ),
        ),
    );
    // As in `deliver`: a lost write here sends these again, with the same Message-ID / Idempotency-Key.
    if (delivered.length > 0) await db.notification.updateMany({ where: { id: { in: delivered } }, data: sent() });
    return failed;
  }

  /** Delivers one row unless it is sent or claimed; records the attempt either way. */
  async function deliver(row: Notification): Promise<Outcome> {
    if (row.status === 'sent') return 'alreadySent';
    const channel = channels[row.channel as ChannelName];
    if (!channel) {
      if (row.status !== 'skipped') {
        await db.notification.updateMany({ where: { id: row.id, status: { not: 'sent' } }, data: skipped });
        // Expected without SMTP (the demo): the outbox keeps the message; nothing to warn about each time.
        log.debug(
          { key: row.idempotencyKey, kind: row.kind, recipient: row.recipient },
          'SMTP_URL is not set: e-mail notification skipped',
        );
      }
      return 'skipped';
    }

    const now = new Date();
    const claimed = await db.notification.updateMany({ where: { id: row.id, ...claimable(now) }, data: claim(now) });
    if (claimed.count === 0) {
      const current = await db.notification.findUniqueOrThrow({ where: { id: row.id }, select: { status: true } });
      if (current.status === 'sent') return 'alreadySent';
      throw new DeliveryError('another attempt is delivering this notification', false);
    }
    await send(channel, row);
    // If this write is lost the row is delivered again on retry, with the same Message-ID /
    // Idempotency-Key, so the receiver can still tell it is a duplicate.
    await db.notification.update({ where: { id: row.id }, data: sent() });
    return 'sent';
  }

  return { canDeliver: (channel) => channels[channel as ChannelName] !== undefined, deliver, deliverAll };
}

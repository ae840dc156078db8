import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { Database } from '../../prisma/database';
import { logger } from '../../shared/logger';
import { DeliveryError, type ChannelName } from './delivery';
import { createRowDelivery, type RowDelivery } from './row-delivery';
import {
  NotificationParamsError,
  validateNotification,
  type NotificationMessage,
  type NotificationRequest,
} from '../../domain/notifications';
import { isUniqueViolation } from '../../shared/unique-violation';
import { completeWithCampaignPeople, createCampaignPeopleLookup } from './campaign-people';
import { pageFor, pageUrl } from '../../domain/page-links';
import { renderValidNotification, type RenderedNotification } from './templates';

// The notification outbox. One row per (event, channel, address), keyed
// `<event key>:<channel>:<address>`: the row is written once, delivered until it is `sent`, and a
// sent row is never delivered again, whatever the number of retries, replays or worker restarts.
//
// Row states: pending (to deliver, or delivery failed and will be retried), sent, skipped (e-mail
// with no SMTP configured; delivered once a later call has SMTP), failed (the receiver refused the
// recipient; retried too, but the error type lets a caller stop retrying).
//
// Rows written with their event by a transition (the transactional outbox) are delivered by the notify
// activity that follows; rows written with the assignment are delivered by the outbox relay
// (relay.ts), without an activity of their own.

// Looked up on each call (not a child fixed at import) so the level set on the shared logger applies.
const log = {
  debug: (fields: object, message: string) => logger.debug({ component: 'notifications', ...fields }, message),
  warn: (fields: object, message: string) => logger.warn({ component: 'notifications', ...fields }, message),
};

export interface NotificationOptions {
  /** SMTP_URL; without it e-mail rows are marked `skipped` instead of failing. */
  smtpUrl?: string;
  /** SMTP_FROM, e.g. `dondoc <dondoc@example.gov.vn>`. */
  from: string;
  webhookTimeoutMs?: number;
  /** DONDOC_WEBHOOK_PRIVATE_ADDRESSES: webhooks may reach loopback and private addresses (refused otherwise). */
  webhookPrivateAddresses?: boolean;
  /** DONDOC_PUBLIC_URL: every message links to the page it is about there. */
  publicUrl?: string;
}

export interface Recipient {
  channel: ChannelName;
  /** An e-mail address, or the URL a webhook is POSTed to. */
  address: string;
}

/** One event to notify: a kind with its params (typed together), to one or more recipients. */
export type NotifyInput = NotificationRequest & {
  /** Idempotency key of the event, stable across retries, e.g. `<workflowId>:<seq>:returned`. */
  key: string;
  campaignId: string;
  assignmentId?: string;
  recipients: Recipient[];
};

export interface NotifyResult {
  /** Rows delivered by this call. */
  sent: number;
  /** E-mail rows left undelivered because no SMTP is configured. */
  skipped: number;
  /** Rows an earlier call had already delivered. */
  alreadySent: number;
}

const envelopeSchema = z.object({
  key: z.string({ error: 'Thiếu key.' }).trim().min(1, 'key không được để trống.'),
  campaignId: z.string({ error: 'Thiếu campaignId.' }).trim().min(1, 'campaignId không được để trống.'),
  assignmentId: z.string().trim().min(1).optional(),
  recipients: z.array(
    z.discriminatedUnion('channel', [
      z.object({
        channel: z.literal('email'),
        address: z.string().trim().pipe(z.email('Địa chỉ email không hợp lệ.')),
      }),
      z.object({
        channel: z.literal('webhook'),
        address: z
          .string()
          .trim()
          .pipe(z.url({ protocol: /^https?$/, error: 'Địa chỉ webhook phải là URL http(s).' })),
      }),
    ]),
    { error: 'recipients phải là danh sách { channel, address }.' },
  ),
});

export function outboxKey(eventKey: string, recipient: Recipient): string {
  return `${eventKey}:${recipient.channel}:${recipient.address}`;
}

function invalid(message: string, type: string): ApplicationFailure {
  // Retrying cannot fix a malformed request: fail at once with a message naming the field.
  return ApplicationFailure.nonRetryable(message, type);
}

export interface OutboxRow {
  id: string;
  idempotencyKey: string;
  campaignId: string;
  assignmentId: string | null;
  kind: string;
  channel: string;
  recipient: string;
  subject: string;
  body: string;
}

type Envelope = z.output<typeof envelopeSchema>;

/** The request's key and recipients, validated; a malformed one fails at once naming the field. */
function parseEnvelope(input: NotifyInput): Envelope {
  const envelope = envelopeSchema.safeParse(input);
  if (!envelope.success) {
    throw invalid(
      `Yêu cầu thông báo không hợp lệ:\n${envelope.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n')}`,
      'InvalidNotifyInput',
    );
  }
  return envelope.data;
}

/**
 * The outbox rows of one event, rendered: one per distinct recipient, keyed for idempotency.
 * Throws a non-retryable failure naming the field when the request or its params are malformed.
 */
export function outboxRows(input: NotifyInput, publicUrl?: string): OutboxRow[] {
  return renderRows(input, parseEnvelope(input), publicUrl);
}

/** The portal page a message is about: its agency's (from the assignment), else its campaign's. */
function messageLink(envelope: Envelope, publicUrl: string): string {
  const prefix = `${envelope.campaignId}/`;
  const agencyCode = envelope.assignmentId?.startsWith(prefix) ? envelope.assignmentId.slice(prefix.length) : undefined;
  return pageUrl(publicUrl, pageFor(envelope.campaignId, agencyCode));
}

/** `only` limits the rows to the keys given (the ones not written yet). */
function renderRows(
  input: NotifyInput,
  envelope: Envelope,
  publicUrl: string | undefined,
  only?: ReadonlySet<string>,
): OutboxRow[] {
  const { key, campaignId, assignmentId } = envelope;
  const recipients = [...new Map(envelope.recipients.map((r) => [outboxKey(key, r), r])).entries()].filter(
    ([rowKey]) => !only || only.has(rowKey),
  );
  if (recipients.length === 0) return [];
  let rendered: RenderedNotification;
  try {
    rendered = renderValidNotification(
      validateNotification({ kind: input.kind, params: input.params } as NotificationMessage),
      publicUrl === undefined ? undefined : messageLink(envelope, publicUrl),
    );
  } catch (error) {
    if (error instanceof NotificationParamsError) throw invalid(error.message, 'NotificationParamsError');
    throw error;
  }
  return recipients.map(([rowKey, recipient]) => ({
    id: rowKey,
    idempotencyKey: rowKey,
    campaignId,
    assignmentId: assignmentId ?? null,
    kind: input.kind,
    channel: recipient.channel,
    recipient: recipient.address,
    subject: rendered.subject,
    body: rendered.text,
  }));
}

export function createNotificationActivities(
  db: Database,
  options: NotificationOptions,
  delivery: RowDelivery = createRowDelivery(db, options),
) {
  const people = createCampaignPeopleLookup(db);
  const { deliver } = delivery;

  return {
    /**
     * Renders the message, writes one outbox row per recipient (once per event key) and delivers
     * every row of this event not yet sent. Throws when any delivery fails, after delivering the
     * others, so Temporal retries with backoff; sent rows stay sent. The failure type is
     * `NotificationRejected` when every failure is a refusal of the recipient (SMTP 5xx on the
     * envelope, webhook 4xx), `NotificationDeliveryFailed` otherwise; a caller may list the former
     * in `nonRetryableErrorTypes`.
     */
    async notify(input: NotifyInput): Promise<NotifyResult> {
      const envelope = parseEnvelope(input);
      const { key } = envelope;
      const keys = [...new Set(envelope.recipients.map((r) => outboxKey(key, r)))];
      if (keys.length === 0) return { sent: 0, skipped: 0, alreadySent: 0 };

      const existing = new Set(
        (
          await db.notification.findMany({ where: { idempotencyKey: { in: keys } }, select: { idempotencyKey: true } })
        ).map((row) => row.idempotencyKey),
      );
      const missing = new Set(keys.filter((rowKey) => !existing.has(rowKey)));
      // Rendered only when a row is first written: retries deliver exactly what was recorded.
      const complete = missing.size > 0 ? await completeWithCampaignPeople(input, people) : input;
      for (const data of missing.size > 0 ? renderRows(complete, envelope, options.publicUrl, missing) : []) {
        try {
          await db.notification.create({ data });
        } catch (error) {
          if (!isUniqueViolation(error)) throw error; // a concurrent attempt wrote it first
        }
      }

      const rows = await db.notification.findMany({ where: { idempotencyKey: { in: keys } } });
      const outcomes = await Promise.allSettled(rows.map(deliver));
      const result: NotifyResult = { sent: 0, skipped: 0, alreadySent: 0 };
      const failures: { recipient: string; error: DeliveryError }[] = [];
      outcomes.forEach((outcome, index) => {
        if (outcome.status === 'fulfilled') {
          result[outcome.value] += 1;
        } else {
          const error =
            outcome.reason instanceof DeliveryError
              ? outcome.reason
              : new DeliveryError(String((outcome.reason as Error)?.message ?? outcome.reason), false);
          failures.push({ recipient: `${rows[index]!.channel}:${rows[index]!.recipient}`, error });
        }
      });
      if (failures.length > 0) {
        log.warn(
          {
            key,
            kind: input.kind,
            failures: failures.map((f) => ({ recipient: f.recipient, error: f.error.message })),
          },
          'notification delivery failed',
        );
        const type = failures.every((f) => f.error.permanent) ? 'NotificationRejected' : 'NotificationDeliveryFailed';
        throw ApplicationFailure.retryable(
          `Gửi thông báo ${input.kind} thất bại cho ${failures.length}/${rows.length} người nhận: ${failures.map((f) => `${f.recipient} (${f.error.message})`).join('; ')}`,
          type,
          { key, ...result, failed: failures.length },
        );
      }
      log.debug({ key, kind: input.kind, ...result }, 'notification delivered');
      return result;
    },
  };
}

import crypto from 'node:crypto';
import { createTransport } from 'nodemailer';

// The delivery channels. Both are at-least-once by nature (the receiver may have taken a message
// when the acknowledgement is lost), so both carry a stable id derived from the outbox key that
// lets the receiver drop a duplicate: the Message-ID header for e-mail, Idempotency-Key for webhooks.

export type ChannelName = 'email' | 'webhook';

export interface OutgoingMessage {
  /** The outbox row's key: `<event key>:<channel>:<address>`. */
  idempotencyKey: string;
  kind: string;
  campaignId: string;
  assignmentId?: string | null;
  to: string;
  subject: string;
  text: string;
  /** When the event was first recorded; the same on every retry. */
  createdAt: Date;
}

export interface DeliveryChannel {
  send(message: OutgoingMessage): Promise<void>;
}

/** A delivery failure; `permanent` when the receiver refused this recipient and retrying cannot help. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}

// Bounds one delivery: it fits a 1-minute startToCloseTimeout and ends before the outbox's claim
// on the row (see outbox.ts) expires, so no other attempt can take the row over mid-send.
export const SEND_TIMEOUT_MS = 30_000;

function domainOf(from: string): string {
  const match = /@([^\s>@]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'dondoc.invalid';
}

/** The same key always gives the same Message-ID, so retries of one message share it. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const digest = crypto.createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32);
  return `<dondoc.${digest}@${domainOf(from)}>`;
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
}

/** E-mail over SMTP; `smtpUrl` as in SMTP_URL: smtp://user:pass@host:587 or smtps://…:465. */
export function createEmailChannel(options: { smtpUrl: string; from: string }): DeliveryChannel {
  // One connection per message (no pool): an activity sends a handful of messages, and no socket
  // outlives the call, so a worker holds nothing open and a restarted server is simply reconnected.
  const transport = createTransport({
    url: options.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      try {
        await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId: messageIdFor(message.idempotencyKey, options.from),
          date: message.createdAt,
          headers: { 'X-Dondoc-Kind': message.kind },
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
      } catch (error) {
        const smtp = error as SmtpError;
        // A 5xx on the envelope is the server refusing this recipient; anything else (connection,
        // timeout, 4xx, authentication) may pass on a later attempt or after fixing configuration.
        const permanent = smtp.code === 'EENVELOPE' && (smtp.responseCode ?? 0) >= 500;
        const detail = smtp.response ?? (error as Error).message;
        throw new DeliveryError(`SMTP ${smtp.code ?? 'error'}: ${detail}`, permanent, { cause: error });
      }
    },
  };
}

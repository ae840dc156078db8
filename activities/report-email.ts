import { createTransport } from 'nodemailer';
import type { Database } from '../prisma/database';
import { messageIdFor, SEND_TIMEOUT_MS } from './notifications/delivery';
import { isUniqueViolation } from '../shared/unique-violation';

// The daily report by e-mail, at most once per campaign, day and address: the notification outbox
// row keyed `report:<campaign>:<day>:email:<address>` records the sending, so a retried activity
// or a second run on the same day sends nothing twice (and the same Message-ID lets a mail server
// drop a duplicate if the row's update was lost).

export interface ReportMail {
  campaignId: string;
  day: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; path: string }[];
}

export interface ReportMailResult {
  sent: number;
  alreadySent: number;
  /** No SMTP_URL configured: recorded as skipped. */
  skipped: number;
}

function reportMailKey(campaignId: string, day: string, address: string): string {
  return `report:${campaignId}:${day}:email:${address.toLowerCase()}`;
}

export function createReportMailer(db: Database, options: { smtpUrl?: string; from: string }) {
  const transport = options.smtpUrl
    ? createTransport({
        url: options.smtpUrl,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      })
    : undefined;

  async function rowFor(mail: ReportMail, address: string) {
    const key = reportMailKey(mail.campaignId, mail.day, address);
    const existing = await db.notification.findUnique({ where: { idempotencyKey: key } });
    if (existing) return existing;
    try {
      return await db.notification.create({
        data: {
          id: key,
          idempotencyKey: key,
          campaignId: mail.campaignId,
          kind: 'report',
          channel: 'email',
          recipient: address,
          subject: mail.subject,
          body: mail.text,
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error; // a concurrent attempt wrote it first
      return db.notification.findUniqueOrThrow({ where: { idempotencyKey: key } });
    }
  }

  return async function sendReportMail(mail: ReportMail): Promise<ReportMailResult> {
    const result: ReportMailResult = { sent: 0, alreadySent: 0, skipped: 0 };
    for (const address of [...new Set(mail.to.map((a) => a.trim()).filter(Boolean))]) {
      const row = await rowFor(mail, address);
      if (row.status === 'sent') {
        result.alreadySent += 1;
        continue;
      }
      if (!transport) {
        await db.notification.update({
          where: { id: row.id },
          data: { status: 'skipped', lastError: 'SMTP_URL chưa được cấu hình' },
        });
        result.skipped += 1;
        continue;
      }
      try {
        await transport.sendMail({
          from: options.from,
          to: address,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          attachments: mail.attachments,
          messageId: messageIdFor(row.idempotencyKey, options.from),
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
      } catch (error) {
        await db.notification.update({
          where: { id: row.id },
          data: { attempts: { increment: 1 }, lastError: String((error as Error).message).slice(0, 2_000) },
        });
        throw error; // Temporal retries the activity; rows already sent stay sent
      }
      await db.notification.update({
        where: { id: row.id },
        data: { status: 'sent', sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
      });
      result.sent += 1;
    }
    return result;
  };
}

import { messageIdFor } from '../../activities/notifications/delivery';
import type { Database } from '../../prisma/database';
import { normalizer, type SnapshotContext } from './fault-snapshot';
import { FAULT_MAIL_FROM } from './fault-worker';
import type { SmtpSink } from './smtp-sink';

// What the SMTP server of a fault run received, comparable across runs. Each message is tied to
// its outbox row by its Message-ID (derived from the row's key), so a run under faults can be
// compared message by message with an undisturbed one although their campaign IDs differ.

export interface MailRecord {
  /** Per recipient, the outbox key (normalised as in snapshots) of each distinct message received. */
  inbox: Record<string, string[]>;
  /** Deliveries the server accepted, duplicates included. */
  raw: number;
  /** Distinct (recipient, Message-ID) pairs: what a receiver that drops duplicates shows. */
  distinct: number;
  /** Message-IDs delivered more than once, with their copies. */
  duplicates: Record<string, number>;
  /** Received messages that no outbox row explains, or that differ from their row. */
  strays: string[];
  /** E-mail rows marked sent whose message is not in the recipient's mailbox. */
  missing: string[];
}

export async function mailRecord(db: Database, sink: SmtpSink, context: SnapshotContext): Promise<MailRecord> {
  const normalize = normalizer(context).text;
  const rows = await db.notification.findMany({ where: { channel: 'email' } });
  const byMessageId = new Map(rows.map((row) => [messageIdFor(row.idempotencyKey, FAULT_MAIL_FROM), row]));
  const strays: string[] = [];
  const copies = new Map<string, number>();
  for (const mail of sink.messages) {
    const id = mail.parsed.messageId ?? '';
    const row = byMessageId.get(id);
    const what = `${mail.rcptTo.join(',')} ${id} "${mail.parsed.subject ?? ''}"`;
    if (!row) {
      strays.push(`no outbox row for ${what}`);
      continue;
    }
    if (mail.rcptTo.join(',') !== row.recipient) strays.push(`${what}: sent to the wrong address (${row.recipient})`);
    if (mail.parsed.subject !== row.subject) strays.push(`${what}: subject differs from the outbox row`);
    if ((mail.parsed.text ?? '').trim() !== row.body.trim()) strays.push(`${what}: body differs from the outbox row`);
    for (const rcpt of mail.rcptTo) copies.set(`${rcpt}\n${id}`, (copies.get(`${rcpt}\n${id}`) ?? 0) + 1);
  }
  const inbox: Record<string, string[]> = {};
  for (const [rcpt, mails] of sink.inbox()) {
    inbox[rcpt] = mails
      .map((mail) => byMessageId.get(mail.parsed.messageId ?? ''))
      .filter((row) => row !== undefined)
      .map((row) => normalize(row.idempotencyKey))
      .sort();
  }
  const received = new Set(copies.keys());
  const missing = rows
    .filter((row) => row.status === 'sent')
    .filter((row) => !received.has(`${row.recipient}\n${messageIdFor(row.idempotencyKey, FAULT_MAIL_FROM)}`))
    .map((row) => normalize(row.idempotencyKey));
  const duplicates = Object.fromEntries(
    [...copies.entries()].filter(([, n]) => n > 1).map(([key, n]) => [key.replace('\n', ' '), n]),
  );
  const sorted = Object.fromEntries(Object.entries(inbox).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { inbox: sorted, raw: sink.messages.length, distinct: copies.size, duplicates, strays, missing };
}

/**
 * The disturbed run's mail must be the undisturbed run's: the same distinct messages to the same
 * recipients, each explained by its outbox row, none missing. Duplicate deliveries (same
 * Message-ID) are allowed: the outbox is at-least-once across a kill; they are counted, not hidden.
 */
export function expectSameMail(disturbed: MailRecord, calm: MailRecord): void {
  for (const record of [calm, disturbed]) {
    expect({ strays: record.strays, missing: record.missing }).toEqual({ strays: [], missing: [] });
    expect(record.raw).toBeGreaterThanOrEqual(record.distinct);
  }
  expect(calm.distinct).toBeGreaterThan(0);
  expect(disturbed.inbox).toEqual(calm.inbox);
}

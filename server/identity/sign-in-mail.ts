import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../prisma/database';
import { formatDateTime } from '../../domain/time';
import type { Mailer } from './mailer';
import { issueSignInLink } from './sign-in-links';

// Asking for a sign-in link: the same answer whatever the address, so no one learns who has an account.
// The answer goes first and the look-up and mail after it (`SignInMail`), so its timing says nothing either.

export const LINK_SENT_MESSAGE =
  'Nếu địa chỉ này có trong dondoc, một liên kết đăng nhập vừa được gửi tới hộp thư đó. Liên kết dùng được một lần, trong thời gian ngắn.';

/** A sign-in link to issue and mail. */
interface LinkMail {
  db: Database;
  mailer: Mailer;
  log: FastifyBaseLogger;
  email: string;
  /** A safe path on dondoc to return to after signing in. */
  next?: string;
  publicUrl: string;
  minutes: number;
  clientAddress?: string;
  now: Date;
}

function issueLinkFor(options: LinkMail) {
  return issueSignInLink(options.db, {
    email: options.email,
    minutes: options.minutes,
    clientAddress: options.clientAddress,
    now: options.now,
  });
}

async function mailSignInLink(options: LinkMail, link: Awaited<ReturnType<typeof issueLinkFor>>): Promise<void> {
  if (!link) return;
  const url =
    `${options.publicUrl}/sign-in/confirm?token=${encodeURIComponent(link.secret)}` +
    (options.next ? `&next=${encodeURIComponent(options.next)}` : '');
  try {
    await options.mailer.send({
      to: options.email,
      subject: 'Đăng nhập dondoc',
      text:
        `Xin chào ${link.personName},\n\n` +
        `Mở liên kết sau để đăng nhập dondoc (dùng được một lần, hết hạn lúc ${formatDateTime(link.expiresAt)}):\n\n${url}\n\n` +
        'Nếu bạn không yêu cầu đăng nhập, hãy bỏ qua thư này.\n',
    });
  } catch (error) {
    // The answer stays the same (no enumeration); the operators see the failure in the log.
    options.log.error({ err: error }, 'sign-in e-mail not sent');
  }
}

/**
 * Sign-in links sent after the answer: whether the address is known, and how long the mail takes,
 * must not show in how long the answer takes. Failures are logged; closing waits for what is under way.
 */
export class SignInMail {
  private readonly pending = new Set<Promise<void>>();

  // Links are issued one at a time: the per-address count and the new link are one step, so requests
  // racing each other cannot issue more than the limit. Mail goes out in parallel.
  private issuing: Promise<unknown> = Promise.resolve();

  send(options: LinkMail): void {
    const issued = this.issuing
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => issueLinkFor(options));
    this.issuing = issued.catch(() => undefined);
    const job = issued
      .then((link) => mailSignInLink(options, link))
      .catch((error: unknown) => options.log.error({ err: error }, 'sign-in link not issued'))
      .finally(() => this.pending.delete(job));
    this.pending.add(job);
  }

  async drain(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

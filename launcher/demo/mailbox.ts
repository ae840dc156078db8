import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Config } from '../../shared/config';
import type { CaughtMail } from '../../server/routes/dev-mailbox';

// The demo's own SMTP server: every e-mail dondoc sends in the demo (sign-in links, notifications)
// lands here and shows on the development mailbox page. It exists only when Config.server.devMailbox
// (no NODE_ENV=production, no real SMTP_URL), and listens on the loopback address only.

/** Messages kept: the newest ones; a whole demo sends a few thousand. */
const KEEP = 5_000;

export interface DemoMailbox {
  /** `smtp://127.0.0.1:<port>`: where the worker and the server send. */
  url: string;
  list(): CaughtMail[];
  stop(): Promise<void>;
}

async function startDemoMailbox(): Promise<DemoMailbox> {
  const caught: CaughtMail[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    // No STARTTLS: a loopback server the sender would have to trust with a test certificate.
    disabledCommands: ['STARTTLS'],
    closeTimeout: 100,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          caught.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            at: new Date(),
          });
          if (caught.length > KEEP) caught.splice(0, caught.length - KEEP);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    list: () => caught,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The demo's mail set-up: with the development mailbox allowed, a mailbox started and the
 * configuration pointed at it; otherwise (production, or a real SMTP_URL) nothing, and the
 * configuration unchanged.
 */
export async function demoMailFor(config: Config): Promise<{ config: Config; mailbox?: DemoMailbox }> {
  if (!config.server.devMailbox || config.smtp.url) return { config };
  const mailbox = await startDemoMailbox();
  return { config: { ...config, smtp: { ...config.smtp, url: mailbox.url } }, mailbox };
}

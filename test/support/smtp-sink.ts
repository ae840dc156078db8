import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './free-port';

// A real SMTP server in the test process: it accepts every message, parses it with mailparser and
// keeps it. It can be stopped (connections are then refused, as with a server that is down) and
// started again on the same port, and can refuse chosen recipients.
//
// Like a receiving mail system that de-duplicates by Message-ID, it keeps every delivery (`messages`,
// the raw count) and tells the distinct messages each recipient got (`inbox`): a sender that
// delivers a message twice under the same Message-ID (at-least-once) shows in the first, not the second.

export interface ReceivedMail {
  /** Envelope recipients (RCPT TO), which is who the message was delivered to. */
  rcptTo: string[];
  mailFrom: string;
  parsed: ParsedMail;
}

export interface SmtpSink {
  readonly port: number;
  readonly url: string;
  readonly messages: ReceivedMail[];
  /** Messages delivered to one envelope recipient. */
  to(address: string): ReceivedMail[];
  /** What each recipient's mailbox shows: the first copy of each Message-ID, by envelope recipient. */
  inbox(): Map<string, ReceivedMail[]>;
  /** SMTP sessions open right now (a sender in the middle of a delivery). */
  readonly openSessions: number;
  /** Refuse RCPT TO for this address with the given reply code (4xx temporary, 5xx permanent). */
  reject(address: string, code?: number): void;
  accept(address: string): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  clear(): void;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const port = await freePort();
  const messages: ReceivedMail[] = [];
  const rejected = new Map<string, number>();
  let server: SMTPServer | undefined;
  // By session ID: a client that hangs up before the greeting is closed without having been connected.
  const openSessions = new Set<string>();

  const createServer = () =>
    new SMTPServer({
      logger: false,
      authOptional: true,
      // No STARTTLS: the client would have to trust smtp-server's built-in test certificate.
      disabledCommands: ['STARTTLS'],
      // Do not wait for idle clients when stopping: stop means down, now.
      closeTimeout: 100,
      onConnect(session, callback) {
        openSessions.add(session.id);
        callback();
      },
      onClose(session) {
        openSessions.delete(session.id);
      },
      onRcptTo(address, _session, callback) {
        const code = rejected.get(address.address.toLowerCase());
        if (code)
          return callback(
            Object.assign(new Error(`Recipient ${address.address} refused by the test sink`), { responseCode: code }),
          );
        callback();
      },
      onData(stream, session, callback) {
        // Acknowledge only once the message is kept: when the client sees 250, the test sees the mail.
        simpleParser(stream)
          .then((parsed) => {
            messages.push({
              parsed,
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });

  const sink: SmtpSink = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to: (address) => messages.filter((mail) => mail.rcptTo.includes(address)),
    inbox() {
      const boxes = new Map<string, ReceivedMail[]>();
      const seen = new Set<string>();
      for (const mail of messages) {
        for (const rcpt of mail.rcptTo) {
          const id = `${rcpt}\n${mail.parsed.messageId ?? ''}`;
          if (seen.has(id)) continue;
          seen.add(id);
          boxes.set(rcpt, [...(boxes.get(rcpt) ?? []), mail]);
        }
      }
      return boxes;
    },
    get openSessions() {
      return openSessions.size;
    },
    reject: (address, code = 550) => void rejected.set(address.toLowerCase(), code),
    accept: (address) => void rejected.delete(address.toLowerCase()),
    clear: () => void messages.splice(0),
    start() {
      if (server) return Promise.resolve();
      const next = createServer();
      return new Promise<void>((resolve, reject) => {
        next.once('error', reject);
        next.listen(port, '127.0.0.1', () => {
          next.off('error', reject);
          // A client dropping its connection is not a test failure; an unheard 'error' would crash.
          next.on('error', () => undefined);
          server = next;
          resolve();
        });
      });
    },
    stop() {
      const current = server;
      server = undefined;
      // Stopped means every session is over, whether or not smtp-server reports each close.
      openSessions.clear();
      if (!current) return Promise.resolve();
      return new Promise<void>((resolve) => current.close(() => resolve()));
    },
  };
  await sink.start();
  return sink;
}

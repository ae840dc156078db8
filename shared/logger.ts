import pino from 'pino';
import { redactCredentials, redactValue } from './redact';

// Structured logs (English is fine there); user-facing messages are Vietnamese and go to stdout.
// Nothing logged carries a secret: fields named like one are censored, and credentials inside any
// logged text (a connection string in an error message) are masked.
export function createLogger(
  destination?: pino.DestinationStream,
  level = process.env.DONDOC_LOG_LEVEL ?? 'info',
): pino.Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'password',
          '*.password',
          'apiKey',
          '*.apiKey',
          'authorization',
          '*.authorization',
          'headers.authorization',
          '*.headers.authorization',
          'databaseUrl',
          '*.databaseUrl',
          'smtpUrl',
          '*.smtpUrl',
          'url',
          '*.url',
        ],
        // URLs keep what helps (scheme, host, user) and lose their password; the rest is hidden whole.
        censor: (value: unknown, path: string[]) =>
          typeof value === 'string' && /url$/i.test(path.at(-1) ?? '') ? redactCredentials(value) : '[redacted]',
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => redactValue(arg)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

export const logger = createLogger();

import pino from 'pino';
import type { Config } from './config';
import { redactCredentials, redactValue } from './redact';

// Structured logs (English is fine there); user-facing messages are Vietnamese and go to stdout.
// Nothing logged carries a secret: fields named like one are censored, and credentials inside any
// logged text (a connection string in an error message) are masked. The level comes from the validated
// configuration (DONDOC_LOG_LEVEL, read by shared/config.ts): each entry point applies it.
export function createLogger(destination?: pino.DestinationStream, level = 'info'): pino.Logger {
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
          'clientSecret',
          '*.clientSecret',
          'client_secret',
          '*.client_secret',
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

export function configureLogger(config: Pick<Config, 'logLevel'>): void {
  logger.level = config.logLevel;
}

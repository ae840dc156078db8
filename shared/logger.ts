import pino from 'pino';

// Structured logs (English is fine there); user-facing messages are Vietnamese and go to stdout.
export const logger = pino({
  level: process.env.DONDOC_LOG_LEVEL ?? 'info',
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
});

import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';

// How dondoc's connections to Temporal retry a failed call. The client library retries
// RESOURCE_EXHAUSTED with back-off (about 40 s over ten attempts), which is right when the server
// is rate limiting and useless when the message itself is over a size limit: that one is answered
// at once, as a permanent error.

const RESOURCE_EXHAUSTED = 8;

const OVERSIZED =
  /larger than max|message (is )?too (large|big)|exceeds? (the )?(maximum|max|size|limit)|size limit|payload.*(large|limit)/i;

/**
 * RESOURCE_EXHAUSTED is "not now" when the server is rate limiting, but "never" when the message
 * itself is over the size limit (gRPC's 4 MB, Temporal's 2 MB payload limit).
 */
export function isOversizedStatus(status: { code?: number; details?: string; message?: string }): boolean {
  return status.code === RESOURCE_EXHAUSTED && OVERSIZED.test(`${status.details ?? ''} ${status.message ?? ''}`);
}

/** The gRPC interceptors of every dondoc connection to Temporal: the library's retries, less oversized messages. */
export function temporalConnectionInterceptors(): NonNullable<ConnectionOptions['interceptors']> {
  const defaults = defaultGrpcRetryOptions();
  return [
    makeGrpcRetryInterceptor({
      ...defaults,
      retryableDecider: (attempt, status) => !isOversizedStatus(status) && defaults.retryableDecider(attempt, status),
    }),
  ];
}

import { setTimeout as sleep } from 'node:timers/promises';
import {
  ServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { isOversizedStatus } from '../../shared/temporal-retry';

// Errors that mean "not now" (no worker yet, server restarting, workflow task being retried after
// a worker crash), as opposed to "no" (the workflow refused the request). Retrying the first kind
// is safe for an Update sent with a fixed update ID: Temporal applies one ID at most once.

// gRPC status codes: CANCELLED 1, DEADLINE_EXCEEDED 4, RESOURCE_EXHAUSTED 8, ABORTED 10, UNAVAILABLE 14.
const TRANSIENT_CODES = new Set<number>([1, 4, 8, 10, 14]);
const FAILED_PRECONDITION = 9;

/**
 * Right after a worker died mid-task, the server refuses Updates with FAILED_PRECONDITION
 * "Workflow Task in failed state" until a live worker completes the task.
 */
export function isWorkflowTaskFailing(error: unknown): boolean {
  const cause = error instanceof ServiceError ? error.cause : error;
  return (
    isGrpcServiceError(cause) &&
    cause.code === FAILED_PRECONDITION &&
    /Workflow Task in failed state/i.test(cause.details ?? cause.message)
  );
}

/** A RESOURCE_EXHAUSTED for a message over the size limit: sending it again cannot succeed. */
export function isOversizedMessage(error: unknown): boolean {
  const cause = error instanceof ServiceError ? error.cause : error;
  return isGrpcServiceError(cause) && isOversizedStatus(cause);
}

export function isTransient(error: unknown): boolean {
  if (error instanceof WorkflowUpdateFailedError) return false; // the workflow said no
  if (isOversizedMessage(error)) return false; // the same message will always be too large
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  if (isWorkflowTaskFailing(error)) return true;
  const cause = error instanceof ServiceError ? error.cause : error;
  return isGrpcServiceError(cause) && TRANSIENT_CODES.has(cause.code);
}

/** Calls `call` until it succeeds, fails for good, or `timeoutMs` has passed; then the last error is thrown. */
export async function retryTransient<T>(
  call: () => Promise<T>,
  options: { timeoutMs: number; intervalMs?: number; onRetry?: (error: unknown) => void },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error) || Date.now() >= deadline) throw error;
      options.onRetry?.(error);
      await sleep(options.intervalMs ?? 500);
    }
  }
}

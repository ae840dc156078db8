import {
  QueryNotRegisteredError,
  ServiceError,
  WorkflowNotFoundError,
  type Client,
  type QueryDefinition,
} from '@temporalio/client';
import type { Database } from '../prisma/database';
import { registeredRunId } from '../shared/workflow-runs';
import { notFound } from '../shared/http-errors';
import { configuredTaskQueue } from '../temporal/task-queues';

// Asking a workflow for its state from a read route: with a deadline, so that a stopped worker is
// reported instead of waited for.

/** How long a workflow's worker may take to answer a read. */
const QUERY_TIMEOUT_MS = 5_000;

export type QueryAnswer<R> =
  | { answer: R }
  | { notFound: true }
  /** No worker answered in time: the task queue the workflow runs on, when known. */
  | { noWorker: { taskQueue?: string } }
  /** The workflow could not answer (its query failed): why, as Temporal said. */
  | { failed: string };

/** The query's deadline passed (CANCELLED when it struck between the SDK's retries). */
function isDeadlineExceeded(error: unknown): boolean {
  const code = (error as { cause?: { code?: number } })?.cause?.code;
  return error instanceof ServiceError && (code === 4 || code === 1);
}

/** Asks the run dondoc started; a workflow it did not start (or not yet) is not found. */
export async function queryWorkflow<R>(
  deps: { client: Client; db: Database },
  workflowId: string,
  query: QueryDefinition<R, []>,
): Promise<QueryAnswer<R>> {
  const runId = await registeredRunId(deps.db, workflowId);
  if (!runId) return { notFound: true };
  const handle = deps.client.workflow.getHandle(workflowId, runId);
  try {
    return { answer: await deps.client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query(query)) };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { notFound: true };
    if (error instanceof QueryNotRegisteredError || (error instanceof ServiceError && !isDeadlineExceeded(error)))
      return { failed: error.message };
    if (!isDeadlineExceeded(error)) throw error;
    const taskQueue = await handle.describe().then(
      // Named as a person configures it (a campaign runs on the deployment's campaign queue).
      (description) => configuredTaskQueue(description.taskQueue),
      () => undefined,
    );
    return { noWorker: { taskQueue } };
  }
}

/** A handle on the run dondoc started, or a 404 naming the workflow when it started none. */
export async function registeredHandle(deps: { client: Client; db: Database }, workflowId: string) {
  const runId = await registeredRunId(deps.db, workflowId);
  if (!runId) throw notFound(`Hồ sơ ${workflowId} không do dondoc khởi chạy (hoặc chưa khởi chạy xong).`);
  return deps.client.workflow.getHandle(workflowId, runId);
}

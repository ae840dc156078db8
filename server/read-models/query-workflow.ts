import { ServiceError, WorkflowNotFoundError, type Client, type QueryDefinition } from '@temporalio/client';

// Asking a workflow for its state from a read route: with a deadline, so that a stopped worker is
// reported instead of waited for.

/** How long a workflow's worker may take to answer a read. */
export const QUERY_TIMEOUT_MS = 5_000;

export type QueryAnswer<R> =
  | { answer: R }
  | { notFound: true }
  /** No worker answered in time: the task queue the workflow runs on, when known. */
  | { noWorker: { taskQueue?: string } };

/** The query's deadline passed (CANCELLED when it struck between the SDK's retries). */
function isDeadlineExceeded(error: unknown): boolean {
  const code = (error as { cause?: { code?: number } })?.cause?.code;
  return error instanceof ServiceError && (code === 4 || code === 1);
}

export async function queryWorkflow<R>(
  client: Client,
  workflowId: string,
  query: QueryDefinition<R, []>,
): Promise<QueryAnswer<R>> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    return { answer: await client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query(query)) };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { notFound: true };
    if (!isDeadlineExceeded(error)) throw error;
    const taskQueue = await handle.describe().then(
      (description) => description.taskQueue,
      () => undefined,
    );
    return { noWorker: { taskQueue } };
  }
}

// The task queues of one deployment, derived from its one configured name (DONDOC_TASK_QUEUE).

const CAMPAIGNS_SUFFIX = '.campaigns';

/**
 * The queue campaign workflows run on. A consolidation wakes every agency workflow at once; on a
 * queue of its own the campaign's next task never waits behind theirs, so its fan-out keeps going.
 */
export function campaignTaskQueue(taskQueue: string): string {
  return `${taskQueue}${CAMPAIGNS_SUFFIX}`;
}

/** The configured name (DONDOC_TASK_QUEUE) behind any of the deployment's queues: what a person sets. */
export function configuredTaskQueue(queue: string): string {
  return queue.endsWith(CAMPAIGNS_SUFFIX) ? queue.slice(0, -CAMPAIGNS_SUFFIX.length) : queue;
}

/** Every queue a deployment's workflows run on (runs started before the campaign queue stay on the first). */
export function deploymentTaskQueues(taskQueue: string): string[] {
  return [taskQueue, campaignTaskQueue(taskQueue)];
}

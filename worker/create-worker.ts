import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { NotificationOptions } from '../activities/notifications';
import type { Database } from '../prisma/database';

export interface DondocWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Database;
  notifications: NotificationOptions;
  /** A prebuilt bundle (tests, production images); otherwise workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Bounds worker memory when thousands of agency workflows are open at once. */
  maxCachedWorkflows?: number;
}

export const WORKFLOWS_PATH = require.resolve('../workflows');

export function createDondocWorker(options: DondocWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options.db, options.notifications),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    maxCachedWorkflows: options.maxCachedWorkflows ?? 2_000,
  });
}

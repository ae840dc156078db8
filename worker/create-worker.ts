import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createActivities } from '../activities';
import type { ReportLimits } from '../activities/report';
import type { NotificationOptions } from '../activities/notifications';
import { useVietnameseZodMessages } from '../domain/zod-locale';
import { anchoredBundle } from './trust-anchor';
import { RunAdmission, runAdmissionInterceptor } from './run-admission';
import { PAYLOAD_CONVERTER_PATH } from './bundle';
import { WorkerGroup } from './worker-group';
import { campaignTaskQueue } from '../temporal/task-queues';
import type { TrustedKeys } from '../domain/actor-proof';
import type { Database } from '../prisma/database';

export interface DondocWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Database;
  notifications: NotificationOptions;
  /** Campaign activities signal agency workflows through it. */
  client: Client;
  /** Where consolidated catalogues are written. */
  exportDir: string;
  /** The store of delivered files, whose accepted files each consolidation round's folder gets. */
  filesDir?: string;
  /** The reports folder (report files go nowhere else) and addresses reports may go to beyond the campaign's people. */
  reports?: ReportLimits;
  /** A prebuilt bundle (tests, production images); otherwise workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Another entry point for the bundle (the benchmarks add a no-op baseline workflow). */
  workflowsPath?: string;
  /** Bounds worker memory when thousands of agency workflows are open at once. */
  maxCachedWorkflows?: number;
  /** Workflow tasks run at once (default DEFAULT_WORKFLOW_TASK_SLOTS). */
  workflowTaskSlots?: number;
  /** The public keys of the server whose actor proofs the workflows accept (the deployment's, never a message's). */
  trustedKeys: TrustedKeys;
}

/** Workflow tasks a worker runs at once (DONDOC_WORKFLOW_TASK_SLOTS overrides it). */
const DEFAULT_WORKFLOW_TASK_SLOTS = 4;

export const WORKFLOWS_PATH = require.resolve('../workflows');

/** Workflow tasks the campaigns' own worker runs at once: a campaign acts rarely, but must not wait. */
const CAMPAIGN_WORKFLOW_TASK_SLOTS = 2;

/**
 * The worker of one process: the deployment's queue (agencies, reports, and campaigns started before
 * the campaigns had their own queue) and the campaigns' queue, with one bundle and one set of activities.
 */
export async function createDondocWorker(options: DondocWorkerOptions): Promise<WorkerGroup> {
  const workflowTaskSlots = options.workflowTaskSlots ?? DEFAULT_WORKFLOW_TASK_SLOTS;
  useVietnameseZodMessages(); // the activities validate in this process
  const shared = {
    connection: options.connection,
    namespace: options.namespace,
    activities: createActivities(options.db, {
      notifications: options.notifications,
      campaign: { client: options.client, exportDir: options.exportDir, filesDir: options.filesDir },
      reports: options.reports,
    }),
    dataConverter: { payloadConverterPath: PAYLOAD_CONVERTER_PATH },
    interceptors: { activity: [runAdmissionInterceptor(new RunAdmission(options.db, options.client))] },
    workflowBundle: await anchoredBundle(
      options.workflowBundle,
      options.workflowsPath ?? WORKFLOWS_PATH,
      options.trustedKeys,
    ),
  };
  const agencies = await Worker.create({
    ...shared,
    taskQueue: options.taskQueue,
    // Each cached workflow costs worker memory, and an agency acts every few days, so a larger cache
    // buys no throughput (bench/README.md, "Worker memory per cached workflow").
    maxCachedWorkflows: options.maxCachedWorkflows ?? 50,
    // Few slots: more tasks at once only compete for the same cores, and each one holds its slot
    // through its local activity (bench/README.md, "Worker task slots").
    maxConcurrentWorkflowTaskExecutions: workflowTaskSlots,
    maxConcurrentWorkflowTaskPolls: Math.min(10, workflowTaskSlots),
  });
  const campaigns = await Worker.create({
    ...shared,
    taskQueue: campaignTaskQueue(options.taskQueue),
    maxCachedWorkflows: 20,
    maxConcurrentWorkflowTaskExecutions: CAMPAIGN_WORKFLOW_TASK_SLOTS,
    maxConcurrentWorkflowTaskPolls: CAMPAIGN_WORKFLOW_TASK_SLOTS,
  });
  return new WorkerGroup([agencies, campaigns]);
}

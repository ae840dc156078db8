import fs from 'node:fs';
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { WorkerGroup } from './worker-group';
import type { Database } from '../prisma/database';
import { ConfigError, type Config } from '../shared/config';
import { createDondocWorker } from './create-worker';
import { loadTrustedKeys } from '../server/identity/proof';

/** A worker wired from the validated configuration; close() releases its connection. */
export async function createWorkerFromConfig(
  config: Config,
  db: Database,
  client: Client,
): Promise<{ worker: WorkerGroup; close(): Promise<void> }> {
  const bundlePath = config.worker.workflowBundle;
  if (bundlePath && !fs.existsSync(bundlePath)) {
    throw new ConfigError([
      `DONDOC_WORKFLOW_BUNDLE: không có tệp ${bundlePath}. Cách sửa: chạy "npm run build" (tạo dist/workflow-bundle.js), hoặc bỏ biến này để worker tự đóng gói khi khởi động.`,
    ]);
  }
  const connection = await NativeConnection.connect(config.temporal.connect.connectionOptions);
  const worker = await createDondocWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.taskQueue,
    db,
    client,
    exportDir: config.exportDir,
    filesDir: config.filesDir,
    reports: { reportsDir: config.reports.dir, allowedRecipients: config.reports.allowedRecipients },
    notifications: {
      smtpUrl: config.smtp.url,
      from: config.smtp.from,
      publicUrl: config.server.publicUrl,
      webhookPrivateAddresses: config.webhookPrivateAddresses,
    },
    workflowBundle: bundlePath ? { codePath: bundlePath } : undefined,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    workflowTaskSlots: config.worker.workflowTaskSlots,
    trustedKeys: loadTrustedKeys(config.worker.trustedKeysDir),
  });
  return { worker, close: () => connection.close() };
}

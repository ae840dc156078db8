import type { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Database } from '../prisma/database';
import type { Config } from '../shared/config';
import { createDondocWorker } from './create-worker';

/** A worker wired from the validated configuration; close() releases its connection. */
export async function createWorkerFromConfig(config: Config, db: Database, client: Client): Promise<{ worker: Worker; close(): Promise<void> }> {
  const connection = await NativeConnection.connect(config.temporal.connect.connectionOptions);
  const worker = await createDondocWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.taskQueue,
    db,
    client,
    exportDir: config.exportDir,
    notifications: { smtpUrl: config.smtp.url, from: config.smtp.from },
  });
  return { worker, close: () => connection.close() };
}

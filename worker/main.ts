import { Client, Connection } from '@temporalio/client';
import { applyMigrations } from '../prisma/migrate';
import { openDatabase } from '../prisma/database';
import { loadConfig } from '../shared/config';
import { temporalConnectionInterceptors } from '../shared/temporal-retry';
import { configureLogger, logger } from '../shared/logger';
import { createWorkerFromConfig } from './from-config';
import { installWorkerRuntime, startWorkerOpsListener } from './metrics';

// A standalone worker process: run as many as the load needs, against a cluster or Temporal Cloud.
async function main(): Promise<void> {
  const config = loadConfig();
  configureLogger(config);
  installWorkerRuntime(config);
  await applyMigrations(config.databaseUrl, (message) => logger.info(message));
  const db = await openDatabase(config.databaseUrl);
  const clientConnection = await Connection.connect({
    ...config.temporal.connect.connectionOptions,
    interceptors: temporalConnectionInterceptors(),
  });
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  const { worker, close } = await createWorkerFromConfig(config, db, client);
  const ops = config.ops.workerMetricsPort !== undefined ? await startWorkerOpsListener(config, db, worker) : undefined;
  logger.info({ taskQueue: config.taskQueue, address: config.temporal.address, ops: ops?.url }, 'worker started');
  try {
    await worker.run(); // returns after SIGINT/SIGTERM, once in-flight tasks finish
  } finally {
    await ops?.close();
    await close();
    await clientConnection.close();
    await db.$disconnect();
  }
}

main().catch((error) => {
  logger.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

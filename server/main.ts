import { Client, Connection } from '@temporalio/client';
import { openDatabase } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';
import { ConfigError, loadConfig } from '../shared/config';
import { temporalConnectionInterceptors } from '../shared/temporal-retry';
import { startServer } from './http/start-server';

// `npm run server`: the dondoc server on its own (production: behind TLS, next to the workers).

async function main(): Promise<void> {
  const config = loadConfig();
  await applyMigrations(config.databaseUrl);
  const db = await openDatabase(config.databaseUrl);
  const connection = await Connection.connect({
    ...config.temporal.connect.connectionOptions,
    interceptors: temporalConnectionInterceptors(),
  });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const { app, url } = await startServer({ config, db, client, logger: config.logLevel !== 'silent' });
  console.log(`[dondoc] Máy chủ dondoc đang chạy: ${url} (API: ${url}/api/v1/openapi.json)`);
  const stop = async () => {
    await app.close();
    await connection.close();
    await db.$disconnect();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(
    error instanceof ConfigError ? error.message : `Lỗi: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});

import { Client, Connection } from '@temporalio/client';
import { openDatabase, type Database } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';
import { ensureSearchAttributes } from '../server/temporal/search-attributes';
import type { Config } from '../shared/config';
import { temporalConnectionInterceptors } from '../shared/temporal-retry';

/**
 * What the server and the worker stand on, opened the same way by serve mode and `npm start`: the
 * database with every migration applied, and a Temporal client whose namespace has dondoc's search
 * attributes.
 */
export async function openStack(
  config: Config,
  say: (line: string) => void,
): Promise<{ db: Database; connection: Connection; client: Client }> {
  const applied = await applyMigrations(config.databaseUrl);
  if (applied.applied.length > 0) say(`Đã cập nhật cơ sở dữ liệu: ${applied.applied.join(', ')}.`);
  const db = await openDatabase(config.databaseUrl);
  const connection = await Connection.connect({
    ...config.temporal.connect.connectionOptions,
    interceptors: temporalConnectionInterceptors(),
  });
  await ensureSearchAttributes(connection, config.temporal.namespace);
  const client = new Client({ connection, namespace: config.temporal.namespace });
  return { db, connection, client };
}

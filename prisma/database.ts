import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../generated/prisma-sqlite/client';
import { PrismaClient as PostgresClient } from '../generated/prisma-postgresql/client';
import { providerOf, sqliteFilePath } from './migration-db';

// Opens the system of record from a DATABASE_URL: `file:` for the embedded SQLite default,
// `postgresql://` for production. Both clients come from the same models, so they expose the
// same API; the SQLite client's type stands for both.
export type Database = SqliteClient;

export async function openDatabase(databaseUrl: string): Promise<Database> {
  if (providerOf(databaseUrl) === 'postgresql') {
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) }) as unknown as Database;
  }
  const file = sqliteFilePath(databaseUrl);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // The worker, the admin script and the reporting job share the file: wait on locks instead of failing.
  const db = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: file, timeout: 15_000 }) });
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  return db;
}

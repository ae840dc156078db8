// The two databases behind applyMigrations, driven directly (better-sqlite3, pg) with the same
// `_prisma_migrations` table and values as Prisma's schema engine, so that `prisma migrate deploy`
// recognises the history. DDL copied from prisma-engines,
// schema-engine/connectors/sql-schema-connector/src/flavour/{sqlite,postgres}.rs.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { ensurePrivateDatabaseFile } from '../shared/private-files';

export type Provider = 'sqlite' | 'postgresql';

export function providerOf(databaseUrl: string): Provider {
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql';
  // Only the scheme: the rest of a URL may hold a password.
  throw new Error(`Unsupported database URL scheme "${databaseUrl.split(':')[0]}:": expected file: or postgresql://`);
}

/** One row of `_prisma_migrations`. Timestamps: Date (PostgreSQL), epoch ms or text (SQLite). */
export interface MigrationRecord {
  id: string;
  checksum: string;
  finished_at: unknown;
  migration_name: string;
  logs: string | null;
  rolled_back_at: unknown;
  started_at: unknown;
  applied_steps_count: number;
}

export interface MigrationDb {
  readonly provider: Provider;
  /** Runs `work` in one transaction, during which no other migrator can apply anything. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** The tables of the schema migrations go to. */
  tableNames(): Promise<string[]>;
  createMigrationsTable(): Promise<void>;
  records(): Promise<MigrationRecord[]>;
  /** Runs a multi-statement SQL script. */
  exec(script: string): Promise<void>;
  /** Prisma's record_migration_started: id, checksum, started_at, migration_name. */
  recordStarted(id: string, checksum: string, migrationName: string, at: Date): Promise<void>;
  /** Prisma's record_successful_step then record_migration_finished, in one statement. */
  recordFinished(id: string, at: Date): Promise<void>;
  close(): Promise<void>;
}

const SELECT_RECORDS = `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
FROM _prisma_migrations ORDER BY started_at ASC`;

const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);
`;

const POSTGRES_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

// Prisma's key for its advisory lock ("a unique number we chose to identify Migrate").
const PRISMA_MIGRATE_LOCK_ID = 72707369;

/** `file:` URL -> path: relative paths from the working directory, `file:///abs` as a file URL. */
export function sqliteFilePath(databaseUrl: string): string {
  const withoutQuery = databaseUrl.split('?')[0] ?? '';
  if (withoutQuery.startsWith('file://')) return fileURLToPath(withoutQuery);
  const location = withoutQuery.slice('file:'.length);
  if (!location) throw new Error(`No file path in SQLite URL "${databaseUrl}"`);
  return path.resolve(process.cwd(), location);
}

export function openSqlite(databaseUrl: string): MigrationDb {
  const file = sqliteFilePath(databaseUrl);
  ensurePrivateDatabaseFile(file);
  // A concurrent migrator holds the write lock for one migration at most: wait for it.
  const db = new Database(file, { timeout: 30_000 });
  return {
    provider: 'sqlite',
    async transaction(work) {
      // Table-rebuild migrations (Prisma's RedefineTables: create new_X, copy, drop X, rename) say
      // PRAGMA foreign_keys=OFF, which SQLite ignores inside a transaction; dropping a table that
      // rows still refer to would then fail. Prisma runs such scripts outside a transaction; to keep
      // the lock below we follow SQLite's own procedure instead (sqlite.org/lang_altertable.html):
      // foreign keys off on the connection before BEGIN, PRAGMA foreign_key_check after each script
      // (exec below), then back on.
      const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
      db.pragma('foreign_keys = OFF');
      // IMMEDIATE takes the write lock before reading the history, so two processes cannot both
      // decide to apply the same migration.
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      } finally {
        if (enforced) db.pragma('foreign_keys = ON');
      }
    },
    async tableNames() {
      const rows = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        .all();
      return (rows as { name: string }[]).map((row) => row.name);
    },
    async createMigrationsTable() {
      db.exec(SQLITE_MIGRATIONS_TABLE);
    },
    async records() {
      return db.prepare(SELECT_RECORDS).all() as MigrationRecord[];
    },
    async exec(script) {
      db.exec(script);
      const broken = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
      if (broken.length > 0) {
        const rows = broken.slice(0, 5).map((row) => `${row.table} rowid ${row.rowid} → ${row.parent}`);
        throw new Error(`foreign key check failed: ${broken.length} row(s) refer to nothing (${rows.join(', ')})`);
      }
    },
    // Prisma's engine binds timestamps on SQLite as integer epoch milliseconds (quaint's rusqlite
    // conversion), and reads them back the same way.
    async recordStarted(id, checksum, migrationName, at) {
      db.prepare('INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES (?, ?, ?, ?)').run(
        id,
        checksum,
        at.getTime(),
        migrationName,
      );
    },
    async recordFinished(id, at) {
      db.prepare(
        'UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1, finished_at = ? WHERE id = ?',
      ).run(at.getTime(), id);
    },
    async close() {
      db.close();
    },
  };
}

/** Prisma's `?schema=` parameter chooses the schema (default public); pg itself does not know it. */
function splitSchemaParam(databaseUrl: string): { connectionString: string; schema: string } {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') || 'public';
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), schema };
}

export async function openPostgres(databaseUrl: string): Promise<MigrationDb> {
  const { connectionString, schema } = splitSchemaParam(databaseUrl);
  const client = new Client({ connectionString });
  await client.connect();
  try {
    // Session-level lock, released when the connection closes (even if this process dies).
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_ID]);
    // As Prisma's engine does on connect: create the schema if missing, then work inside it.
    const quoted = `"${schema.replace(/"/g, '""')}"`;
    const { rows } = await client.query('SELECT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = $1) AS "exists"', [
      schema,
    ]);
    if (!rows[0]?.exists) await client.query(`CREATE SCHEMA ${quoted}`);
    await client.query(`SET search_path TO ${quoted}`);
  } catch (error) {
    await client.end();
    throw error;
  }
  return {
    provider: 'postgresql',
    async transaction(work) {
      await client.query('BEGIN');
      try {
        const result = await work();
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    async tableNames() {
      const { rows } = await client.query<{ tablename: string }>(
        'SELECT tablename FROM pg_tables WHERE schemaname = current_schema()',
      );
      return rows.map((row) => row.tablename);
    },
    async createMigrationsTable() {
      await client.query(POSTGRES_MIGRATIONS_TABLE);
    },
    async records() {
      return (await client.query<MigrationRecord>(SELECT_RECORDS)).rows;
    },
    async exec(script) {
      // No parameters: pg uses the simple-query protocol, which accepts several statements.
      await client.query(script);
    },
    async recordStarted(id, checksum, migrationName, at) {
      await client.query(
        'INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, $3, $4)',
        [id, checksum, at, migrationName],
      );
    },
    async recordFinished(id, at) {
      await client.query(
        'UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1, finished_at = $1 WHERE id = $2',
        [at, id],
      );
    },
    async close() {
      await client.end();
    },
  };
}

// Applies the pending migrations of prisma/<provider>/migrations, the way `prisma migrate deploy`
// does, without Prisma's native schema engine (it cannot be downloaded everywhere). The history
// goes to `_prisma_migrations` exactly as Prisma keeps it, so either tool can take over later.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  openPostgres,
  openSqlite,
  providerOf,
  type MigrationDb,
  type MigrationRecord,
  type Provider,
} from './migration-db';

interface Migration {
  name: string;
  script: string;
}

export function migrationsDir(provider: Provider): string {
  return path.join(__dirname, provider, 'migrations');
}

/** Prisma's checksum of a migration script: SHA-256 of its UTF-8 bytes, as 64 lowercase hex digits. */
function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

// As Prisma's script_matches_checksum: a checkout that converted line endings is not an edit.
function matchesChecksum(script: string, checksum: string): boolean {
  return [script, script.replace(/\r\n/g, '\n'), script.replace(/\n/g, '\r\n')].some(
    (variant) => migrationChecksum(variant) === checksum,
  );
}

// Like the Prisma CLI: every directory of the folder is a migration, in name order; files such as
// migration_lock.toml and the datamodel snapshot are not.
function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new Error(`No migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b))
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      if (!existsSync(file)) throw new Error(`Migration ${name} has no migration.sql (${file})`);
      return { name, script: readFileSync(file, 'utf8') };
    });
}

function formatTime(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'number' ? new Date(value).toISOString() : String(value);
}

// Rows marked rolled back are history only, for Prisma as for us.
const isLive = (record: MigrationRecord): boolean => record.rolled_back_at == null;

/** Refuses a history Prisma would refuse (a failed migration) or one the files no longer match. */
function verifyHistory(records: readonly MigrationRecord[], migrations: readonly Migration[]): void {
  const failed = records.filter((record) => isLive(record) && record.finished_at == null);
  if (failed.length > 0) {
    const details = failed.map((record) => {
      const logs = record.logs?.trim() ? `, with logs:\n${record.logs.trim()}` : '';
      return `- ${record.migration_name}, started at ${formatTime(record.started_at)}${logs}`;
    });
    throw new Error(
      `Refusing to migrate: _prisma_migrations records failed migrations:\n${details.join('\n')}\n` +
        'Repair the database, then mark each one with `prisma migrate resolve --rolled-back <name>` (or --applied).',
    );
  }
  const scripts = new Map(migrations.map((migration) => [migration.name, migration.script]));
  const edited = records.filter((record) => {
    const script = scripts.get(record.migration_name);
    return isLive(record) && script !== undefined && !matchesChecksum(script, record.checksum);
  });
  if (edited.length > 0) {
    throw new Error(
      `Refusing to migrate: migration.sql of ${edited.map((record) => record.migration_name).join(', ')} ` +
        'changed after it was applied (checksum differs from _prisma_migrations). Restore the applied ' +
        'file and put the change in a new migration.',
    );
  }
}

// Same precondition as Prisma's migration persistence: a database with tables but no history was
// not made by these migrations, and applying them over it would fail half-way or clobber it.
async function ensureMigrationsTable(db: MigrationDb): Promise<void> {
  const tables = await db.tableNames();
  if (tables.includes('_prisma_migrations')) return;
  if (tables.length > 0) {
    throw new Error(
      `Refusing to migrate: the database has tables (${tables.join(', ')}) but no _prisma_migrations ` +
        'history. Use an empty database, or baseline it with `prisma migrate resolve --applied <name>`.',
    );
  }
  await db.createMigrationsTable();
}

async function applyNext(
  db: MigrationDb,
  migrations: readonly Migration[],
  log: (msg: string) => void,
): Promise<string | undefined> {
  const records = await db.records();
  verifyHistory(records, migrations);
  const applied = new Set(records.filter(isLive).map((record) => record.migration_name));
  const next = migrations.find((migration) => !applied.has(migration.name));
  if (!next) return undefined;

  log(`Applying migration ${next.name}`);
  const id = randomUUID();
  await db.recordStarted(id, migrationChecksum(next.script), next.name, new Date());
  try {
    await db.exec(next.script);
  } catch (error) {
    // The transaction rolls back the script and its history row alike: nothing to resolve.
    throw new Error(
      `Migration ${next.name} failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  await db.recordFinished(id, new Date());
  return next.name;
}

// Calls within one process run one after the other: better-sqlite3 waits for a busy database
// synchronously, so a second call would block the event loop the lock holder needs to finish.
let previousCall: Promise<unknown> = Promise.resolve();

/**
 * Applies the pending migrations for `databaseUrl` (`file:` -> SQLite, `postgres(ql)://` ->
 * PostgreSQL), each in its own transaction, and returns the names applied (none when up to date).
 * Concurrent callers wait for each other; a failed or edited history is refused with an Error.
 * `migrationsDir` replaces the project's folder (tests of the migrator itself).
 */
export function applyMigrations(
  databaseUrl: string,
  log: (msg: string) => void = () => {},
  options: { migrationsDir?: string } = {},
): Promise<{ applied: string[] }> {
  const call = previousCall.then(() => migrate(databaseUrl, log, options.migrationsDir));
  previousCall = call.catch(() => undefined);
  return call;
}

async function migrate(databaseUrl: string, log: (msg: string) => void, dir?: string): Promise<{ applied: string[] }> {
  const provider = providerOf(databaseUrl);
  const migrations = readMigrations(dir ?? migrationsDir(provider));
  const db = provider === 'sqlite' ? openSqlite(databaseUrl) : await openPostgres(databaseUrl);
  const applied: string[] = [];
  try {
    await db.transaction(() => ensureMigrationsTable(db));
    // One transaction per migration; the history is re-read under the lock each time, because
    // another process may have applied some in between (SQLite locks per transaction only).
    for (;;) {
      const name = await db.transaction(() => applyNext(db, migrations, log));
      if (name === undefined) break;
      applied.push(name);
    }
  } finally {
    await db.close();
  }
  log(applied.length > 0 ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'No pending migrations');
  return { applied };
}

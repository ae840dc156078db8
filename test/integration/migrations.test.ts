// The migration tooling against real databases: a temp SQLite file and a fresh PostgreSQL
// database. The generated Prisma clients writing and reading through the migrated schema prove
// the migration SQL matches the models; the --check run proves it is current.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../../generated/prisma-sqlite/client';
import { PrismaClient as PostgresClient } from '../../generated/prisma-postgresql/client';
import { applyMigrations, migrationsDir } from '../../prisma/migrate';
import type { Provider } from '../../prisma/migration-db';
import { DEFAULT_POSTGRES_URL, ENV_POSTGRES_URL, testDatabases } from '../support/test-env';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '../..');
const TSX = require.resolve('tsx/cli');
const PRISMA_MIGRATE_LOCK_ID = 72707369;
// Every model of the one definition must become a table.
const MODEL_TABLES = [
  ...readFileSync(path.join(__dirname, '../../prisma/models/models.prisma'), 'utf8').matchAll(/^model (\w+) \{/gm),
].map((m) => m[1]!);

/** What differs between the two databases; the scenarios below are shared. */
interface Harness {
  provider: Provider;
  freshDatabaseUrl(): Promise<string>;
  query(url: string, sql: string): Promise<Record<string, unknown>[]>;
  /** The generated client for this provider, connected through its driver adapter. */
  prisma(url: string): SqliteClient | PostgresClient;
  /** Takes the lock migrators wait for; resolves to its release. */
  holdMigrationLock(url: string): Promise<() => Promise<void>>;
  /** Resolves once `count` migrators are (most likely) queued behind that lock. */
  waitForQueuedMigrators(url: string, count: number): Promise<void>;
  cleanup(): Promise<void>;
}

function sqliteHarness(): Harness {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dondoc-migrations-'));
  let count = 0;
  return {
    provider: 'sqlite',
    // A folder that does not exist yet: applyMigrations must create it.
    freshDatabaseUrl: async () => `file:${path.join(dir, `db${++count}`, 'dondoc.db')}`,
    async query(url, sql) {
      const db = new Database(url.slice('file:'.length));
      try {
        const statement = db.prepare(sql);
        return statement.reader ? (statement.all() as Record<string, unknown>[]) : (statement.run(), []);
      } finally {
        db.close();
      }
    },
    prisma: (url) => new SqliteClient({ adapter: new PrismaBetterSqlite3({ url }) }),
    async holdMigrationLock(url) {
      const file = url.slice('file:'.length);
      mkdirSync(path.dirname(file), { recursive: true });
      const db = new Database(file);
      db.exec('BEGIN IMMEDIATE');
      return async () => {
        db.exec('COMMIT');
        db.close();
      };
    },
    // SQLite shows no waiters; give the children time to start (tsx takes well under a second).
    waitForQueuedMigrators: () => sleep(3000).then(() => undefined),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresHarness(): Harness {
  const adminUrl = process.env[ENV_POSTGRES_URL] || DEFAULT_POSTGRES_URL;
  const created: string[] = [];
  const withClient = async <T>(url: string, work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    provider: 'postgresql',
    async freshDatabaseUrl() {
      const name = `dondoc_migtest_${process.pid}_${Date.now()}_${created.length}`;
      await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    query: (url, sql) => withClient(url, async (client) => (await client.query(sql)).rows),
    prisma: (url) => new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }),
    async holdMigrationLock(url) {
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_ID]);
      return () => client.end();
    },
    async waitForQueuedMigrators(url, count) {
      // Advisory locks are per database, so only this test's migrators show up here.
      const waiting =
        "SELECT COUNT(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted " +
        `AND objid = ${PRISMA_MIGRATE_LOCK_ID} AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
      for (let tries = 0; tries < 300; tries++) {
        if ((await withClient(url, (client) => client.query(waiting))).rows[0].n >= count) return;
        await sleep(100);
      }
      throw new Error(`Fewer than ${count} migrators queued behind the advisory lock`);
    },
    async cleanup() {
      await withClient(adminUrl, async (client) => {
        for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

function migrationNames(provider: Provider): string[] {
  return readdirSync(migrationsDir(provider), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

// DONDOC_TEST_DATABASES narrows the databases, as for the rest of the suite.
const HARNESSES = { sqlite: ['SQLite', sqliteHarness], postgresql: ['PostgreSQL', postgresHarness] } as const;

describe.each(testDatabases().map((kind) => HARNESSES[kind]))('applyMigrations on %s', (_label, makeHarness) => {
  const harness = makeHarness();
  const expected = migrationNames(harness.provider);
  afterAll(() => harness.cleanup());

  it('has an init migration to apply first', () => {
    expect(expected[0]).toMatch(/^\d{14}_init$/);
    expect(expected.every((name) => /^\d{14}_[a-z0-9_]+$/.test(name))).toBe(true);
  });

  it('applies every migration once, then nothing', async () => {
    const url = await harness.freshDatabaseUrl();
    const logs: string[] = [];
    expect(await applyMigrations(url, (msg) => logs.push(msg))).toEqual({ applied: expected });
    expect(logs).toContain(`Applying migration ${expected[0]}`);

    const tables =
      harness.provider === 'sqlite'
        ? await harness.query(url, "SELECT name FROM sqlite_master WHERE type = 'table'")
        : await harness.query(url, "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.map((row) => row['name']).sort()).toEqual(['_prisma_migrations', ...MODEL_TABLES].sort());

    expect(await applyMigrations(url)).toEqual({ applied: [] });
    expect(await harness.query(url, 'SELECT COUNT(*) AS n FROM _prisma_migrations')).toEqual([
      { n: harness.provider === 'sqlite' ? expected.length : String(expected.length) },
    ]);
  });

  it("records each migration in _prisma_migrations as Prisma's engine does", async () => {
    const url = await harness.freshDatabaseUrl();
    await applyMigrations(url);
    const rows = await harness.query(url, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');
    expect(rows).toEqual(
      expected.map((name) => ({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        checksum: createHash('sha256')
          .update(readFileSync(path.join(migrationsDir(harness.provider), name, 'migration.sql')))
          .digest('hex'),
        finished_at: expect.anything(),
        migration_name: name,
        logs: null,
        rolled_back_at: null,
        started_at: expect.anything(),
        applied_steps_count: 1,
      })),
    );
    // SQLite: epoch milliseconds, as the native engine binds timestamps there; PostgreSQL: timestamptz.
    const finishedAt = rows[0]!['finished_at'];
    if (harness.provider === 'sqlite') expect(typeof finishedAt).toBe('number');
    else expect(finishedAt).toBeInstanceOf(Date);
  });

  it('lets two processes migrate at once: one applies, the other waits and finds nothing', async () => {
    const url = await harness.freshDatabaseUrl();
    // Both processes start while the lock is held, so they really contend for it when it goes.
    const release = await harness.holdMigrationLock(url);
    const runs = [1, 2].map(() =>
      promisify(execFile)(process.execPath, [TSX, 'prisma/tools/migrate-deploy.ts'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: url },
      }),
    );
    try {
      await harness.waitForQueuedMigrators(url, 2);
    } finally {
      await release();
    }
    const outputs = (await Promise.all(runs)).map((run) => run.stdout).sort();
    expect(outputs).toEqual(
      [
        `${expected.map((name) => `Applying migration ${name}\n`).join('')}Applied ${expected.length} migration(s): ${expected.join(', ')}\n`,
        'No pending migrations\n',
      ].sort(),
    );
    expect(await harness.query(url, 'SELECT migration_name FROM _prisma_migrations')).toHaveLength(expected.length);
  });

  it('runs concurrent calls within one process one after the other', async () => {
    const url = await harness.freshDatabaseUrl();
    const results = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect(results).toEqual([{ applied: expected }, { applied: [] }]);
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const url = await harness.freshDatabaseUrl();
    await applyMigrations(url);
    // Same effect as editing migration.sql: the recorded checksum no longer matches the file.
    await harness.query(
      url,
      `UPDATE _prisma_migrations SET checksum = '${'0'.repeat(64)}' WHERE migration_name = '${expected[0]}'`,
    );
    await expect(applyMigrations(url)).rejects.toThrow(`migration.sql of ${expected[0]} changed after it was applied`);
  });

  it('refuses a history with a failed migration', async () => {
    const url = await harness.freshDatabaseUrl();
    await applyMigrations(url);
    await harness.query(
      url,
      `UPDATE _prisma_migrations SET finished_at = NULL, logs = 'syntax error at or near x' WHERE migration_name = '${expected[0]}'`,
    );
    await expect(applyMigrations(url)).rejects.toThrow(
      /records failed migrations:\n- \d{14}_init, started at .*syntax error at or near x/s,
    );
  });

  it('refuses a database that has tables but no migration history', async () => {
    const url = await harness.freshDatabaseUrl();
    await applyMigrations(url);
    await harness.query(url, 'DROP TABLE _prisma_migrations');
    await expect(applyMigrations(url)).rejects.toThrow(/has tables \(.*Campaign.*\) but no _prisma_migrations history/);
  });

  it('yields a schema the generated Prisma client reads and writes, Vietnamese text intact', async () => {
    const url = await harness.freshDatabaseUrl();
    await applyMigrations(url);
    // Both generated clients have the same model API; one type is enough to call it.
    const prisma = harness.prisma(url) as SqliteClient;
    try {
      const campaign = {
        id: 'cd-751',
        directiveNumber: '751/UBND-TTHC',
        directiveDate: new Date('2025-03-14T00:00:00.000Z'),
        title: 'Rà soát, đơn giản hóa thủ tục hành chính nội bộ năm 2025',
        submissionDeadline: new Date('2025-04-15T10:00:00.000Z'),
        definition: { ghiChú: 'Các sở, ban, ngành gửi danh mục về Sở Thông tin và Truyền thông' },
      };
      await prisma.campaign.create({
        data: {
          ...campaign,
          assignments: {
            create: {
              id: 'as-1',
              workflowId: 'agency-cd-751-SYT',
              stage: 'chờ nộp',
              submissionDeadline: campaign.submissionDeadline,
              agency: {
                create: { code: 'SYT', name: 'Sở Y tế', kind: 'sở', campaign: { connect: { id: campaign.id } } },
              },
            },
          },
        },
      });
      const stored = await prisma.campaign.findUniqueOrThrow({
        where: { id: campaign.id },
        include: { assignments: { include: { agency: true } } },
      });
      expect(stored).toMatchObject({ ...campaign, status: 'running' });
      expect(stored.assignments[0]).toMatchObject({ stage: 'chờ nộp', agency: { name: 'Sở Y tế' } });
    } finally {
      await prisma.$disconnect();
    }
  });
});

describe('the migrations folders', () => {
  it('are current: the models have not changed since the last migration', () => {
    // A child process: the schema engine's wasm glue is an ES module, which jest cannot require.
    const output = execFileSync(
      process.execPath,
      [require.resolve('tsx/cli'), 'prisma/tools/create-migration.ts', '--check'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(output.trim()).toBe('no changes');
  });

  it.each(['sqlite', 'postgresql'])('hold the %s lock file exactly as Prisma writes it', (provider) => {
    expect(readFileSync(path.join(migrationsDir(provider as Provider), 'migration_lock.toml'), 'utf8')).toBe(
      `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
    );
  });
});

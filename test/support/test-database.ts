import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { openDatabase, type Database } from '../../prisma/database';
import { applyMigrations } from '../../prisma/migrate';
import { testPostgresUrl, type TestDatabaseKind } from './test-env';

// Every test file gets a database of its own, migrated from scratch, and removes it afterwards.

export interface TestDatabase {
  kind: TestDatabaseKind;
  url: string;
  db: Database;
  drop(): Promise<void>;
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const name = `dondoc_test_${crypto.randomBytes(6).toString('hex')}`;
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-db-'));
    const url = `file:${path.join(dir, `${name}.db`)}`;
    await applyMigrations(url);
    const db = await openDatabase(url);
    return {
      kind,
      url,
      db,
      async drop() {
        await db.$disconnect();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const serverUrl = testPostgresUrl();
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const parsed = new URL(serverUrl);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  await applyMigrations(url);
  const db = await openDatabase(url);
  return {
    kind,
    url,
    db,
    async drop() {
      await db.$disconnect();
      await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

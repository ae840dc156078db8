import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { Client } from 'pg';

// PostgreSQL's side of a backup: pg_dump (custom format) when a pg_dump at least as new as the
// server is at hand (DONDOC_PG_DUMP, else pg_dump on PATH); otherwise every table's rows read in one
// read-only REPEATABLE READ snapshot — consistent, as pg_dump is, though without its speed on
// large databases.

const run = promisify(execFile);

async function majorOf(binary: string): Promise<number | undefined> {
  try {
    const { stdout } = await run(binary, ['--version']);
    return Number(/(\d+)(\.\d+)?/.exec(stdout)?.[1]);
  } catch {
    return undefined;
  }
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The pg_dump (and its pg_restore beside it) that can read this server, if any. */
export async function usablePgDump(url: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const binary = env.DONDOC_PG_DUMP ?? 'pg_dump';
  const major = await majorOf(binary);
  if (major === undefined) return undefined;
  const server = await withClient(url, async (client) =>
    Number((await client.query<{ v: string }>('SHOW server_version_num')).rows[0]!.v),
  );
  return major >= Math.floor(server / 10_000) ? binary : undefined;
}

export async function pgDump(binary: string, url: string, file: string): Promise<void> {
  await run(binary, ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${url}`]);
}

export async function pgRestore(dumpBinary: string, url: string, file: string): Promise<void> {
  const restore = dumpBinary.replace(/pg_dump$/, 'pg_restore');
  await run(restore, [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--no-privileges',
    '--single-transaction',
    `--dbname=${url}`,
    file,
  ]);
}

async function tables(client: Client): Promise<string[]> {
  const rows = await client.query<{ name: string }>(
    'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename',
  );
  return rows.rows.map((row) => row.name);
}

/** Tables ordered so that every table comes after the tables its foreign keys point to. */
async function insertOrder(client: Client, names: string[]): Promise<string[]> {
  const edges = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
      WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace`,
  );
  const parents = new Map(names.map((name) => [name, new Set<string>()]));
  for (const { child, parent } of edges.rows) if (child !== parent) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name) || path.has(name)) return;
    path.add(name);
    for (const parent of parents.get(name) ?? []) visit(parent, path);
    ordered.push(name);
  };
  for (const name of names) visit(name, new Set());
  return ordered;
}

export async function dumpRows(url: string, file: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const dump: Record<string, unknown[]> = {};
    for (const table of await tables(client)) {
      const result = await client.query<{ rows: unknown[] | null }>(`SELECT json_agg(t) AS rows FROM "${table}" t`);
      dump[table] = result.rows[0]!.rows ?? [];
    }
    await client.query('COMMIT');
    fs.writeFileSync(file, JSON.stringify(dump), { mode: 0o600 });
  });
}

/** Replaces every row of a migrated database with the dump's, in one transaction. */
export async function restoreRows(url: string, file: string): Promise<void> {
  const dump = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown[]>;
  await withClient(url, async (client) => {
    await client.query('BEGIN');
    try {
      const names = await tables(client);
      const unknown = Object.keys(dump).filter((table) => !names.includes(table));
      if (unknown.length > 0) throw new Error(`bảng không có trong cơ sở dữ liệu đích: ${unknown.join(', ')}`);
      await client.query(`TRUNCATE ${names.map((name) => `"${name}"`).join(', ')} CASCADE`);
      for (const table of await insertOrder(client, names)) {
        const rows = dump[table] ?? [];
        if (rows.length > 0)
          await client.query(
            `INSERT INTO "${table}" SELECT * FROM json_populate_recordset(NULL::"${table}", $1::json)`,
            [JSON.stringify(rows)],
          );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  });
}

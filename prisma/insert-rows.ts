import { join, raw, sqltag as sql } from '@prisma/client/runtime/client';
import type { Prisma } from '../generated/prisma-sqlite/client';
import type { DatabaseTransaction } from './database';

// Many rows in one INSERT, for the writes a launch makes per agency. Prisma's createMany interprets
// its query plan in JavaScript, about 0.1 ms of CPU per row; at 10,000 agencies that is seconds on
// the cores the Temporal server and the workers share with the launching process.

/** The tables written this way, with every column a row must give (no database default is relied on). */
interface Rows {
  Person: Required<Prisma.PersonCreateManyInput>;
  RoleGrant: Required<Prisma.RoleGrantCreateManyInput>;
  WorkflowRun: Required<Prisma.WorkflowRunCreateManyInput>;
}

/** Both databases accept 32,766 parameters in a statement or more; a statement stays well below. */
const MAX_PARAMETERS = 10_000;

/**
 * Inserts `rows` (each naming the same columns, all of them), a statement per chunk; with
 * `ignoreConflictOn`, a row whose key is taken is left as it is. Returns how many were inserted.
 */
export async function insertRows<T extends keyof Rows>(
  db: DatabaseTransaction,
  table: T,
  rows: readonly Rows[T][],
  options: { ignoreConflictOn?: (keyof Rows[T] & string)[] } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]!) as (keyof Rows[T] & string)[];
  const quoted = (names: readonly string[]) => raw(names.map((name) => `"${name}"`).join(', '));
  const conflict = options.ignoreConflictOn
    ? sql` ON CONFLICT (${quoted(options.ignoreConflictOn)}) DO NOTHING`
    : sql``;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  let inserted = 0;
  for (let from = 0; from < rows.length; from += perStatement) {
    const values = rows
      .slice(from, from + perStatement)
      .map((row) => sql`(${join(columns.map((column) => row[column]))})`);
    inserted +=
      await db.$executeRaw`INSERT INTO ${quoted([table])} (${quoted(columns)}) VALUES ${join(values)}${conflict}`;
  }
  return inserted;
}

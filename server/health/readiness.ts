import fs from 'node:fs';
import type { Client } from '@temporalio/client';
import type { Database } from '../../prisma/database';
import { migrationsDir } from '../../prisma/migrate';
import { redactCredentials } from '../../shared/redact';

// What "ready" means for a dondoc process: each check named, with how long it took and, when it
// failed, why. A check that does not answer within its bound fails rather than holding the probe.

export interface CheckResult {
  ok: boolean;
  ms: number;
  detail?: string;
}

export type Check = () => Promise<string | undefined>;

const CHECK_TIMEOUT_MS = 2_000;

async function timed(check: Check): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started), ...(detail && { detail }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, ms: Math.round(performance.now() - started), detail: redactCredentials(message) };
  } finally {
    clearTimeout(timer);
  }
}

export async function runChecks(
  checks: Record<string, Check>,
): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
  const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await timed(check)]));
  const results = Object.fromEntries(entries) as Record<string, CheckResult>;
  return { ready: Object.values(results).every((result) => result.ok), checks: results };
}

export const databaseCheck =
  (db: Database): Check =>
  async () => {
    await db.$queryRawUnsafe('SELECT 1');
    return undefined;
  };

export const temporalCheck =
  (client: Client): Check =>
  async () => {
    await client.workflowService.getSystemInfo({});
    return undefined;
  };

/** Every migration the code carries is applied (a process started before `db:migrate` is not ready). */
export const migrationsCheck = (db: Database): Check => {
  const dir = migrationsDir(db.provider);
  const expected = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  return async () => {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    const missing = expected.filter((name) => !applied.has(name));
    if (missing.length > 0) throw new Error(`not applied: ${missing.join(', ')} (run npm run db:migrate)`);
    return `${expected.length} applied`;
  };
};

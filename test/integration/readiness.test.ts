import { startTestServer, type ServerHarness } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// /readyz names each check; one failing turns the answer into 503 and says which and why.

describe.each(testDatabases())('/readyz (%s)', (kind) => {
  let server: ServerHarness;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  test('ready with every check named; 503 naming the migration that is not applied', async () => {
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { ready: boolean; checks: Record<string, { ok: boolean; detail?: string }> };
    expect(body.ready).toBe(true);
    expect(Object.keys(body.checks).sort()).toEqual(['database', 'keys', 'migrations', 'temporal']);

    const db = server.harness.database.db;
    const [last] = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1',
    );
    await db.$executeRawUnsafe(
      `UPDATE _prisma_migrations SET migration_name = 'hidden' WHERE migration_name = '${last!.migration_name}'`,
    );
    try {
      const notReady = await fetch(`${server.baseUrl}/readyz`);
      expect(notReady.status).toBe(503);
      const failed = (await notReady.json()) as typeof body;
      expect(failed.checks.migrations).toEqual(
        expect.objectContaining({ ok: false, detail: expect.stringContaining(last!.migration_name) }),
      );
      expect(failed.checks.database!.ok).toBe(true);
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200); // alive all the same
    } finally {
      await db.$executeRawUnsafe(
        `UPDATE _prisma_migrations SET migration_name = '${last!.migration_name}' WHERE migration_name = 'hidden'`,
      );
    }
  });
});

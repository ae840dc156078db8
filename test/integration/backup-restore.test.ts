import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { backup } from '../../ops/backup/backup';
import { restore, RestoreRefusedError } from '../../ops/backup/restore';
import { reconcile } from '../../ops/reconcile';
import { FileStore } from '../../shared/file-store';
import { openDatabase, type Database } from '../../prisma/database';
import { loadConfig, type Config } from '../../shared/config';
import { apiAs } from '../support/api-client';
import { launchThroughApi } from '../support/api-campaign';
import { eventually } from '../support/eventually';
import type { RunningWorker } from '../support/harness';
import { sampleCampaign } from '../support/sample-campaign';
import { tinyPdf } from '../support/sample-files';
import { startTestServer, type ServerHarness } from '../support/server-harness';
import { testDatabases, testPostgresUrl, type TestDatabaseKind } from '../support/test-env';

// Backup, more activity, restore, reconcile: what was recorded before the backup comes back whole,
// and everything the workflows did after it is listed (and the safe differences repaired).

/** An empty database URL to restore into (a new SQLite file, or a new PostgreSQL database). */
async function emptyTarget(kind: TestDatabaseKind, dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'sqlite') return { url: `file:${path.join(dir, 'restored.db')}`, drop: async () => undefined };
  const name = `dondoc_restore_${crypto.randomBytes(6).toString('hex')}`;
  const onServer = async (sql: string) => {
    const client = new PgClient({ connectionString: testPostgresUrl() });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(testPostgresUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

describe.each(testDatabases())('backup, restore, reconcile (%s)', (kind) => {
  let server: ServerHarness;
  let worker: RunningWorker;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer(kind);
    worker = await server.harness.startWorker();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-backup-'));
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function configFor(databaseUrl: string, files: string): Config {
    return loadConfig({
      DATABASE_URL: databaseUrl,
      DONDOC_TASK_QUEUE: server.harness.taskQueue,
      DONDOC_EXPORT_DIR: path.join(files, 'exports'),
      DONDOC_REPORT_DIR: path.join(files, 'reports'),
      DONDOC_FILES_DIR: path.join(files, 'deliveries'),
      DONDOC_SIGNING_KEYS_DIR: server.harness.keysDir,
      DONDOC_TRUSTED_KEYS_DIR: path.join(files, 'trusted-keys'),
    });
  }

  test('nothing recorded before the backup is lost; everything after it is listed', async () => {
    const db = server.harness.database.db;
    const before = sampleCampaign();
    const { tokens } = await launchThroughApi(server, before, {});
    const live = configFor(server.harness.database.url, path.join(dir, 'live'));
    fs.mkdirSync(live.exportDir, { recursive: true });
    fs.writeFileSync(path.join(live.exportDir, `${before.id}.xlsx`), 'danh mục');
    const delivered = new FileStore(live.filesDir).put(tinyPdf('Bao cao'));
    const deliveredPath = `${delivered.sha256.slice(0, 2)}/${delivered.sha256}`;
    const recorded = {
      assignments: (await db.assignment.findMany({ where: { campaignId: before.id } })).map((a) => a.id).sort(),
      access: (await db.accessEvent.findMany({ select: { id: true } })).map((a) => a.id).sort(),
      runs: (await db.workflowRun.findMany({ where: { campaignId: before.id } })).map((r) => r.workflowId).sort(),
    };

    const out = path.join(dir, 'backup');
    const { manifest } = await backup(live, out);
    const listed = manifest.files.map((file) => file.path);
    expect(listed).toEqual(
      expect.arrayContaining([
        manifest.database.file,
        `files/exports/${before.id}.xlsx`,
        `files/deliveries/${deliveredPath}`,
      ]),
    );
    expect(listed.some((file) => file.startsWith('public-keys/') && file.endsWith('.pub.pem'))).toBe(true);
    expect(
      fs.readFileSync(
        path.join(
          out,
          listed.find((f) => f.startsWith('public-keys/'))!,
        ),
        'utf8',
      ),
    ).not.toContain('PRIVATE');

    // More activity after the backup: another campaign launched.
    const after = sampleCampaign();
    expect((await apiAs(server.baseUrl, tokens.admin).post('/api/v1/campaigns', after)).status).toBe(200);
    await eventually(async () => expect(await db.assignment.count({ where: { campaignId: after.id } })).toBe(3));
    const startedAfter = (await db.workflowRun.findMany({ where: { campaignId: after.id } }))
      .map((r) => r.workflowId)
      .sort();
    expect(startedAfter).toHaveLength(4); // the campaign's workflow and its three agencies'

    const target = await emptyTarget(kind, dir);
    const restoredConfig = configFor(target.url, path.join(dir, 'restored'));
    // A damaged backup is refused before anything is touched.
    const damaged = path.join(dir, 'damaged');
    fs.cpSync(out, damaged, { recursive: true });
    fs.appendFileSync(path.join(damaged, `files/exports/${before.id}.xlsx`), 'x');
    const refusal = await restore(restoredConfig, damaged).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RestoreRefusedError);
    expect((refusal as Error).message).toContain(`files/exports/${before.id}.xlsx: mã kiểm tra SHA-256 không khớp`);
    expect(fs.existsSync(restoredConfig.exportDir)).toBe(false);

    await restore(restoredConfig, out);
    let restored: Database | undefined;
    try {
      restored = await openDatabase(target.url);
      expect(
        (await restored.assignment.findMany({ where: { campaignId: before.id } })).map((a) => a.id).sort(),
      ).toEqual(recorded.assignments);
      const access = new Set((await restored.accessEvent.findMany({ select: { id: true } })).map((a) => a.id));
      expect(recorded.access.filter((id) => !access.has(id))).toEqual([]);
      expect(await restored.campaign.findUnique({ where: { id: after.id } })).toBeNull();
      expect(fs.readFileSync(path.join(restoredConfig.exportDir, `${before.id}.xlsx`), 'utf8')).toBe('danh mục');
      const restoredFile = path.join(restoredConfig.filesDir, deliveredPath);
      expect(fs.readFileSync(restoredFile).equals(tinyPdf('Bao cao'))).toBe(true);
      expect(fs.statSync(restoredFile).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(restoredConfig.worker.trustedKeysDir).length).toBeGreaterThan(0);

      // A change the database missed on a campaign it has: one agency moved on in its workflow.
      const movedRow = await restored.assignment.findFirst({ where: { campaignId: before.id } });
      await restored.assignment.update({ where: { id: movedRow!.id }, data: { stage: 'approved' } });

      const client = server.harness.rawClient;
      const options = { taskQueue: server.harness.taskQueue };
      const differences = await eventually(async () => {
        const found = await reconcile(restored!, client, { ...options, repair: false });
        const missing = found.filter((d) => d.kind === 'workflow-not-in-database').map((d) => d.workflowId);
        expect(missing.sort()).toEqual(startedAfter);
        return found;
      });
      expect(differences.filter((d) => d.kind === 'database-without-workflow')).toEqual([]);
      expect(differences.filter((d) => d.kind === 'stage')).toEqual([
        expect.objectContaining({ workflowId: movedRow!.workflowId, database: 'approved', repaired: false }),
      ]);

      await reconcile(restored, client, { ...options, repair: true });
      const repairedRow = await restored.assignment.findUniqueOrThrow({ where: { id: movedRow!.id } });
      expect(repairedRow.stage).toBe(movedRow!.stage);
      const afterRepair = await reconcile(restored, client, { ...options, repair: false });
      expect(afterRepair.map((d) => d.kind)).toEqual(startedAfter.map(() => 'workflow-not-in-database'));
    } finally {
      await restored?.$disconnect();
      await target.drop();
    }
  }, 240_000);
});

import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations, migrationsDir } from '../../prisma/migrate';

// Prisma's table-rebuild migrations on SQLite (create new_X, copy, drop X, rename), applied to a
// database whose rows refer to the rebuilt table: the rows survive, foreign keys hold again after,
// and a rebuild that would leave rows referring to nothing is rolled back whole.

const FIXTURES = path.join(__dirname, '..', 'fixtures');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dondoc-rebuild-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The project's SQLite migrations plus one fixture migration, in a folder of their own. */
function migrationsWith(fixture: string): string {
  const target = path.join(dir, `${fixture}-${Math.random().toString(36).slice(2)}`);
  cpSync(migrationsDir('sqlite'), target, { recursive: true });
  cpSync(path.join(FIXTURES, fixture), target, { recursive: true });
  return target;
}

/** A database migrated by the project's migrations, holding a campaign, an agency and its assignment. */
async function seeded(name: string): Promise<{ url: string; file: string }> {
  const file = path.join(dir, `${name}.db`);
  const url = `file:${file}`;
  await applyMigrations(url);
  const db = new Database(file);
  try {
    db.exec(`
      INSERT INTO "Campaign" (id, directiveNumber, directiveDate, title, submissionDeadline, status, updatedAt)
        VALUES ('c1', '751/UBND-TTHC', 0, 'Số hóa', 0, 'running', 0);
      INSERT INTO "Agency" (campaignId, code, name, kind, email, updatedAt)
        VALUES ('c1', 'so-tu-phap', 'Sở Tư pháp', 'department', NULL, 0);
      INSERT INTO "Assignment" (id, campaignId, agencyCode, workflowId, stage, submissionDeadline, updatedAt)
        VALUES ('c1/so-tu-phap', 'c1', 'so-tu-phap', 'campaign:c1:agency:so-tu-phap', 'assigned', 0, 0);
      INSERT INTO "Submission" (id, assignmentId, version, content, submittedBy, submittedAt)
        VALUES ('c1/so-tu-phap#v1', 'c1/so-tu-phap', 1, '{}', 'so-tu-phap', 0);
      INSERT INTO "AuditEvent" (id, idempotencyKey, campaignId, assignmentId, actor, action, at)
        VALUES ('k1', 'k1', 'c1', 'c1/so-tu-phap', 'so-tu-phap', 'submit', 0);
    `);
  } finally {
    db.close();
  }
  return { url, file };
}

test('a table rebuild under rows that refer to it is applied; the rows and their keys survive', async () => {
  const { url, file } = await seeded('rebuild');
  expect(await applyMigrations(url, () => {}, { migrationsDir: migrationsWith('sqlite-rebuild-migration') })).toEqual({
    applied: ['20991231000000_rebuild_assignment'],
  });
  const db = new Database(file);
  try {
    expect(db.prepare('SELECT id, agencyCode, reviewer FROM "Assignment"').all()).toEqual([
      { id: 'c1/so-tu-phap', agencyCode: 'so-tu-phap', reviewer: '' },
    ]);
    // The rows that refer to the rebuilt table still do (ON DELETE SET NULL did not fire).
    expect(db.prepare('SELECT assignmentId FROM "Submission"').all()).toEqual([{ assignmentId: 'c1/so-tu-phap' }]);
    expect(db.prepare('SELECT assignmentId FROM "AuditEvent"').all()).toEqual([{ assignmentId: 'c1/so-tu-phap' }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Foreign keys are enforced on the rebuilt table.
    expect(() =>
      db.exec(`INSERT INTO "Assignment" (id, campaignId, agencyCode, workflowId, stage, submissionDeadline, updatedAt)
               VALUES ('c1/khong-co', 'c1', 'khong-co', 'w2', 'assigned', 0, 0)`),
    ).toThrow(/FOREIGN KEY constraint failed/);
  } finally {
    db.close();
  }
});

test('a rebuild that would orphan rows is refused and rolled back, leaving the database as it was', async () => {
  const { url, file } = await seeded('orphan');
  await expect(
    applyMigrations(url, () => {}, { migrationsDir: migrationsWith('sqlite-orphaning-migration') }),
  ).rejects.toThrow(/Migration 20991231000000_orphan_assignments failed and was rolled back: foreign key check failed/);
  const db = new Database(file);
  try {
    expect(db.prepare('SELECT code FROM "Agency"').all()).toEqual([{ code: 'so-tu-phap' }]);
    expect(db.prepare('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name').all()).toEqual([
      ...readdirSync(migrationsDir('sqlite'), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => ({ migration_name: entry.name }))
        .sort((a, b) => a.migration_name.localeCompare(b.migration_name)),
    ]);
  } finally {
    db.close();
  }
});

import fs from 'node:fs';
import path from 'node:path';
import { applyMigrations } from '../../prisma/migrate';
import { migrationsDir } from '../../prisma/migrate';
import { providerOf, sqliteFilePath } from '../../prisma/migration-db';
import type { Config } from '../../shared/config';
import { ensurePrivateDir, SQLITE_SIDE_FILES, tightenDatabaseFiles } from '../../shared/private-files';
import { verifyBackup } from './manifest';
import { pgRestore, restoreRows, usablePgDump } from './postgres';

// `npm run ops -- restore`: checks every checksum first and refuses on any mismatch; then puts back
// the database, the file store and the public keys. The server and the workers must be stopped;
// afterwards `npm run ops -- reconcile` lists what the workflows did after the backup.

export class RestoreRefusedError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Không khôi phục: bản sao lưu không toàn vẹn; chưa thay đổi gì.\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

export async function restore(
  config: Config,
  fromDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const verified = verifyBackup(fromDir);
  if ('problems' in verified) throw new RestoreRefusedError(verified.problems);
  const { manifest } = verified;
  const provider = providerOf(config.databaseUrl);
  if (provider !== manifest.database.provider)
    throw new RestoreRefusedError([
      `DATABASE_URL: bản sao lưu là của ${manifest.database.provider}, DATABASE_URL trỏ tới ${provider}`,
    ]);
  const known = new Set(fs.readdirSync(migrationsDir(provider)));
  const newer = manifest.database.migrations.filter((name) => !known.has(name));
  if (newer.length > 0)
    throw new RestoreRefusedError([`bản sao lưu có migration mà phiên bản dondoc này chưa có: ${newer.join(', ')}`]);
  const notes: string[] = [];
  const file = path.join(fromDir, manifest.database.file);
  if (provider === 'sqlite') {
    const target = sqliteFilePath(config.databaseUrl);
    ensurePrivateDir(path.dirname(target));
    for (const side of SQLITE_SIDE_FILES) fs.rmSync(`${target}${side}`, { force: true });
    fs.copyFileSync(file, target);
    tightenDatabaseFiles(target);
  } else if (manifest.database.method === 'pg_dump') {
    const binary = await usablePgDump(config.databaseUrl, env);
    if (!binary)
      throw new RestoreRefusedError(['pg_restore: không có pg_restore cùng phiên bản máy chủ (DONDOC_PG_DUMP)']);
    await pgRestore(binary, config.databaseUrl, file);
  } else {
    await applyMigrations(config.databaseUrl);
    await restoreRows(config.databaseUrl, file);
  }
  // Migrations the backup predates are applied now, as at any start.
  const applied = await applyMigrations(config.databaseUrl);
  if (applied.applied.length > 0) notes.push(`Đã áp dụng migration mới hơn bản sao lưu: ${applied.applied.join(', ')}`);
  for (const [from, to] of [
    ['files/exports', config.exportDir],
    ['files/reports', config.reports.dir],
  ] as const) {
    if (fs.existsSync(path.join(fromDir, from))) fs.cpSync(path.join(fromDir, from), to, { recursive: true });
  }
  // Delivered files are named by their content: one already here is the same file, and is kept.
  if (fs.existsSync(path.join(fromDir, 'files/deliveries'))) {
    ensurePrivateDir(config.filesDir);
    fs.cpSync(path.join(fromDir, 'files/deliveries'), config.filesDir, { recursive: true, force: false });
  }
  const keysDir = path.join(fromDir, 'public-keys');
  if (
    fs.existsSync(keysDir) &&
    path.resolve(config.worker.trustedKeysDir) !== path.resolve(config.server.signingKeysDir)
  ) {
    ensurePrivateDir(config.worker.trustedKeysDir);
    fs.cpSync(keysDir, config.worker.trustedKeysDir, { recursive: true });
    notes.push(`Khóa công khai của bản sao lưu đã chép vào ${config.worker.trustedKeysDir}.`);
  }
  notes.push(`Đã khôi phục bản sao lưu lúc ${manifest.createdAt} (${manifest.database.method}).`);
  return notes;
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { providerOf, sqliteFilePath } from '../../prisma/migration-db';
import type { Config } from '../../shared/config';
import { ensurePrivateDir } from '../../shared/private-files';
import { describeFiles, MANIFEST, type Manifest } from './manifest';
import { dumpRows, pgDump, usablePgDump } from './postgres';

// `npm run ops -- backup`: a consistent copy of the system of record, the file store (catalogues,
// reports, the files agencies delivered) and the server's public keys, with a manifest of SHA-256
// checksums. Private signing keys are secrets and are not copied: keep them apart (README, "Backup
// and restore").

export interface BackupResult {
  dir: string;
  manifest: Manifest;
  notes: string[];
}

function appliedMigrations(rows: { migration_name: string }[]): string[] {
  return rows.map((row) => row.migration_name).sort();
}

function copyTree(from: string, to: string): void {
  if (!fs.existsSync(from)) return;
  fs.cpSync(from, to, { recursive: true });
}

function writePublicKeys(signingKeysDir: string, to: string): number {
  if (!fs.existsSync(signingKeysDir)) return 0;
  const files = fs.readdirSync(signingKeysDir).filter((file) => file.endsWith('.pem'));
  ensurePrivateDir(to);
  for (const file of files) {
    const pem = fs.readFileSync(path.join(signingKeysDir, file), 'utf8');
    const key = pem.includes('PRIVATE KEY')
      ? crypto.createPublicKey(crypto.createPrivateKey(pem))
      : crypto.createPublicKey(pem);
    fs.writeFileSync(path.join(to, file.replace(/\.pem$/, '.pub.pem')), key.export({ type: 'spki', format: 'pem' }));
  }
  return files.length;
}

export async function backup(
  config: Config,
  outDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BackupResult> {
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0)
    throw new Error(`${outDir}: thư mục đã có dữ liệu. Cách sửa: chọn một thư mục mới cho mỗi bản sao lưu.`);
  ensurePrivateDir(outDir);
  const notes: string[] = [];
  const provider = providerOf(config.databaseUrl);
  let database: Manifest['database'];
  if (provider === 'sqlite') {
    // SQLite's online backup: a consistent copy while the server and workers keep writing.
    const source = new BetterSqlite3(sqliteFilePath(config.databaseUrl), { readonly: true, fileMustExist: true });
    try {
      await source.backup(path.join(outDir, 'database.sqlite'));
      const copy = new BetterSqlite3(path.join(outDir, 'database.sqlite'), { readonly: true });
      const migrations = appliedMigrations(
        copy.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL').all() as {
          migration_name: string;
        }[],
      );
      copy.close();
      database = { provider, method: 'sqlite-online-backup', file: 'database.sqlite', migrations };
    } finally {
      source.close();
    }
  } else {
    const binary = await usablePgDump(config.databaseUrl, env);
    if (binary) {
      await pgDump(binary, config.databaseUrl, path.join(outDir, 'database.pgdump'));
      database = { provider, method: 'pg_dump', file: 'database.pgdump', migrations: [] };
    } else {
      notes.push(
        'Không có pg_dump cùng phiên bản (hoặc mới hơn) máy chủ PostgreSQL: đã chép mọi bảng trong một ảnh chụp nhất quán. Cài postgresql-client đúng phiên bản hoặc đặt DONDOC_PG_DUMP để dùng pg_dump.',
      );
      await dumpRows(config.databaseUrl, path.join(outDir, 'database.json'));
      database = { provider, method: 'postgresql-rows', file: 'database.json', migrations: [] };
    }
    const { Client } = await import('pg');
    const client = new Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      database.migrations = appliedMigrations(
        (
          await client.query<{ migration_name: string }>(
            'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL',
          )
        ).rows,
      );
    } finally {
      await client.end();
    }
  }
  copyTree(config.exportDir, path.join(outDir, 'files', 'exports'));
  copyTree(config.reports.dir, path.join(outDir, 'files', 'reports'));
  copyTree(config.filesDir, path.join(outDir, 'files', 'deliveries'));
  const keys = writePublicKeys(config.server.signingKeysDir, path.join(outDir, 'public-keys'));
  if (keys === 0)
    notes.push(`Không có khóa ký trong ${config.server.signingKeysDir}: bản sao lưu không có khóa công khai.`);
  const manifest: Manifest = {
    format: 'dondoc-backup/1',
    createdAt: new Date().toISOString(),
    database,
    files: describeFiles(outDir),
  };
  fs.writeFileSync(path.join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return { dir: outDir, manifest, notes };
}

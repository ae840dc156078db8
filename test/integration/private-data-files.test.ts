import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDevServer } from '../../ops/temporal-dev-server';
import { openDatabase } from '../../prisma/database';
import { freePort } from '../support/free-port';

// dondoc's data is its owner's only, whatever the umask: the SQLite system of record and the
// Temporal dev server's file (every history and proof), with their side files, are 0600 in 0700 folders.

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('data files and folders for the owner only', () => {
  let root: string;
  let umask: number;

  beforeEach(() => {
    umask = process.umask(0o022); // the usual umask, under which files come out 0644
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-private-'));
  });
  afterEach(() => {
    process.umask(umask);
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('the SQLite database: new folders 0700, the file and its WAL and shared memory 0600; an old 0644 file is tightened', async () => {
    const file = path.join(root, 'data', 'nested', 'dondoc.db');
    const db = await openDatabase(`file:${file}`);
    await db.$executeRawUnsafe('CREATE TABLE t (x INTEGER)');
    await db.$executeRawUnsafe('INSERT INTO t VALUES (1)');
    expect(mode(path.join(root, 'data'))).toBe(0o700);
    expect(mode(path.join(root, 'data', 'nested'))).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect({ f, mode: mode(f) }).toEqual({ f, mode: 0o600 });
    await db.$disconnect();

    for (const f of [file, `${file}-wal`, `${file}-shm`].filter((f) => fs.existsSync(f))) fs.chmodSync(f, 0o644);
    const again = await openDatabase(`file:${file}`);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect({ f, mode: mode(f) }).toEqual({ f, mode: 0o600 });
    await again.$disconnect();
  });

  test('the Temporal dev server’s file (temporal.db) is 0600 in a 0700 folder', async () => {
    const file = path.join(root, 'data', 'temporal.db');
    const server = await startDevServer({ port: await freePort(), dbFilename: file });
    try {
      expect(mode(path.join(root, 'data'))).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      for (const side of ['-wal', '-shm'].map((s) => `${file}${s}`).filter((f) => fs.existsSync(f)))
        expect({ side, mode: mode(side) }).toEqual({ side, mode: 0o600 });
    } finally {
      await server.stop();
    }
  }, 90_000);
});

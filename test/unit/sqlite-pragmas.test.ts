import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../prisma/database';

// dondoc's SQLite file runs in WAL mode with every commit synced (prisma/database.ts says why),
// whichever process opens it first: better-sqlite3 alone would give a later process NORMAL.

const pragmas = async (db: Database) => {
  const [{ journal_mode }] = await db.$queryRawUnsafe<[{ journal_mode: string }]>('PRAGMA journal_mode');
  const [{ synchronous }] = await db.$queryRawUnsafe<[{ synchronous: bigint }]>('PRAGMA synchronous');
  return { journal_mode, synchronous: Number(synchronous) };
};

test('a new and a reopened SQLite database both run in WAL mode with synchronous = FULL', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-pragmas-'));
  const url = `file:${path.join(dir, 'pragmas.db')}`;
  try {
    const first = await openDatabase(url);
    expect(await pragmas(first)).toEqual({ journal_mode: 'wal', synchronous: 2 });
    const second = await openDatabase(url); // the file is WAL already: the case better-sqlite3 would make NORMAL
    expect(await pragmas(second)).toEqual({ journal_mode: 'wal', synchronous: 2 });
    await second.$disconnect();
    await first.$disconnect();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

import fs from 'node:fs';
import path from 'node:path';

// dondoc's data (its SQLite database, the Temporal dev server's file with every history and proof)
// is readable by its owner only: folders 0700, files 0600, whatever the umask. A folder that existed
// before is left as it is (it may be shared, like /tmp); files dondoc owns are tightened.

/** The side files SQLite keeps next to a database (write-ahead log, shared memory, rollback journal). */
export const SQLITE_SIDE_FILES = ['-wal', '-shm', '-journal'];

/** Creates `dir` (and missing parents) for the owner only; an existing folder is left alone. */
export function ensurePrivateDir(dir: string): void {
  const first = fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (first === undefined) return;
  // mkdir's mode passes through the umask; set it outright on each folder made here.
  for (let made = path.resolve(dir); ; made = path.dirname(made)) {
    fs.chmodSync(made, 0o700);
    if (made === path.resolve(first) || made === path.dirname(made)) break;
  }
}

/** A database file for the owner only: created empty at 0600 when missing, and it and its side files tightened. */
export function ensurePrivateDatabaseFile(file: string): void {
  ensurePrivateDir(path.dirname(file));
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  tightenDatabaseFiles(file);
}

/** Sets 0600 on a database file and on whichever of its side files exist. */
export function tightenDatabaseFiles(file: string): void {
  for (const candidate of [file, ...SQLITE_SIDE_FILES.map((suffix) => `${file}${suffix}`)]) {
    try {
      fs.chmodSync(candidate, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from './private-files';

// The bytes of delivered files, kept outside Temporal under their SHA-256 (`ab/abcdef…`): written
// to a temporary file, then linked into place, so a reader never sees half a file and a stored file
// is never replaced; the same content stored again writes nothing. Owner-only like all of dondoc's
// data (folders 0700, files 0600).

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export interface StoredContent {
  sha256: string;
  size: number;
  /** False when these bytes were already stored. */
  written: boolean;
}

export class FileStore {
  constructor(readonly root: string) {}

  /** Where the bytes of `sha256` are (or would be) kept. */
  pathOf(sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw new Error(`not a SHA-256: ${sha256.slice(0, 80)}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Stores the bytes once; storing the same bytes again changes nothing. */
  put(content: Buffer): StoredContent {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const target = this.pathOf(sha256);
    const existing = this.sizeOf(sha256);
    if (existing !== undefined)
      return { sha256, size: this.checkedSize(sha256, existing, content.length), written: false };
    ensurePrivateDir(path.dirname(target));
    const temporary = path.join(path.dirname(target), `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    const fd = fs.openSync(temporary, 'wx', 0o600);
    try {
      fs.writeSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      // A link, unlike a rename, never replaces a file already there (another upload of the same bytes).
      fs.linkSync(temporary, target);
      return { sha256, size: content.length, written: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return { sha256, size: this.checkedSize(sha256, this.sizeOf(sha256) ?? -1, content.length), written: false };
    } finally {
      fs.rmSync(temporary, { force: true });
    }
  }

  /** The stored size of `sha256`, or undefined when its bytes are not here. */
  sizeOf(sha256: string): number | undefined {
    try {
      return fs.statSync(this.pathOf(sha256)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** The stored bytes of `sha256` in memory (bounded by the upload limit), or undefined when not here. */
  read(sha256: string): Buffer | undefined {
    try {
      return fs.readFileSync(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** A stream of the stored bytes, or undefined when they are not here. */
  open(sha256: string): { size: number; stream: fs.ReadStream } | undefined {
    let fd: number;
    try {
      fd = fs.openSync(this.pathOf(sha256), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return { size: fs.fstatSync(fd).size, stream: fs.createReadStream('', { fd }) };
  }

  /** A stored file whose size differs from the same hash's bytes is damaged: never hidden by an upload. */
  private checkedSize(sha256: string, stored: number, expected: number): number {
    if (stored !== expected)
      throw new Error(
        `stored file ${this.pathOf(sha256)} has ${stored} bytes, its content has ${expected}: damaged store`,
      );
    return stored;
  }
}

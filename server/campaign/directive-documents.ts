import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from '../../shared/private-files';

// A directive's PDF, kept in the data folder under its SHA-256: the campaign definition (and so
// every workflow input) carries only { name, sha256 }. Storing the same bytes twice writes nothing.

export const MAX_DIRECTIVE_PDF_BYTES = 20 * 1024 * 1024;

const folderOf = (dataDir: string) => path.join(dataDir, 'directives');
const fileOf = (dataDir: string, sha256: string) => path.join(folderOf(dataDir), `${sha256}.pdf`);

/** Whether the bytes are a PDF (every PDF starts with `%PDF-`). */
export function isPdf(buffer: Buffer): boolean {
  return buffer.subarray(0, 5).toString('latin1') === '%PDF-';
}

/** Stores the PDF (once per content) and returns its SHA-256. */
export function storeDirectiveDocument(dataDir: string, buffer: Buffer): string {
  const sha256 = createHash('sha256').update(buffer).digest('hex');
  ensurePrivateDir(folderOf(dataDir));
  try {
    fs.writeFileSync(fileOf(dataDir, sha256), buffer, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return sha256;
}

/** The stored PDF, or undefined when there is none with this hash. */
export function readDirectiveDocument(dataDir: string, sha256: string): Buffer | undefined {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
  try {
    return fs.readFileSync(fileOf(dataDir, sha256));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

// Report files are written whole or not at all (temporary file, then rename), so a reader or a
// mail attachment never sees half a report, and running again for the same day replaces them.

/** A campaign id as one safe folder name: no separators, no "..", nothing a file system rejects. */
export function safeSegment(value: string): string {
  const cleaned = value.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^\.+/, '_');
  return cleaned.length > 0 ? cleaned.slice(0, 150) : '_';
}

export async function writeAtomically(file: string, content: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temporary, content, 'utf8');
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

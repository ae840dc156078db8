import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// A backup folder's table of contents: every file with its size and SHA-256, so a restore can tell
// a complete, unaltered backup from a damaged one before it touches anything.

export const MANIFEST = 'manifest.json';

const manifestSchema = z.object({
  format: z.literal('dondoc-backup/1'),
  createdAt: z.string(),
  database: z.object({
    provider: z.enum(['sqlite', 'postgresql']),
    method: z.enum(['sqlite-online-backup', 'pg_dump', 'postgresql-rows']),
    file: z.string(),
    migrations: z.array(z.string()),
  }),
  files: z.array(z.object({ path: z.string(), bytes: z.number().int(), sha256: z.string().length(64) })),
});

export type Manifest = z.infer<typeof manifestSchema>;

function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Every regular file under `dir`, as paths relative to it, in a stable order. */
function filesUnder(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const relative = path.posix.join(prefix, entry.name);
      if (entry.isDirectory()) return filesUnder(path.join(dir, entry.name), relative);
      return entry.isFile() ? [relative] : [];
    });
}

export function describeFiles(root: string): Manifest['files'] {
  return filesUnder(root)
    .filter((file) => file !== MANIFEST)
    .map((file) => {
      const full = path.join(root, file);
      return { path: file, bytes: fs.statSync(full).size, sha256: sha256Of(full) };
    });
}

/** The manifest of a backup folder once every file in it matches; otherwise every problem, named. */
export function verifyBackup(root: string): { manifest: Manifest } | { problems: string[] } {
  const manifestFile = path.join(root, MANIFEST);
  if (!fs.existsSync(manifestFile)) return { problems: [`${MANIFEST}: không có trong ${root}`] };
  const parsed = manifestSchema.safeParse(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
  if (!parsed.success) return { problems: [`${MANIFEST}: không đúng định dạng (${parsed.error.message})`] };
  const listed = new Map(parsed.data.files.map((file) => [file.path, file]));
  const problems: string[] = [];
  for (const file of parsed.data.files) {
    const full = path.join(root, file.path);
    if (!fs.existsSync(full)) problems.push(`${file.path}: thiếu tệp`);
    else if (sha256Of(full) !== file.sha256)
      problems.push(`${file.path}: mã kiểm tra SHA-256 không khớp (tệp đã bị thay đổi hoặc hỏng)`);
  }
  for (const file of filesUnder(root)) {
    if (file !== MANIFEST && !listed.has(file)) problems.push(`${file}: tệp không có trong ${MANIFEST}`);
  }
  return problems.length > 0 ? { problems } : { manifest: parsed.data };
}

import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';
import { ARTICLE_4_TABLE, deliverableDeclarationSchema, type DeliverableDeclaration } from '../domain/deliverables';

// The saved deliverable declarations the web creation form offers: the `deliverable:` of every
// campaign file shipped in campaigns/, each under its title. The Article 4 list is offered on its
// own (it is the default), so a file declaring it adds nothing here.

const CAMPAIGNS_DIR = path.resolve(__dirname, '../campaigns');

export interface SavedDeliverable {
  /** Stable choice value: the campaign file's name without `.yaml`. */
  name: string;
  title: string;
  declaration: DeliverableDeclaration;
}

let cached: SavedDeliverable[] | undefined;

/** The declarations of campaigns/, read once; a file that does not declare a valid one is left out. */
export function savedDeliverables(dir = CAMPAIGNS_DIR): SavedDeliverable[] {
  if (cached && dir === CAMPAIGNS_DIR) return cached;
  const seen: DeliverableDeclaration[] = [ARTICLE_4_TABLE];
  const saved: SavedDeliverable[] = [];
  const names = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /\.ya?ml$/i.test(f))
        .sort()
    : [];
  for (const file of names) {
    let raw: unknown;
    try {
      raw = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    } catch {
      continue;
    }
    const parsed = deliverableDeclarationSchema.safeParse((raw as { deliverable?: unknown } | null)?.deliverable);
    if (!parsed.success) continue;
    if (seen.some((declaration) => isDeepStrictEqual(declaration, parsed.data))) continue;
    seen.push(parsed.data);
    saved.push({ name: file.replace(/\.ya?ml$/i, ''), title: parsed.data.title, declaration: parsed.data });
  }
  if (dir === CAMPAIGNS_DIR) cached = saved;
  return saved;
}

import type { Database } from '../prisma/database';
import { compileDeliverable, declaredDeliverable, type DeliverableChecker } from '../domain/deliverables';
import type { DeliverableDeclaration } from '../domain/deliverables';
import { readCampaignRow } from './campaign-rows';

// The deliverable a campaign declared at launch (its stored definition), and its compiled checker:
// the same checker the agency workflows run, so the server refuses exactly what they would.

export interface CampaignDeliverable {
  declaration: DeliverableDeclaration;
  check: DeliverableChecker;
}

type Kept = Map<string, { version: number; deliverable: CampaignDeliverable | undefined }>;
/** Per database (a process may open more than one), per campaign. */
const compiledBy = new WeakMap<Database, Kept>();
const KEPT = 64;

/**
 * The campaign's declared deliverable, or undefined when it takes the Article 4 list (or is unknown).
 * Compiled once per campaign and kept while the campaign's row is unchanged (a re-launch may change
 * the declaration); the stored definition itself is read once per row version (campaign-rows.ts).
 */
export async function loadCampaignDeliverable(
  db: Database,
  campaignId: string,
): Promise<CampaignDeliverable | undefined> {
  const row = await readCampaignRow(db, campaignId);
  if (!row) return undefined;
  const version = row.updatedAt.getTime();
  const compiled: Kept = compiledBy.get(db) ?? new Map();
  compiledBy.set(db, compiled);
  const cached = compiled.get(campaignId);
  if (cached?.version === version) return cached.deliverable;
  const declared = (row.definition as { deliverable?: DeliverableDeclaration } | null)?.deliverable;
  const declaration = declaredDeliverable(declared);
  const deliverable = declaration && { declaration, check: compileDeliverable(declaration) };
  if (!cached && compiled.size >= KEPT) compiled.delete(compiled.keys().next().value!);
  compiled.set(campaignId, { version, deliverable });
  return deliverable;
}

import type { Database } from '../../prisma/database';
import { compileDeliverable, declaredDeliverable, type DeliverableChecker } from '../../domain/deliverables';
import type { DeliverableDeclaration } from '../../domain/deliverables';

// The deliverable a campaign declared at launch (its stored definition), and its compiled checker:
// the same checker the agency workflows run, so the server refuses exactly what they would.

export interface CampaignDeliverable {
  declaration: DeliverableDeclaration;
  check: DeliverableChecker;
}

const compiled = new Map<string, { source: string; deliverable: CampaignDeliverable }>();
const KEPT = 64;

/** The campaign's declared deliverable, or undefined when it takes the Article 4 list (or is unknown). */
export async function loadCampaignDeliverable(
  db: Database,
  campaignId: string,
): Promise<CampaignDeliverable | undefined> {
  const row = await db.campaign.findUnique({ where: { id: campaignId }, select: { definition: true } });
  const declared = (row?.definition as { deliverable?: DeliverableDeclaration } | null)?.deliverable;
  const declaration = declaredDeliverable(declared);
  if (!declaration) return undefined;
  // Compiled once per campaign and declaration (a re-launch may change it).
  const source = JSON.stringify(declaration);
  const cached = compiled.get(campaignId);
  if (cached?.source === source) return cached.deliverable;
  const deliverable = { declaration, check: compileDeliverable(declaration) };
  if (compiled.size >= KEPT) compiled.delete(compiled.keys().next().value!);
  compiled.set(campaignId, { source, deliverable });
  return deliverable;
}

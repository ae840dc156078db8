import type { Database } from '../prisma/database';

// A campaign's stored row as every request reads it. The definition holds every agency of the
// campaign (megabytes at ten thousand agencies) and changes only at a (re-)launch, while each
// action reads the row for its names, its clock and whether collection is open: the definition is
// kept per campaign and read again only once the row's updatedAt moves.

type CampaignRow = NonNullable<Awaited<ReturnType<Database['campaign']['findUnique']>>>;

const KEPT = 256;
/** Per database (a process may open more than one), per campaign: the definition at a row version. */
const keptBy = new WeakMap<Database, Map<string, { version: number; definition: CampaignRow['definition'] }>>();

/** The campaign's row, its definition shared with other readers (never to be changed), or null. */
export async function readCampaignRow(db: Database, campaignId: string): Promise<CampaignRow | null> {
  const kept = keptBy.get(db) ?? new Map();
  keptBy.set(db, kept);
  const light = await db.campaign.findUnique({ where: { id: campaignId }, omit: { definition: true } });
  if (!light) return null;
  const version = light.updatedAt.getTime();
  const known = kept.get(campaignId);
  if (known?.version === version) return { ...light, definition: known.definition };
  const row = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!row) return null;
  if (!known && kept.size >= KEPT) kept.delete(kept.keys().next().value!);
  kept.set(campaignId, { version: row.updatedAt.getTime(), definition: row.definition });
  return row;
}

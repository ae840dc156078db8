import type { Database } from '../../prisma/database';
import { inCatalogueAtConsolidation, missingAtConsolidation } from '../../domain/consolidation';
import { STAGE_LABELS, type Stage } from '../../domain/stages';
import { loadCampaignRow } from '../campaign-roles';

// What consolidating now would do: whose accepted list goes into the catalogue, and who is missing
// (each of those is escalated as missing at consolidation), by the same rule the activity applies.

export interface PreviewAgency {
  code: string;
  name: string;
  stage: string;
  stageLabel: string;
  version: number;
}

export interface ConsolidationPreview {
  campaignId: string;
  status: string;
  consolidatedAt: Date | null;
  included: PreviewAgency[];
  missing: PreviewAgency[];
  withdrawn: number;
}

export async function consolidationPreview(db: Database, campaignId: string): Promise<ConsolidationPreview> {
  const campaign = await loadCampaignRow(db, campaignId);
  const [assignments, agencies] = await Promise.all([
    db.assignment.findMany({
      where: { campaignId },
      select: { agencyCode: true, stage: true, currentVersion: true },
      orderBy: { agencyCode: 'asc' },
    }),
    db.agency.findMany({ where: { campaignId }, select: { code: true, name: true } }),
  ]);
  const names = new Map(agencies.map((a) => [a.code, a.name]));
  const rows = assignments.map((a) => ({
    code: a.agencyCode,
    name: names.get(a.agencyCode) ?? a.agencyCode,
    stage: a.stage,
    stageLabel: STAGE_LABELS[a.stage as Stage] ?? a.stage,
    version: a.currentVersion,
  }));
  const included = rows.filter((a) => inCatalogueAtConsolidation(a.stage));
  const missing = rows.filter((a) => missingAtConsolidation(a.stage));
  return {
    campaignId,
    status: campaign.status,
    consolidatedAt: campaign.consolidatedAt,
    included,
    missing,
    withdrawn: rows.length - included.length - missing.length,
  };
}

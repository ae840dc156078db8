import type { Database } from '../prisma/database';
import type { FileRef } from '../domain/deliverables';
import { loadCampaignDeliverable } from './campaign-deliverable';
import { assignmentId } from '../temporal/workflow-ids';
import type { ReturnReasons } from '../workflows/agency/messages';
import { deliveryView, type DeliveryView } from './delivery-view';

// One agency's delivery of a campaign's declared deliverable as its pages show it: the current
// version against the previous one, with the reasons of the last return beside their places.

/** The campaign's declared deliverable, or undefined when it takes the Article 4 list (compiled once, kept). */
export async function campaignDeclaration(db: Database, campaignId: string) {
  return (await loadCampaignDeliverable(db, campaignId))?.declaration;
}

/** Where a delivered file is downloaded (by those who may read the agency). */
export const fileHref = (campaignId: string, agencyCode: string) => (file: FileRef) =>
  `/api/v1/campaigns/${encodeURIComponent(campaignId)}/agencies/${encodeURIComponent(agencyCode)}/files/${file.sha256}`;

/** The agency's last return: its overall reason, when, and the reasons by place (`fields.x`, `rows[3]`). */
export async function lastReturnOf(db: Database, campaignId: string, agencyCode: string) {
  const lastReturn = await db.reviewDecision.findFirst({
    where: { assignmentId: assignmentId(campaignId, agencyCode), decision: 'returned' },
    orderBy: { decidedAt: 'desc' },
  });
  const reasons = (lastReturn?.reasons ?? null) as ReturnReasons | null;
  return {
    ...(lastReturn && reasons && { overall: reasons.overall, decidedAt: lastReturn.decidedAt }),
    places: new Map((reasons?.places ?? []).map((p) => [p.path, p.reason])),
  };
}

export async function deliveryForReview(
  db: Database,
  campaignId: string,
  agencyCode: string,
): Promise<DeliveryView | undefined> {
  const declaration = await campaignDeclaration(db, campaignId);
  if (!declaration) return undefined;
  const id = assignmentId(campaignId, agencyCode);
  const [latest, lastReturn] = await Promise.all([
    db.submission.findMany({ where: { assignmentId: id }, orderBy: { version: 'desc' }, take: 2 }),
    lastReturnOf(db, campaignId, agencyCode),
  ]);
  const [current, previous] = latest;
  const href = fileHref(campaignId, agencyCode);
  return deliveryView(declaration, current?.content, previous?.content, lastReturn.places, href);
}

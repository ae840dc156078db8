import type { Database } from '../../prisma/database';
import type { Scope } from '../../domain/access';
import { collectionClosedNotice } from '../../domain/collection';
import { loadCampaignRow } from '../../read-side/campaign-roles';
import { collectionFacts } from '../../read-side/rounds';
import { assignmentId } from '../../temporal/workflow-ids';
import { refused } from '../../shared/http-errors';

/**
 * Refuses a list from an agency for which collection is closed (found missing at a consolidation,
 * the last round approved, the campaign cancelled): its workflow would keep the list, but no round
 * would ever take it, so the agency is told plainly instead, as its page tells it.
 */
export async function refuseClosedCollection(db: Database, scope: Scope): Promise<void> {
  if (scope.agencyCode === undefined) return;
  const id = assignmentId(scope.campaignId, scope.agencyCode);
  const row = await db.assignment.findUnique({ where: { id }, select: { stage: true } });
  if (!row) return; // the Update's own lookup says the agency is unknown
  const campaign = await loadCampaignRow(db, scope.campaignId);
  const notice = collectionClosedNotice(await collectionFacts(db, campaign, id), row.stage);
  if (notice) throw refused(notice);
}

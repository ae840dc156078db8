import type { Database } from '../prisma/database';
import type { CampaignEvent } from '../workflows/campaign/messages';
import { campaignWorkflowId } from '../domain/campaign-input';
import { approvalAuditKey } from '../domain/rounds';

// What an agency workflow asks before acting on a campaign event it was signalled: the campaign's
// own records of the decision.

/** The campaign's audit action behind each event it sends to the agencies. */
const EVENT_ACTIONS: Record<CampaignEvent['type'], string> = {
  consolidated: 'consolidate',
  approved: 'approve',
  cancelled: 'cancel',
};
/** The campaign statuses in which each event holds. */
const EVENT_STATUSES: Record<CampaignEvent['type'], string[]> = {
  consolidated: ['consolidated', 'approved'],
  approved: ['approved'],
  cancelled: ['cancelled'],
};

/** The campaign's own record of an event, as an agency workflow asks for it before acting on a signal. */
export interface CampaignEventConfirmation {
  confirmed: boolean;
  /** Who decided it, from the campaign's audit row. */
  by?: string;
  reason?: string;
}

/**
 * Whether the campaign really decided an event an agency was signalled: its recorded status, and
 * for a consolidation, that the agency was accepted before it (one accepted later is not in the
 * catalogue). Only the campaign workflow's activities write these records.
 */
export async function confirmCampaignEvent(
  db: Database,
  input: {
    campaignId: string;
    assignmentId: string;
    type: CampaignEvent['type'];
  },
): Promise<CampaignEventConfirmation> {
  const [campaign, assignment] = await Promise.all([
    db.campaign.findUnique({ where: { id: input.campaignId }, select: { status: true, consolidatedAt: true } }),
    db.assignment.findUnique({ where: { id: input.assignmentId }, select: { catalogueRound: true } }),
  ]);
  if (!campaign) return { confirmed: false };
  const round = assignment?.catalogueRound ?? null;
  if (input.type === 'consolidated' && round === null) {
    // No round took this list. Only a campaign consolidated before rounds were recorded (no list
    // has one) confirms by time: accepted before the consolidation.
    if (!EVENT_STATUSES.consolidated.includes(campaign.status)) return { confirmed: false };
    const rounded = await db.assignment.count({
      where: { campaignId: input.campaignId, catalogueRound: { not: null } },
    });
    if (rounded > 0) return { confirmed: false };
    const accepted = await db.auditEvent.findFirst({
      where: { assignmentId: input.assignmentId, action: 'accept' },
      orderBy: { at: 'desc' },
      select: { at: true },
    });
    if (!accepted || !campaign.consolidatedAt || accepted.at > campaign.consolidatedAt) return { confirmed: false };
  } else if (input.type === 'approved' && round !== null) {
    // The decision of the agency's own round, whatever round the campaign is in now.
    const approval = await db.auditEvent.findUnique({
      where: { idempotencyKey: approvalAuditKey(campaignWorkflowId(input.campaignId), round) },
      select: { id: true },
    });
    if (!approval) return { confirmed: false };
  } else if (input.type !== 'consolidated' && !EVENT_STATUSES[input.type].includes(campaign.status))
    return { confirmed: false };
  const decision = await db.auditEvent.findFirst({
    where: { campaignId: input.campaignId, assignmentId: null, action: EVENT_ACTIONS[input.type] },
    orderBy: { at: 'desc' },
    select: { actor: true, payload: true },
  });
  const reason = (decision?.payload as { reason?: unknown } | null)?.reason;
  return {
    confirmed: true,
    by: decision?.actor,
    ...(typeof reason === 'string' && { reason }),
  };
}

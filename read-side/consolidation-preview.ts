import type { Database } from '../prisma/database';
import {
  awaitingReview,
  CONSOLIDATION_FIELDS,
  inCatalogueAtConsolidation,
  missingAtConsolidation,
  withinOwnDeadline,
} from '../domain/consolidation';
import { openSuspensions } from './suspensions';
import { formatDeadline } from '../domain/deadline-display';
import { STAGE_LABELS, type Stage } from '../domain/stages';
import { loadCampaignRow } from './campaign-roles';
import { catalogueRounds, currentRound, foundMissingBefore, laterRoundOpen } from './rounds';
import { takenByRound } from '../domain/rounds';

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
  /** The catalogue round consolidating now makes: 1, or 2, 3 … for a supplement (domain/rounds.ts). */
  round: number;
  included: PreviewAgency[];
  /** Owe a list and their own deadline has passed: each is escalated as missing. */
  missing: PreviewAgency[];
  /** Owe a list but their own deadline still runs (extended, suspended, not yet due): not missing. */
  withinDeadline: PreviewAgency[];
  /** Submitted and not yet reviewed: left out of this round unless accepted first. */
  awaitingReview: PreviewAgency[];
  withdrawn: number;
  /** The campaign's submission deadline, when it has not passed yet. */
  submissionDeadlineAhead?: Date;
  /** Consolidated, approved or cancelled: no consolidation can be confirmed now. */
  closed: boolean;
}

/** Statuses in which the campaign takes no consolidation (an approval leaves a later round open, or not). */
const CLOSED_STATUSES = ['consolidated', 'cancelled'];

export async function consolidationPreview(db: Database, campaignId: string, now: Date): Promise<ConsolidationPreview> {
  const campaign = await loadCampaignRow(db, campaignId);
  const [assignments, agencies, suspended, rounds] = await Promise.all([
    db.assignment.findMany({
      where: { campaignId },
      select: { ...CONSOLIDATION_FIELDS, catalogueRound: true },
      orderBy: { agencyCode: 'asc' },
    }),
    db.agency.findMany({ where: { campaignId }, select: { code: true, name: true } }),
    openSuspensions(db, campaignId),
    catalogueRounds(db, campaignId),
  ]);
  const round = currentRound(campaign.status, rounds);
  const closedBefore = await foundMissingBefore(db, campaignId, round);
  // After an approval only a later round open for agencies within their own deadline takes a consolidation.
  const open = campaign.status !== 'approved' || (await laterRoundOpen(db, campaignId));
  const names = new Map(agencies.map((a) => [a.code, a.name]));
  const rows = assignments
    .filter((a) => !closedBefore.has(a.id))
    .filter((a) => !inCatalogueAtConsolidation(a.stage) || takenByRound({ ...a, foundMissing: false }, round))
    .map((a) => ({
      code: a.agencyCode,
      name: names.get(a.agencyCode) ?? a.agencyCode,
      stage: a.stage,
      stageLabel: STAGE_LABELS[a.stage as Stage] ?? a.stage,
      version: a.currentVersion,
      within: withinOwnDeadline({ ...a, suspended: suspended.has(a.id) }, now),
    }));
  const shown = ({ within: _within, ...agency }: (typeof rows)[number]): PreviewAgency => agency;
  const included = rows.filter((a) => inCatalogueAtConsolidation(a.stage)).map(shown);
  const owing = rows.filter((a) => missingAtConsolidation(a.stage));
  const missing = owing.filter((a) => !a.within).map(shown);
  const withinDeadline = owing.filter((a) => a.within).map(shown);
  return {
    campaignId,
    status: campaign.status,
    consolidatedAt: campaign.consolidatedAt,
    round,
    included,
    missing,
    withinDeadline,
    awaitingReview: owing.filter((a) => awaitingReview(a.stage)).map(shown),
    withdrawn: rows.length - included.length - owing.length,
    ...(round === 1 &&
      campaign.submissionDeadline.getTime() > now.getTime() && {
        submissionDeadlineAhead: campaign.submissionDeadline,
      }),
    closed: CLOSED_STATUSES.includes(campaign.status) || !open,
  };
}

/**
 * What the reviewer must know before consolidating now, in plain words; empty when nothing. `item`
 * names one agency's delivery: a list, or a declared deliverable's "bản nộp".
 */
export function consolidationWarnings(preview: ConsolidationPreview, item = 'danh sách'): string[] {
  const warnings: string[] = [];
  if (preview.submissionDeadlineAhead)
    warnings.push(
      `Hạn nộp của chiến dịch (${formatDeadline(preview.submissionDeadlineAhead)}) chưa qua: các cơ quan vẫn đang trong thời hạn nộp.`,
    );
  if (preview.withinDeadline.length > 0)
    warnings.push(
      `${preview.withinDeadline.length} cơ quan còn trong thời hạn của mình (được gia hạn, tạm dừng, hoặc chưa đến hạn): không bị báo thiếu; ${item} của họ không có trong lần tổng hợp này, và nếu được chấp nhận sau đó sẽ được tổng hợp bổ sung ở lần tiếp theo.`,
    );
  if (preview.awaitingReview.length > 0)
    warnings.push(
      `${preview.awaitingReview.length} ${item} đã nộp nhưng chưa được thẩm định: sẽ không được tổng hợp lần này và cơ quan sẽ bị báo thiếu. Hãy thẩm định trước nếu có thể.`,
    );
  return warnings;
}

import type { DatabaseTransaction } from '../prisma/database';

// After the Chairman's approval the campaign tells each agency, and each records its approval a
// little later. A report taken in between would count some agencies as still "consolidated" (or
// "accepted", when the consolidation has not reached them either): it
// waits a bounded time for those records, and otherwise says plainly that it is partial.

type Reader = Pick<DatabaseTransaction, 'campaign' | 'assignment'>;

/**
 * Whether an agency whose list the recorded decision approves has yet to record it: still
 * "consolidated", or still "accepted" when the consolidation that took it has not reached it either.
 */
export function awaitsApprovalRecord(assignment: { stage: string; catalogueRound: number | null }): boolean {
  return assignment.stage === 'consolidated' || (assignment.stage === 'accepted' && assignment.catalogueRound !== null);
}

/** Agencies whose list the recorded decision approves that have not recorded it yet. */
async function unrecordedApprovals(db: Reader, campaignId: string): Promise<number> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { status: true } });
  if (campaign?.status !== 'approved') return 0;
  const candidates = await db.assignment.findMany({
    where: { campaignId, stage: { in: ['accepted', 'consolidated'] } },
    select: { stage: true, catalogueRound: true },
  });
  return candidates.filter(awaitsApprovalRecord).length;
}

/** Waits until every agency recorded the approval or `timeoutMs` passed; the agencies still missing. */
export async function waitForApprovalRecords(
  db: Reader,
  campaignId: string,
  timeoutMs: number,
  pollMs = 250,
): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const missing = await unrecordedApprovals(db, campaignId);
    if (missing === 0 || Date.now() >= until) return missing;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(0, until - Date.now()))));
  }
}

/** What a partial report says first. */
export function partialNotice(unrecorded: number): string {
  return `Số liệu chưa đầy đủ: ${unrecorded} cơ quan chưa ghi nhận phê duyệt (quyết định đã ban hành, đang được chuyển đến từng cơ quan); lập lại báo cáo sau ít phút để có số liệu đầy đủ.`;
}

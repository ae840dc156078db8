import { formatDate } from './time';
import { collectionOpenFor, type CollectionFacts } from './rounds';

// When collection is closed for an agency: it was found missing at a consolidation (its own deadline
// had passed), the Chairman approved the last round with no later round open, or the campaign was
// cancelled, before this agency's list was accepted. Its page then says so plainly and invites
// nothing it cannot do. An agency still within its own deadline at a consolidation is offered the
// next round (domain/rounds.ts).

const DONE_STAGES = ['accepted', 'consolidated', 'approved', 'withdrawn'];

export type { CollectionFacts } from './rounds';

/** The sentence an agency reads when collection is closed for it, or undefined while it is open. */
export function collectionClosedNotice(campaign: CollectionFacts, stage: string): string | undefined {
  if (DONE_STAGES.includes(stage) || collectionOpenFor(campaign)) return undefined;
  const contact = 'Nếu cần bổ sung, hãy liên hệ Trung tâm Phục vụ - Kiểm soát TTHC tỉnh.';
  if (campaign.status === 'cancelled') return 'Chiến dịch đã bị hủy: không còn thu thập danh sách.';
  const approval = `Chủ tịch UBND tỉnh đã phê duyệt danh mục tổng hợp${campaign.decisionNumber ? ` (Quyết định số ${campaign.decisionNumber})` : ''}${campaign.approvedAt ? ` ngày ${formatDate(campaign.approvedAt)}` : ''}`;
  if (campaign.foundMissing) {
    const at = campaign.foundMissingAt ?? campaign.consolidatedAt;
    return `Việc thu thập danh sách đã kết thúc đối với cơ quan: danh mục tổng hợp đã được lập${at ? ` ngày ${formatDate(at)}` : ''} khi thời hạn của cơ quan đã qua${campaign.status === 'approved' ? `, và ${approval}` : ''}. Danh sách của cơ quan không còn được nhận vào danh mục, kể cả các lần tổng hợp bổ sung. ${contact}`;
  }
  return `Việc thu thập danh sách đã kết thúc: ${approval}. Danh sách của cơ quan không còn được nhận vào danh mục. ${contact}`;
}

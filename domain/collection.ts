import { formatDate } from './time';

// When collection is closed for an agency: the campaign consolidated its catalogue (or the Chairman
// approved it, or the campaign was cancelled) before this agency's list was accepted. Its page then
// says so plainly and invites nothing it cannot do.

const DONE_STAGES = ['accepted', 'consolidated', 'approved', 'withdrawn'];

export interface CampaignDecisionFacts {
  status: string;
  consolidatedAt: Date | null;
  approvedAt: Date | null;
  decisionNumber: string | null;
}

/** The sentence an agency reads when collection is closed for it, or undefined while it is open. */
export function collectionClosedNotice(campaign: CampaignDecisionFacts, stage: string): string | undefined {
  if (DONE_STAGES.includes(stage)) return undefined;
  const contact = 'Nếu cần bổ sung, hãy liên hệ Trung tâm Phục vụ - Kiểm soát TTHC tỉnh.';
  if (campaign.status === 'cancelled') return 'Chiến dịch đã bị hủy: không còn thu thập danh sách.';
  if (campaign.status === 'approved')
    return `Việc thu thập danh sách đã kết thúc: Chủ tịch UBND tỉnh đã phê duyệt danh mục tổng hợp${campaign.decisionNumber ? ` (Quyết định số ${campaign.decisionNumber})` : ''}${campaign.approvedAt ? ` ngày ${formatDate(campaign.approvedAt)}` : ''}. Danh sách của cơ quan không còn được nhận vào danh mục. ${contact}`;
  if (campaign.status === 'consolidated')
    return `Việc thu thập danh sách đã kết thúc: danh mục tổng hợp đã được lập${campaign.consolidatedAt ? ` ngày ${formatDate(campaign.consolidatedAt)}` : ''}. Danh sách của cơ quan không còn được nhận vào danh mục. ${contact}`;
  return undefined;
}

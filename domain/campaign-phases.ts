// The phases of a campaign, and how they read in Vietnamese.

export type CampaignPhase = 'collecting' | 'consolidated' | 'approved' | 'cancelled';

export const PHASE_LABELS: Record<CampaignPhase, string> = {
  collecting: 'Đang thu thập, thẩm định danh sách',
  consolidated: 'Đã tổng hợp, chờ phê duyệt',
  approved: 'Đã phê duyệt',
  cancelled: 'Đã hủy',
};

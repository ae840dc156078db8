import { ACTION_LABELS } from './access';

// The phases of a campaign, and how they read in Vietnamese.

export type CampaignPhase = 'collecting' | 'consolidated' | 'approved' | 'cancelled';

export const PHASE_LABELS: Record<CampaignPhase, string> = {
  collecting: 'Đang thu thập, thẩm định danh sách',
  consolidated: 'Đã tổng hợp, chờ phê duyệt',
  approved: 'Đã phê duyệt',
  cancelled: 'Đã hủy',
};

/** A decision on its way to the agencies after its Update answered (the campaign workflow's state). */
export interface AgencyTellingView {
  event: 'consolidated' | 'approved';
  told: number;
  done: boolean;
}

const TOLD_OF: Record<AgencyTellingView['event'], string> = {
  consolidated: ACTION_LABELS.consolidate,
  approved: ACTION_LABELS.approve,
};

/** How far the agencies have been told of the last decision, in Vietnamese. */
export function tellingText(telling: AgencyTellingView): string {
  return telling.done
    ? `Đã báo việc ${TOLD_OF[telling.event]} cho ${telling.told} cơ quan.`
    : `Đang báo việc ${TOLD_OF[telling.event]} cho các cơ quan: đã báo ${telling.told} cơ quan.`;
}

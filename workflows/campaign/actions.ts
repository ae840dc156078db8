import { declareUpdate, type UpdateDeclarations } from '../common/update-declarations';
import type { CampaignHandlers } from './handlers';
import type { CampaignWorkflowState } from './state';
import { approveUpdate, cancelCampaignUpdate, consolidateUpdate, sendBackUpdate } from './definitions';

// Every Update of the campaign workflow, declared once, keyed by the action of the access rule it
// carries (domain/access.ts holds its roles and label): its definition, schema, state check, handler,
// and the API route the server makes of it (under /api/v1/campaigns/:campaignId).

/** What one campaign workflow run serves its Updates with. */
export interface CampaignServices {
  state: CampaignWorkflowState;
  campaign: CampaignHandlers;
}

const update = declareUpdate<CampaignServices>();

export const CAMPAIGN_UPDATES = {
  consolidate: update({
    update: consolidateUpdate,
    schema: (m) => m.campaign.consolidateInputSchema,
    check: ({ state }) => state.checkConsolidate(),
    handle: ({ campaign }, _request, actor) => campaign.consolidate(actor.name),
    route: { path: '/consolidate', summary: 'Tổng hợp các danh sách đã chấp nhận.' },
  }),
  approve: update({
    update: approveUpdate,
    schema: (m) => m.campaign.approveInputSchema,
    check: ({ state }) => state.checkApprove(),
    handle: ({ campaign }, request, actor) => campaign.approve(request, actor),
    route: { path: '/approve', summary: 'Phê duyệt danh mục tổng hợp theo một quyết định.' },
  }),
  sendBack: update({
    update: sendBackUpdate,
    schema: (m) => m.campaign.sendBackInputSchema,
    check: ({ state }) => state.checkSendBack(),
    handle: ({ campaign }, request, actor) => campaign.sendBack(request, actor),
    route: { path: '/send-back', summary: 'Trả lại danh mục tổng hợp cho cơ quan thẩm định.' },
  }),
  cancel: update({
    update: cancelCampaignUpdate,
    schema: (m) => m.campaign.cancelCampaignInputSchema,
    check: ({ state }) => state.checkCancel(),
    handle: ({ campaign }, request, actor) => campaign.cancel(request, actor),
    route: { path: '/cancel', summary: 'Hủy chiến dịch: mọi cơ quan chưa kết thúc được rút khỏi chiến dịch.' },
  }),
} satisfies UpdateDeclarations<CampaignServices>;

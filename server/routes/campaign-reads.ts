import { z } from 'zod';
import type { RouteContext, TypedApp } from '../http/app';
import { agencyCodesQuery } from './agency-codes-query';
import { authorize } from '../identity/principal';
import { loadCampaignNow } from '../campaign/campaign-clock';
import { campaignStatusView, campaignStatusViewSchema } from '../../read-side/campaign-status';
import { reminderSchedule, reminderScheduleSchema } from '../../read-side/reminder-schedule';

// The campaign-wide reads of the admin script: where the campaign stands (`campaign status`) and
// when each agency will be reminded (`campaign remind --schedule`). Both are for the campaign-wide
// roles (reviewer, approver, Service Center); an agency member reads their own agency instead
// (GET /api/v1/campaigns/:campaignId/agencies/:agencyCode), and is refused here.

const params = z.object({ campaignId: z.string().min(1, 'Thiếu mã chiến dịch (campaignId).') });
const tags = ['Chiến dịch'];
const base = '/api/v1/campaigns/:campaignId';

const agencies = agencyCodesQuery;

export function registerCampaignReadRoutes(app: TypedApp, context: RouteContext): void {
  const { db, client, config } = context;
  const deps = { db, client, temporalAddress: config.temporal.address };

  app.get(
    `${base}/status`,
    {
      schema: {
        summary:
          'Tình trạng toàn chiến dịch như lệnh "campaign status" in ra: số cơ quan theo trạng thái, quá hạn, tình trạng hạn, lịch làm việc, thao tác gần đây, từng cơ quan.',
        tags,
        params,
        response: { 200: campaignStatusViewSchema },
      },
    },
    async (request) => {
      const { campaignId } = request.params;
      await authorize(db, request, 'status', { campaignId });
      return campaignStatusView(deps, campaignId, await loadCampaignNow(db, campaignId, context.now()));
    },
  );

  app.get(
    `${base}/reminder-schedule`,
    {
      schema: {
        summary:
          'Lịch nhắc tự động của các cơ quan (theo kế hoạch hẹn giờ của workflow) và lần nhắc gần nhất; agencies=mã,mã để chỉ xem vài cơ quan.',
        tags,
        params,
        querystring: z.object({ agencies }),
        response: { 200: reminderScheduleSchema },
      },
    },
    async (request) => {
      const { campaignId } = request.params;
      await authorize(db, request, 'status', { campaignId });
      return reminderSchedule(deps, campaignId, request.query.agencies, context.now());
    },
  );
}

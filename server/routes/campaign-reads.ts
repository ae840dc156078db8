import { z } from 'zod';
import { PAYLOAD_LIMITS } from '../../domain/payload-limits';
import type { RouteContext, TypedApp } from '../app';
import { authorize } from '../identity/principal';
import { campaignStatusView, campaignStatusViewSchema } from '../read-models/campaign-status';
import { reminderSchedule, reminderScheduleSchema } from '../read-models/reminder-schedule';

// The campaign-wide reads of the admin script: where the campaign stands (`campaign status`) and
// when each agency will be reminded (`campaign remind --schedule`). Both are for the campaign-wide
// roles (reviewer, approver, Service Center); an agency member reads their own agency instead
// (GET /api/v1/campaigns/:campaignId/agencies/:agencyCode), and is refused here.

const params = z.object({ campaignId: z.string().min(1, 'Thiếu mã chiến dịch (campaignId).') });
const tags = ['Chiến dịch'];
const base = '/api/v1/campaigns/:campaignId';
const CODE = /^[A-Za-z0-9._-]+$/;

const agencies = z
  .string({ error: 'Danh sách mã cơ quan (agencies) phải là chuỗi, ví dụ agencies=so-tu-phap,so-y-te.' })
  .optional()
  .transform((value) => (value === undefined ? undefined : value.split(',').map((code) => code.trim())))
  .pipe(
    z
      .array(
        z
          .string()
          .min(
            1,
            'Mã cơ quan trong agencies không được để trống. Cách sửa: bỏ dấu phẩy thừa, ví dụ agencies=so-tu-phap,so-y-te.',
          )
          .max(PAYLOAD_LIMITS.agencyCode, `Mã cơ quan trong agencies dài quá ${PAYLOAD_LIMITS.agencyCode} ký tự.`)
          .regex(CODE, 'Mã cơ quan trong agencies chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.'),
      )
      .max(PAYLOAD_LIMITS.arrayItems, `Danh sách mã cơ quan (agencies) dài quá ${PAYLOAD_LIMITS.arrayItems} mã.`)
      .optional(),
  );

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
      return campaignStatusView(deps, campaignId, context.now());
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
      return reminderSchedule(deps, campaignId, request.query.agencies);
    },
  );
}

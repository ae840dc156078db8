import { submitDeliveryInputSchema } from '../../workflows/agency/messages';
import { submitDelivery } from '../deliveries/submit-delivery';
import type { RouteContext, TypedApp } from '../http/app';
import { BODY_LIMITS } from '../http/request-bounds';
import { agencyParams } from './resources';

// A delivery of the campaign's declared deliverable through the API (the portal's form sends the same).

export function registerDeliveryRoutes(app: TypedApp, context: RouteContext): void {
  app.post(
    '/api/v1/campaigns/:campaignId/agencies/:agencyCode/deliveries',
    {
      bodyLimit: BODY_LIMITS.list,
      schema: {
        summary:
          'Nộp (hoặc nộp lại) sản phẩm chiến dịch khai báo (biểu mẫu, bảng): { delivery: { fields: {…} } } hoặc { delivery: { rows: […] } }.',
        tags: ['Cơ quan'],
        params: agencyParams,
        body: submitDeliveryInputSchema,
      },
    },
    (request) => submitDelivery(context, request, request.params, request.body),
  );
}

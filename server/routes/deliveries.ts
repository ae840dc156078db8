import { submitDeliveryInputSchema } from '../../workflows/agency/messages';
import { AGENCY_UPDATES } from '../../workflows/agency/actions';
import { submitDelivery } from '../deliveries/submit-delivery';
import type { RouteContext, TypedApp } from '../http/app';
import { BODY_LIMITS } from '../http/request-bounds';
import { agencyParams } from './resources';

// A delivery of the campaign's declared deliverable through the API (the portal's form sends the same).

export function registerDeliveryRoutes(app: TypedApp, context: RouteContext): void {
  const { path, summary } = AGENCY_UPDATES.deliver.route!;
  app.post(
    `/api/v1/campaigns/:campaignId/agencies/:agencyCode${path}`,
    {
      bodyLimit: BODY_LIMITS.list,
      schema: {
        summary,
        tags: ['Cơ quan'],
        params: agencyParams,
        body: submitDeliveryInputSchema,
      },
    },
    (request) => submitDelivery(context, request, request.params, request.body),
  );
}

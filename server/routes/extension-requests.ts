import { registeredHandle } from '../../read-side/query-workflow';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { extensionPolicy } from '../../domain/extension-requests';
import { agencyStateQuery, requestExtensionInputSchema, requestExtensionUpdate } from '../../workflows/agency/messages';
import { actByUpdate } from '../act';
import type { RouteContext, TypedApp } from '../http/app';
import { authorize } from '../identity/principal';
import { agencyParams as params, findAssignment } from './resources';

// Extension requests (xin gia hạn): an agency member asks, or the Service Center records a request
// made on paper; the Service Center answers. Both are declared Updates (workflows/agency/actions.ts,
// routed by update-routes.ts); the workflow checks the campaign's limits once, in its validator, and
// its refusal comes back as 409 in its own words. Here: what the agency sees of them.

const tags = ['Cơ quan'];
const base = '/api/v1/campaigns/:campaignId/agencies/:agencyCode/extension-requests';

/** One request for more time from the portal, as the API's route sends it. */
export async function requestExtension(
  context: RouteContext,
  request: FastifyRequest,
  scope: { campaignId: string; agencyCode: string },
  body: z.output<typeof requestExtensionInputSchema>,
) {
  const workflowId = async () => (await findAssignment(context.db, scope.campaignId, scope.agencyCode)).workflowId;
  return actByUpdate(context, request, 'requestExtension', scope, workflowId, requestExtensionUpdate, body);
}

export function registerExtensionRoutes(app: TypedApp, context: RouteContext): void {
  const { db } = context;

  app.get(
    base,
    { schema: { summary: 'Các đề nghị gia hạn của cơ quan và giới hạn của chiến dịch.', tags, params } },
    async (request) => {
      const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
      await authorize(db, request, 'status', scope);
      const state = await (
        await registeredHandle(context, (await findAssignment(db, scope.campaignId, scope.agencyCode)).workflowId)
      ).query(agencyStateQuery);
      return {
        requests: state.extensionRequests ?? [],
        policy: state.extensionPolicy ?? extensionPolicy(undefined),
        latestAllowed: state.extensionLatestDeadline,
      };
    },
  );
}

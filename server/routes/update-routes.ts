import { campaignWorkflowId } from '../../domain/campaign-input';
import * as messages from '../../workflows/common/checks';
import { declaredUpdates, type UpdateDeclarations } from '../../workflows/common/update-declarations';
import type { UpdateAction } from '../../domain/access';
import { actByUpdate } from '../act';
import type { RouteContext, TypedApp } from '../http/app';
import { BODY_LIMITS } from '../http/request-bounds';
import { agencyParams, campaignParams, findAssignment } from './resources';

// The API route of every declared Update (workflows/agency/actions.ts, workflows/campaign/actions.ts):
// its path, summary and body from the declaration, its action (the roles, the audit) from the same
// key, its Update from the same entry. The body is the Update's own schema: the actor is the
// signed-in person, carried by the proof, never by the body. The workflow is looked up only once the
// person may act on the campaign or agency (actByUpdate), so an unknown one and a forbidden one
// answer alike.

const BASES = {
  campaign: '/api/v1/campaigns/:campaignId',
  agency: '/api/v1/campaigns/:campaignId/agencies/:agencyCode',
} as const;

/** The routes of a workflow's Updates: on the campaign, or on one agency of it. */
export function registerUpdateRoutes<Services>(
  app: TypedApp,
  context: RouteContext,
  resource: keyof typeof BASES,
  declarations: UpdateDeclarations<Services>,
  tags: string[],
): void {
  for (const [action, declaration] of declaredUpdates(declarations)) {
    if (declaration.route && !declaration.route.ownRoute) register(app, context, resource, action, declaration, tags);
  }
}

function register<Services>(
  app: TypedApp,
  context: RouteContext,
  resource: keyof typeof BASES,
  action: UpdateAction,
  declaration: ReturnType<typeof declaredUpdates<Services>>[number][1],
  tags: string[],
): void {
  const route = declaration.route!;
  const url = `${BASES[resource]}${route.path}`;
  const bodyLimit = route.carriesList ? BODY_LIMITS.list : BODY_LIMITS.action;
  const body = declaration.schema(messages);
  if (resource === 'agency') {
    app.post(url, { bodyLimit, schema: { summary: route.summary, tags, params: agencyParams, body } }, (request) => {
      const { campaignId, agencyCode } = request.params;
      const workflowId = async () => (await findAssignment(context.db, campaignId, agencyCode)).workflowId;
      const scope = { campaignId, agencyCode };
      return actByUpdate(context, request, action, scope, workflowId, declaration.update, request.body);
    });
  } else {
    app.post(url, { bodyLimit, schema: { summary: route.summary, tags, params: campaignParams, body } }, (request) => {
      const { campaignId } = request.params;
      const scope = { campaignId };
      return actByUpdate(
        context,
        request,
        action,
        scope,
        campaignWorkflowId(campaignId),
        declaration.update,
        request.body,
      );
    });
  }
}

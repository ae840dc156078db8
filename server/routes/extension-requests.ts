import { registeredHandle } from '../../read-side/query-workflow';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Scope } from '../../domain/access';
import { assignmentId } from '../../temporal/workflow-ids';
import { checkRequestLimits, extensionPolicy } from '../../domain/extension-requests';
import {
  agencyStateQuery,
  answerExtensionBodySchema,
  answerExtensionUpdate,
  requestExtensionInputSchema,
  requestExtensionUpdate,
  type AgencyState,
} from '../../workflows/agency/messages';
import type { Database } from '../../prisma/database';
import { actByUpdate } from '../act';
import type { RouteContext, TypedApp } from '../http/app';
import { HttpError, notFound } from '../../shared/http-errors';
import { authorize } from '../identity/principal';

// Extension requests (xin gia hạn): an agency member asks, or the Service Center records a request
// made on paper; the Service Center answers. The campaign's limits are checked here before anything
// is sent, with the same rule (and the same words) the workflow's validator applies again.

const params = z.object({
  campaignId: z.string().min(1, 'Thiếu mã chiến dịch (campaignId).'),
  agencyCode: z.string().min(1, 'Thiếu mã cơ quan (agencyCode).'),
});
const tags = ['Cơ quan'];
const base = '/api/v1/campaigns/:campaignId/agencies/:agencyCode/extension-requests';

export const requestExtensionBodySchema = requestExtensionInputSchema.omit({ by: true });

/** Refuses (409, as the workflow would) a request past the campaign's limits, before it is sent. */
export function checkBeforeSending(state: AgencyState, day: string): void {
  try {
    checkRequestLimits({
      requests: state.extensionRequests ?? [],
      running: state.activeDeadline,
      suspended: state.suspension !== undefined && state.suspension.kind === state.activeDeadline?.kind,
      day,
      latestAllowed: state.extensionLatestDeadline,
      policy: state.extensionPolicy ?? extensionPolicy(undefined),
    });
  } catch (error) {
    throw new HttpError(409, 'refused', (error as Error).message);
  }
}

async function workflowOf(db: Database, campaignId: string, agencyCode: string): Promise<string> {
  const row = await db.assignment.findUnique({ where: { id: assignmentId(campaignId, agencyCode) } });
  if (!row)
    throw notFound(`Chiến dịch ${campaignId} không có cơ quan ${agencyCode} (hoặc workflow của cơ quan chưa chạy).`);
  return row.workflowId;
}

/** One request for more time, from the API or the portal: authorized, checked against the limits, sent. */
export async function requestExtension(
  context: RouteContext,
  request: FastifyRequest,
  scope: Required<Scope>,
  body: z.infer<typeof requestExtensionBodySchema>,
) {
  await authorize(context.db, request, 'requestExtension', scope);
  const workflowId = await workflowOf(context.db, scope.campaignId, scope.agencyCode);
  checkBeforeSending(await (await registeredHandle(context, workflowId)).query(agencyStateQuery), body.deadline);
  return actByUpdate(context, request, 'requestExtension', scope, workflowId, requestExtensionUpdate, (acting) => ({
    ...body,
    by: acting.by,
  }));
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
        await registeredHandle(context, await workflowOf(db, scope.campaignId, scope.agencyCode))
      ).query(agencyStateQuery);
      return {
        requests: state.extensionRequests ?? [],
        policy: state.extensionPolicy ?? extensionPolicy(undefined),
        latestAllowed: state.extensionLatestDeadline,
      };
    },
  );

  app.post(
    base,
    {
      schema: {
        summary: 'Xin gia hạn thời hạn đang chạy đến hết một ngày (deadline, YYYY-MM-DD), kèm lý do.',
        tags,
        params,
        body: requestExtensionBodySchema,
      },
    },
    async (request) =>
      requestExtension(
        context,
        request,
        { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode },
        request.body,
      ),
  );

  app.post(
    `${base}/answer`,
    {
      schema: {
        summary: 'Trả lời một đề nghị gia hạn: chấp thuận (có thể với ngày khác) hoặc không chấp thuận kèm lý do.',
        tags,
        params,
        body: answerExtensionBodySchema,
      },
    },
    async (request) => {
      const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
      await authorize(db, request, 'answerExtension', scope);
      const workflowId = await workflowOf(db, scope.campaignId, scope.agencyCode);
      return actByUpdate(context, request, 'answerExtension', scope, workflowId, answerExtensionUpdate, (acting) => ({
        ...request.body,
        by: acting.by,
      }));
    },
  );
}

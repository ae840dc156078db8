import { z } from 'zod';
import type { Action } from '../../domain/access';
import { grantInputSchema } from '../../domain/grant-input';
import type { RouteContext, TypedApp } from '../http/app';
import { recordAccess } from '../identity/audit';
import { notFound } from '../../shared/http-errors';
import { checkGrant } from '../identity/duties';
import { grantRole, listGrants, revokeRole } from '../identity/people';
import { authorize } from '../identity/principal';
import { loadCampaignRow } from '../../read-side/campaign-roles';

// `dondoc user add|list|revoke`: role grants, managed by the campaign's operators (agency members
// and operators) and administrators (everything; alone for reviewer, approver and administrator),
// never by the person granted (server/identity/duties.ts); every change and refusal audited.

const tags = ['Người dùng'];
const manage: Action = 'manageUsers';

export function registerUserRoutes(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  // An administrator grant has no campaign: only administrators (scope "") may touch it.
  const scopeOf = (grant: { role: string; campaignId: string }) => ({
    campaignId: grant.role === 'admin' ? '' : grant.campaignId,
  });

  app.post(
    '/api/v1/grants',
    { schema: { summary: 'Cấp một vai trò cho một người (tạo người nếu chưa có).', tags, body: grantInputSchema } },
    async (request, reply) => {
      const { principal, role } = await authorize(db, request, manage, scopeOf(request.body));
      const audit = {
        personId: principal.person.id,
        role,
        channel: principal.channel,
        action: 'grant',
        campaignId: request.body.campaignId || undefined,
        agencyCode: request.body.agencyCode || undefined,
        clientAddress: request.ip,
      };
      const asked = { email: request.body.email, role: request.body.role };
      try {
        await checkGrant(db, { email: principal.person.email, role }, request.body);
      } catch (error) {
        await recordAccess(db, {
          ...audit,
          outcome: 'refused',
          detail: { ...asked, reason: (error as Error).message },
        });
        throw error;
      }
      // A grant in a campaign that does not exist would wait for anyone who later takes its ID.
      if (request.body.campaignId) await loadCampaignRow(db, request.body.campaignId);
      const result = await grantRole(db, request.body, principal.person.id, context.now());
      await recordAccess(db, {
        ...audit,
        outcome: 'done',
        detail: {
          ...asked,
          grantId: result.grantId,
          created: result.created,
          ...(request.body.allowApproverOperator && { allowApproverOperator: true }),
        },
      });
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );

  app.post(
    '/api/v1/grants/revoke',
    { schema: { summary: 'Thu hồi một vai trò.', tags, body: grantInputSchema } },
    async (request) => {
      const { principal, role } = await authorize(db, request, manage, scopeOf(request.body));
      if (request.body.campaignId) await loadCampaignRow(db, request.body.campaignId);
      const revoked = await revokeRole(db, request.body, principal.person.id, context.now());
      if (!revoked) throw notFound(`${request.body.email} không có vai trò ${request.body.role} này để thu hồi.`);
      await recordAccess(db, {
        personId: principal.person.id,
        role,
        channel: principal.channel,
        action: 'revoke',
        campaignId: request.body.campaignId || undefined,
        agencyCode: request.body.agencyCode || undefined,
        clientAddress: request.ip,
        outcome: 'done',
        detail: { email: request.body.email, role: request.body.role },
      });
      return { revoked: true };
    },
  );

  app.get(
    '/api/v1/grants',
    {
      schema: {
        summary: 'Các vai trò đang có hiệu lực trong một chiến dịch.',
        tags,
        querystring: z.object({ campaignId: z.string().trim().default('') }),
      },
    },
    async (request) => {
      await authorize(db, request, manage, { campaignId: request.query.campaignId });
      const grants = await listGrants(db, { campaignId: request.query.campaignId || undefined });
      return {
        grants: grants.map((g) => ({
          email: g.person.email,
          name: g.person.name,
          personId: g.personId,
          role: g.role,
          campaignId: g.campaignId,
          agencyCode: g.agencyCode,
          grantedAt: g.grantedAt.toISOString(),
          grantedBy: g.grantedBy,
          dutiesWaivedBy: g.dutiesWaivedBy,
        })),
      };
    },
  );
}

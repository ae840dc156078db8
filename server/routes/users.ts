import { z } from 'zod';
import type { Action } from '../../domain/access';
import { grantInputSchema } from '../../domain/grant-input';
import type { RouteContext, TypedApp } from '../http/app';
import { grantAs, revokeAs } from '../identity/grant-actions';
import { listGrants } from '../identity/people';
import { authorize } from '../identity/principal';

// `dondoc user add|list|revoke`: role grants, managed by the campaign's operators (agency members
// and operators) and administrators (everything; alone for reviewer, approver and administrator),
// never by the person granted (server/identity/duties.ts); every change and refusal audited.

const tags = ['Người dùng'];
const manage: Action = 'manageUsers';

export function registerUserRoutes(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.post(
    '/api/v1/grants',
    { schema: { summary: 'Cấp một vai trò cho một người (tạo người nếu chưa có).', tags, body: grantInputSchema } },
    async (request, reply) => {
      const result = await grantAs(context, request, request.body);
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );

  app.post(
    '/api/v1/grants/revoke',
    { schema: { summary: 'Thu hồi một vai trò.', tags, body: grantInputSchema } },
    async (request) => {
      await revokeAs(context, request, request.body);
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

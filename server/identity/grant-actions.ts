import type { FastifyRequest } from 'fastify';
import { EVERY_CAMPAIGN, type Action, type Role } from '../../domain/access';
import { grantInputSchema, type GrantInput } from '../../domain/grant-input';
import type { RouteContext } from '../http/app';
import { loadCampaignRow } from '../../read-side/campaign-roles';
import { forbidden, HttpError, notFound } from '../../shared/http-errors';
import { recordAccess } from './audit';
import { checkGrant, checkProvinceWide, PROVINCE_WIDE_ADMIN_ONLY_MESSAGE } from './duties';
import { grantRole, revokeRole, type GrantResult } from './people';
import { authorize } from './principal';

// Granting and revoking a role as the signed-in person, the API's and the portal's one path:
// authorized (manageUsers), checked against the separation of duties, and audited, refusals too.

const manage: Action = 'manageUsers';

/** An administrator's or the province's Service Center's grant has no campaign: its scope is "". */
const scopeOf = (grant: { role: string; campaignId: string }) => ({
  campaignId: grant.role === 'admin' ? '' : grant.campaignId,
});

type Grant = ReturnType<typeof grantInputSchema.parse>;

async function auditedChange<T>(
  context: RouteContext,
  request: FastifyRequest,
  change: 'grant' | 'revoke',
  grant: Grant,
  check: (grantor: { email: string; role: Role }) => Promise<void>,
  run: (personId: string) => Promise<{ result: T; detail: Record<string, unknown> }>,
): Promise<T> {
  const { db } = context;
  const { principal, role } = await authorize(db, request, manage, scopeOf(grant)).catch((error: unknown) => {
    // Refused (and audited) for the province as a whole: say who may grant there, not a campaign "".
    throw grant.campaignId === EVERY_CAMPAIGN && error instanceof HttpError && error.statusCode === 403
      ? forbidden(PROVINCE_WIDE_ADMIN_ONLY_MESSAGE)
      : error;
  });
  const audit = {
    personId: principal.person.id,
    role,
    channel: principal.channel,
    action: change,
    campaignId: grant.campaignId || undefined,
    agencyCode: grant.agencyCode || undefined,
    clientAddress: request.ip,
  };
  const asked = { email: grant.email, role: grant.role };
  try {
    await check({ email: principal.person.email, role });
  } catch (error) {
    await recordAccess(db, { ...audit, outcome: 'refused', detail: { ...asked, reason: (error as Error).message } });
    throw error;
  }
  // A grant in a campaign that does not exist would wait for anyone who later takes its ID.
  if (grant.campaignId) await loadCampaignRow(db, grant.campaignId);
  const { result, detail } = await run(principal.person.id);
  await recordAccess(db, { ...audit, outcome: 'done', detail: { ...asked, ...detail } }, context.now());
  return result;
}

/** Grants a role (creating the person if needed) as the signed-in person. */
export function grantAs(context: RouteContext, request: FastifyRequest, input: GrantInput): Promise<GrantResult> {
  const grant = grantInputSchema.parse(input);
  return auditedChange(
    context,
    request,
    'grant',
    grant,
    (grantor) => checkGrant(context.db, grantor, grant),
    async (by) => {
      const result = await grantRole(context.db, grant, by, context.now());
      return {
        result,
        detail: {
          grantId: result.grantId,
          created: result.created,
          ...(grant.allowApproverOperator && { allowApproverOperator: true }),
        },
      };
    },
  );
}

/** Revokes a role as the signed-in person (404 when it is not held). */
export function revokeAs(context: RouteContext, request: FastifyRequest, input: GrantInput): Promise<void> {
  const grant = grantInputSchema.parse(input);
  return auditedChange(
    context,
    request,
    'revoke',
    grant,
    async (grantor) => checkProvinceWide(grantor, grant),
    async (by) => {
      const revoked = await revokeRole(context.db, grant, by, context.now());
      if (!revoked) throw notFound(`${grant.email} không có vai trò ${grant.role} này để thu hồi.`);
      return { result: undefined, detail: {} };
    },
  );
}

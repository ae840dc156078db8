import type { FastifyRequest } from 'fastify';
import type { Database } from '../../prisma/database';
import { roleWithCode, type Role } from '../../domain/access';
import { recordAccess } from './audit';
import { forbidden } from '../../shared/http-errors';
import { requirePrincipal } from './principal';

// Separation of duties: nobody grants themselves a role; only a system administrator grants the
// roles that decide (reviewer, approver) or administer; and one person is never both the approver
// and the Service Center operator of one campaign, unless an administrator explicitly allows it
// (recorded on the grant as `dutiesWaivedBy`, and audited).

/** Roles only a system administrator may grant: an operator must not choose who reviews or approves. */
export const ADMIN_GRANTED_ROLES: readonly Role[] = ['reviewer', 'approver', 'admin'];

/** The pairs of roles one person may not hold in one campaign without an administrator's explicit leave. */
const EXCLUSIVE: Partial<Record<Role, Role>> = { approver: 'operator', operator: 'approver' };

export const SELF_GRANT_MESSAGE =
  'Không ai được tự cấp vai trò cho chính mình. Cách sửa: nhờ một quản trị hệ thống khác cấp vai trò này; ' +
  'yêu cầu đã được ghi lại và chưa có gì thay đổi.';

export function adminOnlyMessage(role: Role): string {
  return (
    `Chỉ quản trị hệ thống (admin) được cấp vai trò ${roleWithCode(role)}. Cách sửa: đề nghị quản trị hệ thống ` +
    'cấp vai trò này; yêu cầu đã được ghi lại và chưa có gì thay đổi.'
  );
}

export const WAIVER_NOT_ADMIN_MESSAGE =
  'Chỉ quản trị hệ thống (admin) được cho phép một người vừa là người phê duyệt vừa là cán bộ Trung tâm Phục vụ ' +
  'của cùng một chiến dịch. Cách sửa: bỏ lựa chọn cho phép này, hoặc đề nghị quản trị hệ thống thực hiện.';

export function conflictMessage(email: string, role: Role, held: Role, campaignId: string): string {
  return (
    `${email} đang là ${roleWithCode(held)} của chiến dịch ${campaignId}, nên không thể đồng thời là ` +
    `${roleWithCode(role)}: người phê duyệt không được tự điều hành chiến dịch mình phê duyệt. Cách sửa: chọn ` +
    'người khác; nếu thật sự cần, quản trị hệ thống cho phép rõ ràng (allowApproverOperator: true), việc này được ghi lại.'
  );
}

/** The role `email` already holds in `campaignId` that excludes `role`, if any. */
export async function conflictingRole(
  db: Database,
  email: string,
  role: Role,
  campaignId: string,
): Promise<Role | undefined> {
  const other = EXCLUSIVE[role];
  if (!other || !campaignId) return undefined;
  const held = await db.roleGrant.findFirst({
    where: { role: other, campaignId, revokedAt: null, person: { email: email.trim().toLowerCase() } },
    select: { id: true },
  });
  return held ? other : undefined;
}

async function waived(db: Database, email: string, role: Role, campaignId: string): Promise<boolean> {
  const grant = await db.roleGrant.findFirst({
    where: { role, campaignId, revokedAt: null, dutiesWaivedBy: { not: null }, person: { email } },
    select: { id: true },
  });
  return grant !== null;
}

/**
 * Refuses (403, Vietnamese) a grant the rules forbid: a grant to oneself, a reviewer, approver or
 * administrator grant by anyone but an administrator, the leave to hold both approver and operator
 * asked by a non-administrator, or that pair without the leave.
 */
export async function checkGrant(
  db: Database,
  grantor: { email: string; role: Role },
  grant: { email: string; role: Role; campaignId: string; allowApproverOperator?: boolean },
): Promise<void> {
  if (grant.email.trim().toLowerCase() === grantor.email.toLowerCase()) throw forbidden(SELF_GRANT_MESSAGE);
  if (grantor.role !== 'admin' && ADMIN_GRANTED_ROLES.includes(grant.role))
    throw forbidden(adminOnlyMessage(grant.role));
  if (grant.allowApproverOperator && grantor.role !== 'admin') throw forbidden(WAIVER_NOT_ADMIN_MESSAGE);
  const held = await conflictingRole(db, grant.email, grant.role, grant.campaignId);
  if (held && !grant.allowApproverOperator)
    throw forbidden(conflictMessage(grant.email, grant.role, held, grant.campaignId));
}

/**
 * What a campaign file's people would break at launch: the same person as approver and Service
 * Center, or an approver who already operates the campaign (or the reverse). Each problem names its field.
 */
export async function launchDutyProblems(
  db: Database,
  definition: {
    id: string;
    approver: { email?: string };
    serviceCenter: { email?: string };
  },
): Promise<string[]> {
  const approver = definition.approver.email?.trim().toLowerCase();
  const operator = definition.serviceCenter.email?.trim().toLowerCase();
  // A re-launch of a file an administrator allowed changes nothing: the leave is on the grants.
  if (approver && (await waived(db, approver, 'approver', definition.id))) return [];
  if (operator && (await waived(db, operator, 'operator', definition.id))) return [];
  const fix =
    'Cách sửa: ghi người khác cho một trong hai vai trò; nếu thật sự cần, quản trị hệ thống khởi chạy với ' +
    'allowApproverOperator=true (việc cho phép được ghi lại).';
  if (approver && approver === operator)
    return [
      `approver.email: ${approver} vừa là người phê duyệt (approver) vừa là Trung tâm Phục vụ (serviceCenter.email) ` +
        `của chiến dịch: người phê duyệt không được tự điều hành chiến dịch mình phê duyệt. ${fix}`,
    ];
  const problems: string[] = [];
  if (approver && (await conflictingRole(db, approver, 'approver', definition.id)))
    problems.push(
      `approver.email: ${approver} đang là ${roleWithCode('operator')} của chiến dịch ${definition.id}, nên không thể là người phê duyệt. ${fix}`,
    );
  if (operator && (await conflictingRole(db, operator, 'operator', definition.id)))
    problems.push(
      `serviceCenter.email: ${operator} đang là ${roleWithCode('approver')} của chiến dịch ${definition.id}, nên không thể là Trung tâm Phục vụ. ${fix}`,
    );
  return problems;
}

/** Only an administrator launches with the approver and the Service Center as one person; a refusal is audited. */
export async function mayWaiveDuties(db: Database, request: FastifyRequest, campaignId: string): Promise<void> {
  const principal = requirePrincipal(request);
  if (principal.person.grants.some((grant) => grant.role === 'admin')) return;
  await recordAccess(db, {
    personId: principal.person.id,
    channel: principal.channel,
    action: 'allowApproverOperator',
    campaignId,
    clientAddress: request.ip,
    outcome: 'refused',
  });
  throw forbidden(WAIVER_NOT_ADMIN_MESSAGE);
}

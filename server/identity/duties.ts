import type { FastifyRequest } from 'fastify';
import type { Database } from '../../prisma/database';
import { EVERY_CAMPAIGN, ROLE_LABELS, roleWithCode, type Role } from '../../domain/access';
import { recordAccess } from './audit';
import { forbidden } from '../../shared/http-errors';
import { requirePrincipal } from './principal';

// Separation of duties: nobody grants themselves a role; only a system administrator grants the
// roles that decide (reviewer, approver) or administer; and one person is never both the approver
// and the Service Center operator of one campaign, unless an administrator explicitly allows it
// (recorded on the grant as `dutiesWaivedBy`, and audited).

/** Roles only a system administrator may grant: an operator must not choose who reviews or approves. */
const ADMIN_GRANTED_ROLES: readonly Role[] = ['reviewer', 'approver', 'admin'];

/** The pairs of roles one person may not hold in one campaign without an administrator's explicit leave. */
const EXCLUSIVE: Partial<Record<Role, Role>> = { approver: 'operator', operator: 'approver' };

const SELF_GRANT_MESSAGE =
  'Không ai được tự cấp vai trò cho chính mình. Cách sửa: nhờ một quản trị hệ thống khác cấp vai trò này; ' +
  'yêu cầu đã được ghi lại và chưa có gì thay đổi.';

function adminOnlyMessage(role: Role): string {
  return (
    `Chỉ quản trị hệ thống (admin) được cấp vai trò ${roleWithCode(role)}. Cách sửa: đề nghị quản trị hệ thống ` +
    'cấp vai trò này; yêu cầu đã được ghi lại và chưa có gì thay đổi.'
  );
}

export const PROVINCE_WIDE_ADMIN_ONLY_MESSAGE =
  'Chỉ quản trị hệ thống (admin) được cấp hoặc thu hồi vai trò Trung tâm Phục vụ cấp tỉnh (cho mọi chiến dịch). ' +
  'Cách sửa: nêu mã chiến dịch để cấp vai trò trong một chiến dịch, hoặc đề nghị quản trị hệ thống; chưa có gì thay đổi.';

const WAIVER_NOT_ADMIN_MESSAGE =
  'Chỉ quản trị hệ thống (admin) được cho phép một người vừa là người phê duyệt vừa là cán bộ Trung tâm Phục vụ ' +
  'của cùng một chiến dịch. Cách sửa: bỏ lựa chọn cho phép này, hoặc đề nghị quản trị hệ thống thực hiện.';

/** "của chiến dịch X", or "của mọi chiến dịch" for a province-wide grant. */
const ofCampaign = (campaignId: string) =>
  campaignId === EVERY_CAMPAIGN ? 'cấp tỉnh (mọi chiến dịch)' : `của chiến dịch ${campaignId}`;

function conflictMessage(email: string, role: Role, held: Role, campaignId: string): string {
  return (
    `${email} đang là ${roleWithCode(held)} ${ofCampaign(campaignId)}, nên không thể đồng thời là ` +
    `${roleWithCode(role)}: người phê duyệt không được tự điều hành chiến dịch mình phê duyệt. Cách sửa: chọn ` +
    'người khác; nếu thật sự cần, quản trị hệ thống cho phép rõ ràng (allowApproverOperator: true), việc này được ghi lại.'
  );
}

/**
 * The grant `email` already holds that excludes `role` in `campaignId`, if any: one in the same
 * campaign, or a province-wide one (which covers it); a province-wide `role` meets any campaign's.
 */
async function conflictingRole(
  db: Database,
  email: string,
  role: Role,
  campaignId: string,
): Promise<{ role: Role; campaignId: string } | undefined> {
  const other = EXCLUSIVE[role];
  if (!other) return undefined;
  const held = await db.roleGrant.findFirst({
    where: {
      role: other,
      ...(campaignId !== EVERY_CAMPAIGN && { campaignId: { in: [campaignId, EVERY_CAMPAIGN] } }),
      revokedAt: null,
      person: { email: email.trim().toLowerCase() },
    },
    select: { campaignId: true },
    orderBy: { campaignId: 'asc' },
  });
  return held ? { role: other, campaignId: held.campaignId } : undefined;
}

async function waived(db: Database, email: string, role: Role, campaignId: string): Promise<boolean> {
  const grant = await db.roleGrant.findFirst({
    where: { role, campaignId, revokedAt: null, dutiesWaivedBy: { not: null }, person: { email } },
    select: { id: true },
  });
  return grant !== null;
}

/** Refuses (403) a province-wide grant (or its revocation) by anyone but an administrator. */
export function checkProvinceWide(grantor: { role: Role }, grant: { campaignId: string }): void {
  if (grant.campaignId === EVERY_CAMPAIGN && grantor.role !== 'admin')
    throw forbidden(PROVINCE_WIDE_ADMIN_ONLY_MESSAGE);
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
  checkProvinceWide(grantor, grant);
  if (grant.allowApproverOperator && grantor.role !== 'admin') throw forbidden(WAIVER_NOT_ADMIN_MESSAGE);
  // A province-wide operator is operator of every campaign: the leave of one campaign cannot cover it.
  const held = await conflictingRole(db, grant.email, grant.role, grant.campaignId);
  if (
    held &&
    !(grant.allowApproverOperator && grant.campaignId !== EVERY_CAMPAIGN && held.campaignId !== EVERY_CAMPAIGN)
  )
    throw forbidden(conflictMessage(grant.email, grant.role, held.role, held.campaignId));
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
  const asOperator = approver && (await conflictingRole(db, approver, 'approver', definition.id));
  if (asOperator)
    problems.push(
      `approver.email: ${approver} đang là ${roleWithCode('operator')} ${ofCampaign(asOperator.campaignId)}, nên không thể là người phê duyệt. ${fix}`,
    );
  const asApprover = operator && (await conflictingRole(db, operator, 'operator', definition.id));
  if (asApprover)
    problems.push(
      `serviceCenter.email: ${operator} đang là ${roleWithCode('approver')} ${ofCampaign(asApprover.campaignId)}, nên không thể là Trung tâm Phục vụ. ${fix}`,
    );
  return problems;
}

/**
 * What a campaign file would let its launcher give themselves: the Service Center names the reviewer
 * and the approver of the campaigns it launches, never itself (an administrator may, as when granting).
 */
export function selfNamedProblems(
  definition: { reviewer: { email?: string }; approver: { email?: string } },
  launcher: { email: string; role: Role },
): string[] {
  if (launcher.role === 'admin') return [];
  const self = launcher.email.trim().toLowerCase();
  const named = (['reviewer', 'approver'] as const).filter(
    (role) => definition[role].email?.trim().toLowerCase() === self,
  );
  return named.map(
    (role) =>
      `${role}.email: ${self} là chính người khởi chạy; không ai được tự giao cho mình vai trò ${ROLE_LABELS[role]}. ` +
      'Cách sửa: ghi địa chỉ email của người khác cho vai trò này.',
  );
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

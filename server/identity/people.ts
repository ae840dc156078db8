import type { Database } from '../../prisma/database';
import type { Grant, Role } from '../../domain/access';
import { grantInputSchema, type GrantInput } from '../../domain/grant-input';
import { newId } from './secrets';

// People and their role grants. A grant is revoked, never deleted, so the audit keeps who held what.

export interface PersonWithGrants {
  id: string;
  email: string;
  name: string;
  grants: Grant[];
}

export async function findPerson(db: Database, where: { id: string } | { email: string }) {
  const person = await db.person.findUnique({
    where,
    include: { grants: { where: { revokedAt: null } } },
  });
  if (!person) return undefined;
  return {
    id: person.id,
    email: person.email,
    name: person.name,
    grants: person.grants.map((g) => ({ role: g.role as Role, campaignId: g.campaignId, agencyCode: g.agencyCode })),
  } satisfies PersonWithGrants;
}

/** Creates the person if needed and grants the role; granting what is already held changes nothing. */
export async function grantRole(
  db: Database,
  raw: GrantInput,
  grantedBy: string,
  at: Date = new Date(),
): Promise<{ personId: string; grantId: string; created: boolean }> {
  const input = grantInputSchema.parse(raw);
  const person = await db.person.upsert({
    where: { email: input.email },
    create: { id: newId('person'), email: input.email, name: input.name ?? input.email },
    update: {},
  });
  const key = { personId: person.id, role: input.role, campaignId: input.campaignId, agencyCode: input.agencyCode };
  const existing = await db.roleGrant.findUnique({ where: { personId_role_campaignId_agencyCode: key } });
  if (existing && !existing.revokedAt) return { personId: person.id, grantId: existing.id, created: false };
  if (existing) {
    await db.roleGrant.update({
      where: { id: existing.id },
      data: { revokedAt: null, revokedBy: null, grantedBy, grantedAt: at },
    });
    return { personId: person.id, grantId: existing.id, created: true };
  }
  const grant = await db.roleGrant.create({ data: { id: newId('grant'), ...key, grantedBy, grantedAt: at } });
  return { personId: person.id, grantId: grant.id, created: true };
}

/** Revokes one grant; resolves to false when the person does not hold it. */
export async function revokeRole(db: Database, raw: GrantInput, revokedBy: string, at: Date = new Date()) {
  const input = grantInputSchema.parse(raw);
  const person = await db.person.findUnique({ where: { email: input.email } });
  if (!person) return false;
  const { count } = await db.roleGrant.updateMany({
    where: {
      personId: person.id,
      role: input.role,
      campaignId: input.campaignId,
      agencyCode: input.agencyCode,
      revokedAt: null,
    },
    data: { revokedAt: at, revokedBy },
  });
  return count > 0;
}

export async function listGrants(db: Database, filter: { campaignId?: string }) {
  return db.roleGrant.findMany({
    where: { revokedAt: null, ...(filter.campaignId !== undefined && { campaignId: filter.campaignId }) },
    include: { person: true },
    orderBy: [{ campaignId: 'asc' }, { role: 'asc' }, { agencyCode: 'asc' }],
  });
}

/** The grants a campaign file names: agency e-mails, the reviewer, the approver, the Service Center. */
export function grantsOfDefinition(definition: {
  id: string;
  reviewer: { name: string; email?: string };
  approver: { name: string; email?: string };
  serviceCenter: { name: string; email?: string };
  agencies: { code: string; name: string; email?: string }[];
}): GrantInput[] {
  const grants: GrantInput[] = [];
  const named = (role: Role, who: { name: string; email?: string }) => {
    if (who.email) grants.push({ email: who.email, name: who.name, role, campaignId: definition.id });
  };
  named('reviewer', definition.reviewer);
  named('approver', definition.approver);
  named('operator', definition.serviceCenter);
  for (const agency of definition.agencies) {
    if (agency.email)
      grants.push({
        email: agency.email,
        name: agency.name,
        role: 'agency',
        campaignId: definition.id,
        agencyCode: agency.code,
      });
  }
  return grants;
}

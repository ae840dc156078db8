import type { Database, DatabaseTransaction } from '../../prisma/database';
import type { Grant, Role } from '../../domain/access';
import { grantInputSchema, type GrantInput } from '../../domain/grant-input';
import { newId } from './secrets';
import { insertRows } from '../../prisma/insert-rows';

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

export interface GrantResult {
  personId: string;
  grantId: string;
  /** False when the person already held the role (nothing changed). */
  created: boolean;
}

/** Creates the person if needed and grants the role; granting what is already held changes nothing. */
export async function grantRole(db: Database, raw: GrantInput, grantedBy: string, at: Date = new Date()) {
  const [result] = await grantRoles(db, [raw], grantedBy, at);
  return result!;
}

// A campaign file names thousands of agencies: their grants are written a chunk per transaction,
// a few statements each, not three round trips and two commits per person.
const GRANTS_PER_TRANSACTION = 500;

/**
 * `grantRole` for many grants at once, results in the same order. People are found by e-mail or
 * created (an e-mail named twice is one person); a revoked grant is given back; a held one is left.
 */
export async function grantRoles(
  db: Database,
  raws: readonly GrantInput[],
  grantedBy: string,
  at: Date = new Date(),
): Promise<GrantResult[]> {
  const inputs = raws.map((raw) => grantInputSchema.parse(raw));
  const results: GrantResult[] = [];
  for (let from = 0; from < inputs.length; from += GRANTS_PER_TRANSACTION) {
    const chunk = inputs.slice(from, from + GRANTS_PER_TRANSACTION);
    results.push(...(await db.$transaction((tx) => grantChunk(tx, chunk, grantedBy, at))));
  }
  return results;
}

type ParsedGrant = ReturnType<typeof grantInputSchema.parse>;

async function grantChunk(
  tx: DatabaseTransaction,
  inputs: ParsedGrant[],
  grantedBy: string,
  at: Date,
): Promise<GrantResult[]> {
  const emails = [...new Set(inputs.map((input) => input.email))];
  const people = await tx.person.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } });
  const personOf = new Map(people.map((person) => [person.email, person.id]));
  const newPeople: { id: string; email: string; name: string; createdAt: Date }[] = [];
  for (const input of inputs) {
    if (personOf.has(input.email)) continue;
    const person = { id: newId('person'), email: input.email, name: input.name ?? input.email, createdAt: at };
    personOf.set(input.email, person.id);
    newPeople.push(person);
  }
  await insertRows(tx, 'Person', newPeople);

  const keyOf = (g: { personId: string; role: string; campaignId: string; agencyCode: string }) =>
    JSON.stringify([g.personId, g.role, g.campaignId, g.agencyCode]);
  const held = await tx.roleGrant.findMany({
    where: {
      personId: { in: [...new Set(personOf.values())] },
      campaignId: { in: [...new Set(inputs.map((input) => input.campaignId))] },
    },
    select: { id: true, personId: true, role: true, campaignId: true, agencyCode: true, revokedAt: true },
  });
  const grantOf = new Map(held.map((grant) => [keyOf(grant), grant]));
  const newGrants: {
    id: string;
    personId: string;
    role: string;
    campaignId: string;
    agencyCode: string;
    dutiesWaivedBy: string | null;
  }[] = [];
  const results: GrantResult[] = [];
  for (const input of inputs) {
    const key = {
      personId: personOf.get(input.email)!,
      role: input.role,
      campaignId: input.campaignId,
      agencyCode: input.agencyCode,
    };
    const existing = grantOf.get(keyOf(key));
    if (existing && !existing.revokedAt) {
      // A held grant given the leave afterwards keeps it on record (the administrator who gave it).
      if (input.allowApproverOperator)
        await tx.roleGrant.update({ where: { id: existing.id }, data: { dutiesWaivedBy: grantedBy } });
      results.push({ personId: key.personId, grantId: existing.id, created: false });
      continue;
    }
    if (existing) {
      await tx.roleGrant.update({
        where: { id: existing.id },
        data: {
          revokedAt: null,
          revokedBy: null,
          grantedBy,
          grantedAt: at,
          dutiesWaivedBy: input.allowApproverOperator ? grantedBy : null,
        },
      });
    } else {
      newGrants.push({ id: newId('grant'), ...key, dutiesWaivedBy: input.allowApproverOperator ? grantedBy : null });
    }
    const grantId = existing?.id ?? newGrants.at(-1)!.id;
    grantOf.set(keyOf(key), { id: grantId, ...key, revokedAt: null });
    results.push({ personId: key.personId, grantId, created: true });
  }
  await insertRows(
    tx,
    'RoleGrant',
    newGrants.map((grant) => ({ ...grant, grantedBy, grantedAt: at, revokedAt: null, revokedBy: null })),
  );
  return results;
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

/** The grants of a campaign's own people: the reviewer, the approver, the Service Center. */
export function campaignPeopleGrants(
  definition: {
    id: string;
    reviewer: { name: string; email?: string };
    approver: { name: string; email?: string };
    serviceCenter: { name: string; email?: string };
  },
  /** An administrator allowed the approver and the Service Center to be one person: recorded on both grants. */
  options: { allowApproverOperator?: boolean } = {},
): GrantInput[] {
  const grants: GrantInput[] = [];
  const named = (role: Role, who: { name: string; email?: string }) => {
    const waiver = options.allowApproverOperator && (role === 'approver' || role === 'operator');
    if (who.email)
      grants.push({
        email: who.email,
        name: who.name,
        role,
        campaignId: definition.id,
        ...(waiver && { allowApproverOperator: true }),
      });
  };
  named('reviewer', definition.reviewer);
  named('approver', definition.approver);
  named('operator', definition.serviceCenter);
  return grants;
}

/** The agency role of each listed agency's e-mail address in a campaign. */
export function agencyGrants(
  campaignId: string,
  agencies: readonly { code: string; name: string; email?: string }[],
): GrantInput[] {
  return agencies.flatMap((agency) =>
    agency.email
      ? [{ email: agency.email, name: agency.name, role: 'agency' as const, campaignId, agencyCode: agency.code }]
      : [],
  );
}

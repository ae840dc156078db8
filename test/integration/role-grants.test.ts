import { grantRole, grantRoles, revokeRole } from '../../server/identity/people';
import { uniqueId } from '../support/harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { testDatabases } from '../support/test-env';

// Grants in bulk, as a launch writes them for a campaign file's thousands of agencies: the same
// outcome as granting one at a time, across transaction chunks, and nothing written twice.

describe.each(testDatabases())('role grants on %s', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  const agencyGrant = (campaignId: string, i: number, email = `xa-${i}@${campaignId}.gov.vn`) => ({
    email,
    name: `UBND xã ${i}`,
    role: 'agency' as const,
    campaignId,
    agencyCode: `xa-${i}`,
  });

  it('grants thousands of roles across chunks, and granting them again changes nothing', async () => {
    const db = database.db;
    const campaignId = uniqueId('bulk');
    const grants = Array.from({ length: 1_203 }, (_, i) => agencyGrant(campaignId, i));
    const first = await grantRoles(db, grants, 'test');
    expect(first).toHaveLength(1_203);
    expect(first.every((result) => result.created)).toBe(true);
    expect(new Set(first.map((result) => result.grantId)).size).toBe(1_203);
    expect(await db.roleGrant.count({ where: { campaignId, revokedAt: null } })).toBe(1_203);
    expect(await db.person.count({ where: { email: { endsWith: `@${campaignId}.gov.vn` } } })).toBe(1_203);

    const again = await grantRoles(db, grants, 'test-again');
    expect(again.map((result) => result.created)).toEqual(grants.map(() => false));
    expect(again.map((result) => result.grantId)).toEqual(first.map((result) => result.grantId));
    expect(await db.roleGrant.count({ where: { campaignId } })).toBe(1_203);
    expect(await db.roleGrant.count({ where: { campaignId, grantedBy: 'test-again' } })).toBe(0);
  });

  it('makes one person of an e-mail named twice, gives back a revoked grant and keeps a held one', async () => {
    const db = database.db;
    const campaignId = uniqueId('mixed');
    const shared = `van-thu@${campaignId}.gov.vn`;
    const held = await grantRole(db, agencyGrant(campaignId, 1), 'earlier');
    const revoked = await grantRole(db, agencyGrant(campaignId, 2), 'earlier');
    expect(await revokeRole(db, agencyGrant(campaignId, 2), 'admin')).toBe(true);

    const results = await grantRoles(
      db,
      [
        agencyGrant(campaignId, 1),
        agencyGrant(campaignId, 2),
        agencyGrant(campaignId, 3, shared),
        agencyGrant(campaignId, 4, shared.toUpperCase()),
        agencyGrant(campaignId, 3, shared),
        { email: `chu-tich@${campaignId}.gov.vn`, role: 'approver', campaignId },
      ],
      'launch',
    );
    expect(results.map((result) => result.created)).toEqual([false, true, true, true, false, true]);
    expect(results[0]).toEqual({ ...held, created: false });
    expect(results[1]!.grantId).toBe(revoked.grantId);
    expect(results[2]!.personId).toBe(results[3]!.personId);
    expect(results[4]!.grantId).toBe(results[2]!.grantId);

    const rows = await db.roleGrant.findMany({ where: { campaignId }, orderBy: { agencyCode: 'asc' } });
    expect(rows.map((row) => [row.role, row.agencyCode, row.grantedBy, row.revokedAt])).toEqual([
      ['approver', '', 'launch', null],
      ['agency', 'xa-1', 'earlier', null],
      ['agency', 'xa-2', 'launch', null],
      ['agency', 'xa-3', 'launch', null],
      ['agency', 'xa-4', 'launch', null],
    ]);
    const person = await db.person.findUniqueOrThrow({ where: { email: shared } });
    expect(person.name).toBe('UBND xã 3');
  });

  it('refuses the whole batch when one grant is malformed, naming the field', async () => {
    const db = database.db;
    const campaignId = uniqueId('bad');
    await expect(
      grantRoles(db, [agencyGrant(campaignId, 1), { ...agencyGrant(campaignId, 2), email: 'không-phải-email' }], 'x'),
    ).rejects.toThrow(/email/);
    expect(await db.roleGrant.count({ where: { campaignId } })).toBe(0);
  });
});

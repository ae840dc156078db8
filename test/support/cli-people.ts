import type { Database } from '../../prisma/database';
import { issueApiToken } from '../../server/identity/api-tokens';
import { grantRole } from '../../server/identity/people';
import { newId } from '../../server/identity/secrets';

// People the admin-script tests sign in as: a person (created before any campaign names them, so a
// launch only adds grants) and a personal API token, as `dondoc login --token` would keep.

export async function personToken(
  db: Database,
  person: { email: string; name: string },
  grants: {
    role: 'admin' | 'agency' | 'reviewer' | 'approver' | 'operator';
    campaignId?: string;
    agencyCode?: string;
  }[] = [],
): Promise<string> {
  const row =
    (await db.person.findUnique({ where: { email: person.email } })) ??
    (await db.person.create({ data: { id: newId('person'), email: person.email, name: person.name } }));
  for (const grant of grants) await grantRole(db, { email: person.email, ...grant }, 'test');
  return (await issueApiToken(db, row.id, { label: 'dondoc login', days: 1, channel: 'cli' })).token;
}

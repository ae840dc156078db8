import type { Database } from '../../prisma/database';
import { hashSecret, newId, newSecret } from './secrets';

// Personal API tokens for the admin script and integrations: shown once, stored hashed, revocable,
// expiring. The prefix lets secret scanners recognise a leaked one.

const PREFIX = 'dondoc_';

export async function issueApiToken(
  db: Database,
  personId: string,
  /** `mintedBySession`: the web session it was made from, which takes it along when revoked. */
  options: { label: string; days: number; channel: 'token' | 'cli'; mintedBySession?: string },
  now: Date = new Date(),
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = `${PREFIX}${newSecret()}`;
  const id = newId('token');
  const expiresAt = new Date(now.getTime() + options.days * 86_400_000);
  await db.apiToken.create({
    data: {
      id,
      tokenHash: hashSecret(token),
      personId,
      label: options.label,
      channel: options.channel,
      createdAt: now,
      expiresAt,
      mintedBySession: options.mintedBySession,
    },
  });
  return { id, token, expiresAt };
}

export async function resolveApiToken(
  db: Database,
  token: string,
  now: Date = new Date(),
): Promise<{ tokenId: string; personId: string; channel: 'token' | 'cli' } | undefined> {
  if (!token.startsWith(PREFIX)) return undefined;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashSecret(token) } });
  if (!row || row.revokedAt || row.expiresAt <= now) return undefined;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000)
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return { tokenId: row.id, personId: row.personId, channel: row.channel === 'cli' ? 'cli' : 'token' };
}

export async function revokeApiToken(db: Database, personId: string, tokenId: string, now: Date = new Date()) {
  const { count } = await db.apiToken.updateMany({
    where: { id: tokenId, personId, revokedAt: null },
    data: { revokedAt: now },
  });
  return count > 0;
}

export async function listApiTokens(db: Database, personId: string) {
  return db.apiToken.findMany({
    where: { personId },
    select: {
      id: true,
      label: true,
      channel: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
    },
    orderBy: { createdAt: 'desc' },
  });
}

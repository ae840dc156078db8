import type { Database } from '../../prisma/database';
import { hashSecret, newId, newSecret } from './secrets';

// Server-side sessions: the cookie holds a random secret, the row its hash, an idle and an absolute
// expiry. Sign-out revokes the row, so a copied cookie stops working at once, and the API tokens
// minted from it with it.

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export async function openSession(
  db: Database,
  personId: string,
  method: 'email' | 'oidc',
  policy: SessionPolicy,
  clientAddress?: string,
  now: Date = new Date(),
): Promise<{ secret: string; expiresAt: Date }> {
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + policy.maxHours * 3_600_000);
  await db.webSession.create({
    data: {
      id: newId('session'),
      tokenHash: hashSecret(secret),
      personId,
      method,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      clientAddress,
    },
  });
  return { secret, expiresAt };
}

/** The person behind a session cookie, or undefined when it is unknown, revoked, idle too long or too old. */
export async function resumeSession(
  db: Database,
  secret: string,
  policy: SessionPolicy,
  now: Date = new Date(),
): Promise<{ sessionId: string; personId: string } | undefined> {
  const session = await db.webSession.findUnique({ where: { tokenHash: hashSecret(secret) } });
  if (!session || session.revokedAt || session.expiresAt <= now) return undefined;
  if (now.getTime() - session.lastSeenAt.getTime() > policy.idleMinutes * 60_000) return undefined;
  // One write a minute at most: the idle clock needs no finer grain.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000)
    await db.webSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  return { sessionId: session.id, personId: session.personId };
}

/** Ends a session and every API token minted from it (a token never outlives what minted it); the tokens' count. */
export async function revokeSession(db: Database, sessionId: string, now: Date = new Date()): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.webSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
    const { count } = await tx.apiToken.updateMany({
      where: { mintedBySession: sessionId, revokedAt: null },
      data: { revokedAt: now },
    });
    return count;
  });
}

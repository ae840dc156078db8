import type { Database } from '../../prisma/database';
import { hashSecret, newId, newSecret } from './secrets';

// E-mail sign-in: a single-use secret, stored hashed, valid for a few minutes. Asking for a link
// answers the same whether or not the address is known (no account enumeration); at most a few
// links per e-mail address per client address per window are issued (the per-IP limit sits on the route).

/** Links issued per e-mail address asked from one client address per window. */
const LINKS_PER_ADDRESS = 5;

export interface LinkRequest {
  email: string;
  minutes: number;
  clientAddress?: string;
  now?: Date;
}

/** The secret to e-mail, or undefined when nothing is to be sent (unknown address, too many requests). */
export async function issueSignInLink(
  db: Database,
  request: LinkRequest,
): Promise<{ secret: string; personName: string; expiresAt: Date } | undefined> {
  const now = request.now ?? new Date();
  const person = await db.person.findUnique({ where: { email: request.email } });
  if (!person) return undefined;
  // Counted per client address too: a stranger asking for someone else's links from elsewhere
  // spends their own allowance, never that person's (no lock-out by strangers).
  const recent = await db.signInToken.count({
    where: {
      email: request.email,
      clientAddress: request.clientAddress ?? null,
      createdAt: { gt: new Date(now.getTime() - request.minutes * 60_000) },
    },
  });
  if (recent >= LINKS_PER_ADDRESS) return undefined;
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + request.minutes * 60_000);
  await db.signInToken.create({
    data: {
      id: newId('link'),
      tokenHash: hashSecret(secret),
      personId: person.id,
      email: request.email,
      createdAt: now,
      expiresAt,
      clientAddress: request.clientAddress,
    },
  });
  return { secret, personName: person.name, expiresAt };
}

/** Spends a link: the person's ID once, then never again; undefined when unknown, used or expired. */
export async function consumeSignInLink(db: Database, secret: string, now: Date = new Date()) {
  const tokenHash = hashSecret(secret);
  // One conditional update: two clicks racing cannot both win.
  const { count } = await db.signInToken.updateMany({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return undefined;
  const row = await db.signInToken.findUnique({ where: { tokenHash } });
  return row?.personId;
}

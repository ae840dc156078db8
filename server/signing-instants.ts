import type { Database } from '../prisma/database';
import { PROOF_LIFETIME_MS } from '../domain/proof-lifetime';
import { isUniqueViolation } from '../shared/unique-violation';

// The instant an Update's proof is signed at, once per Update ID: a request retried under the same
// Idempotency-Key after its first answer was lost (the server restarted, the connection dropped) is
// signed at the instant of its first attempt, which a workflow task may already have acted on and
// recorded. The person acted then; the retry says so again, and derives the same deadlines.

/** The first signing instant of `updateId`, or `now` when there is none still good for a proof. */
export async function signingInstant(db: Database, updateId: string, now: Date): Promise<Date> {
  // Two attempts of one request may arrive at once (a client that gave up waiting and retried):
  // whichever records first sets the instant, the other reads it.
  const first = await firstSigning(db, updateId, now).catch(() => undefined);
  // The record is a help to a retry, not a condition of acting: a database that cannot take it now
  // (busy, away) leaves the request signed at its own instant, as before the record existed.
  if (!first) return now;
  // Past a proof's lifetime the first instant could only make an expired proof: sign anew.
  return now.getTime() - first.signedAt.getTime() < PROOF_LIFETIME_MS / 2 ? first.signedAt : now;
}

async function firstSigning(db: Database, updateId: string, now: Date) {
  return (
    (await db.updateSigning.findUnique({ where: { updateId } })) ??
    (await db.updateSigning.create({ data: { updateId, signedAt: now } }).catch(async (error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
      return db.updateSigning.findUniqueOrThrow({ where: { updateId } });
    }))
  );
}

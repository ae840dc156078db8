import type { Database } from '../prisma/database';
import { PROOF_LIFETIME_MS } from '../domain/proof-lifetime';

// The instant an Update's proof is signed at, once per Update ID: a request retried under the same
// Idempotency-Key after its first answer was lost (the server restarted, the connection dropped) is
// signed at the instant of its first attempt, which a workflow task may already have acted on and
// recorded. The person acted then; the retry says so again, and derives the same deadlines.

/** The first signing instant of `updateId`, or `now` when there is none still good for a proof. */
export async function signingInstant(db: Database, updateId: string, now: Date): Promise<Date> {
  const first = await db.updateSigning.upsert({
    where: { updateId },
    create: { updateId, signedAt: now },
    update: {},
  });
  // Past a proof's lifetime the first instant could only make an expired proof: sign anew.
  return now.getTime() - first.signedAt.getTime() < PROOF_LIFETIME_MS / 2 ? first.signedAt : now;
}

import { PROOF_LIFETIME_MS } from '../../domain/proof-lifetime';
import { signingInstant } from '../../server/signing-instants';
import { uniqueId, useTestDatabase } from '../support/harness';
import { testDatabases } from '../support/test-env';

// A request retried under the same Idempotency-Key (its first answer lost when the server restarted)
// is signed at its first attempt's instant, which a workflow task may already have acted on: the
// retry derives the same deadlines and writes the same records. Past half a proof's lifetime the
// first instant could only make a proof about to expire, so the retry is signed anew.

describe.each(testDatabases())('the instant an Update is signed at (%s)', (kind) => {
  const database = useTestDatabase(kind);

  test('a retry is signed at the first attempt; another Update at its own instant', async () => {
    const updateId = uniqueId('client:retry');
    const first = new Date('2024-02-09T16:59:50.000Z');
    const retried = new Date(first.getTime() + 40_000); // past midnight in Asia/Ho_Chi_Minh
    expect(await signingInstant(database.db, updateId, first)).toEqual(first);
    expect(await signingInstant(database.db, updateId, retried)).toEqual(first);
    expect(await signingInstant(database.db, uniqueId('client:other'), retried)).toEqual(retried);
    const late = new Date(first.getTime() + PROOF_LIFETIME_MS);
    expect(await signingInstant(database.db, updateId, late)).toEqual(late);
    expect(await database.db.updateSigning.count({ where: { updateId } })).toBe(1);
  });

  test('attempts of one request arriving together all sign at one instant, none fails', async () => {
    const updateId = uniqueId('client:together');
    const instants = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        signingInstant(database.db, updateId, new Date(Date.UTC(2024, 1, 9, 9, 0, i))),
      ),
    );
    expect(new Set(instants.map((d) => d.getTime())).size).toBe(1);
  });
});

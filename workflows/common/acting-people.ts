import { currentUpdateInfo } from '@temporalio/workflow';
import type { ActingPerson, TrustedKeys } from '../../domain/actor-proof';
import { GATES, type CodeGates } from './code-gates';
import { checks } from './lazy-checks';

// Who acts in each running Update handler: the person named by its actor proof, which the validator
// verified before the Update was accepted (the handler sees the same arguments, on replay too). The
// audit rows then name the person, not only the role. A workflow launched without trusted keys has
// no verified person and records none.

export class ActingPeople {
  private readonly byUpdate = new Map<string, ActingPerson>();

  constructor(
    private readonly trustedKeys: TrustedKeys | undefined,
    private readonly gates: CodeGates,
  ) {}

  /** Runs an Update's handler with its person known to `current()`. */
  async during<T>(raw: unknown, run: () => Promise<T>): Promise<T> {
    const id = currentUpdateInfo()?.id;
    const verified = this.trustedKeys !== undefined && Object.keys(this.trustedKeys).length > 0;
    const claims = checks().actorClaimsSchema.safeParse(
      (raw as { proof?: { claims?: unknown } } | null)?.proof?.claims,
    );
    if (!id || !verified || !claims.success) return run();
    this.byUpdate.set(id, { personId: claims.data.personId, personName: claims.data.personName });
    try {
      return await run();
    } finally {
      this.byUpdate.delete(id);
    }
  }

  /** The person of the Update being handled, to record (behind the patch), or undefined. */
  current(): ActingPerson | undefined {
    const id = currentUpdateInfo()?.id;
    const person = id === undefined ? undefined : this.byUpdate.get(id);
    // Audit rows carry the person of the verified proof; runs recorded before replay without it.
    return person && this.gates.follows(GATES.auditPerson) ? person : undefined;
  }
}

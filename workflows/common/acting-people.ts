import { currentUpdateInfo } from '@temporalio/workflow';
import type { ActingPerson, ProvenActor } from '../../domain/actor-proof';
import { GATES, type CodeGates } from './code-gates';

// Who acts in each running Update handler: the person named by its actor proof, which the validator
// verified before the Update was accepted (the handler sees the same arguments, on replay too). The
// audit rows then name the person, not only the role.

export class ActingPeople {
  private readonly byUpdate = new Map<string, ActingPerson>();

  constructor(private readonly gates: CodeGates) {}

  /** Runs an Update's handler with its person known to `current()`. */
  async during<T>(claims: ProvenActor | undefined, run: () => Promise<T>): Promise<T> {
    const id = currentUpdateInfo()?.id;
    if (!id || !claims) return run();
    this.byUpdate.set(id, { personId: claims.personId, personName: claims.personName });
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

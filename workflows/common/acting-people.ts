import { currentUpdateInfo } from '@temporalio/workflow';
import type { ActingPerson, ProvenActor } from '../../domain/actor-proof';

// Who acts in each running Update handler: the person named by its actor proof, which the validator
// verified before the Update was accepted (the handler sees the same arguments, on replay too). The
// audit rows then name the person, not only the role.

export class ActingPeople {
  private readonly byUpdate = new Map<string, ActingPerson>();

  /** Runs an Update's handler with its person known to `current()`. */
  async during<T>(claims: ProvenActor, run: () => Promise<T>): Promise<T> {
    const id = currentUpdateInfo()?.id;
    if (!id) return run();
    this.byUpdate.set(id, { personId: claims.personId, personName: claims.personName });
    try {
      return await run();
    } finally {
      this.byUpdate.delete(id);
    }
  }

  /** The person of the Update being handled, to record, or undefined outside an Update. */
  current(): ActingPerson | undefined {
    const id = currentUpdateInfo()?.id;
    return id === undefined ? undefined : this.byUpdate.get(id);
  }
}

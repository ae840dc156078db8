import { currentUpdateInfo } from '@temporalio/workflow';
import type { ActingPerson, ActorClaims, ProvenActor } from '../../domain/actor-proof';
import { signedAt } from '../../domain/proof-lifetime';

// Who acts in each running Update handler: the person named by its actor proof, which the validator
// verified before the Update was accepted (the handler sees the same arguments, on replay too). The
// audit rows then name the person, not only the role. The handler also acts at the instant the
// server signed the proof (never later than the workflow's now), so a workflow task run again after
// its worker died derives the same deadlines and writes the same records. A proof signed before the
// run recorded its start, or before the last action, acts just after it: the trail keeps its order.

export class ActingPeople {
  private readonly byUpdate = new Map<string, ActingPerson & { actedAt: number }>();
  /** The latest instant recorded so far: the run's start, then each action's. */
  private lastActedAt = Date.now();

  /** Runs an Update's handler with its person known to `current()`. */
  async during<T>(claims: ProvenActor & Pick<ActorClaims, 'expiresAt'>, run: () => Promise<T>): Promise<T> {
    const id = currentUpdateInfo()?.id;
    if (!id) return run();
    this.byUpdate.set(id, {
      personId: claims.personId,
      personName: claims.personName,
      actedAt: (this.lastActedAt = this.instantOf(claims)),
    });
    try {
      return await run();
    } finally {
      this.byUpdate.delete(id);
    }
  }

  /** The person of the Update being handled, to record, or undefined outside an Update. */
  current(): ActingPerson | undefined {
    const acting = this.acting();
    return acting && { personId: acting.personId, personName: acting.personName };
  }

  /** The real instant the person acted, in an Update handler; undefined elsewhere (timers, signals). */
  actedAt(): number | undefined {
    return this.acting()?.actedAt;
  }

  /**
   * The real instant an Update with these claims acts at, as `during` dates it when it runs next:
   * for its validator, which decides at the person's instant too and changes nothing.
   */
  instantOf(claims: Pick<ActorClaims, 'expiresAt'>): number {
    return Math.max(Math.min(signedAt(claims), Date.now()), this.lastActedAt + 1);
  }

  private acting() {
    const id = currentUpdateInfo()?.id;
    return id === undefined ? undefined : this.byUpdate.get(id);
  }
}

import { setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { ProvenActor } from '../../domain/actor-proof';
import type { Role } from '../../domain/access';
import { refuseOversized, validateShape } from '../../domain/validate';
import type { ActingPeople } from './acting-people';
import { acceptedClaims, checkActorProof } from './actor-proof';

// Every Update of a workflow is registered the same way: its validator refuses an oversized argument,
// then checks the server's actor proof, then the schema, then the action against the state; its
// handler runs with the proven person known to the audit rows. The name the workflow records as the
// actor (`by`) is the holder of the proven role, never a name the sender chose.

/** The name each campaign role acts under in this workflow's records. */
export type RoleHolders = Partial<Record<Role, string>>;

export interface ProvenUpdate<S extends z.ZodType, R, A = unknown> {
  definition: UpdateDefinition<R, [A]>;
  /** Read on first use: the schemas are built once per worker thread (lazy-checks.ts). */
  schema: () => S;
  check: (request: z.output<S>) => void;
  handle: (request: z.output<S>, claims: ProvenActor) => Promise<R>;
}

/** One Update's declaration, typed from its schema. */
export function provenUpdate<S extends z.ZodType, R, A>(
  update: ProvenUpdate<S, R, A>,
): ProvenUpdate<z.ZodType, unknown> {
  return update as unknown as ProvenUpdate<z.ZodType, unknown>;
}

/**
 * The argument as the workflow acts on it: `by` is the holder of the proof's role (the agency member
 * is named as a person).
 */
export function withProvenActor(argument: unknown, claims: ProvenActor, holders: RoleHolders): unknown {
  if (!argument || typeof argument !== 'object') return argument;
  const by = claims.role === 'agency' ? claims.personName : (holders[claims.role] ?? claims.personName);
  return { ...argument, by };
}

export function registerProvenUpdates(
  scope: { campaignId: string; holders: RoleHolders },
  people: ActingPeople,
  updates: readonly ProvenUpdate<z.ZodType, unknown>[],
): void {
  for (const update of updates) {
    setHandler(
      update.definition as UpdateDefinition<unknown, [unknown]>,
      async (raw: unknown) => {
        const claims = acceptedClaims(raw);
        const request = update.schema().parse(withProvenActor(raw, claims, scope.holders));
        return people.during(claims, () => update.handle(request, claims));
      },
      {
        validator: (raw: unknown) => {
          refuseOversized(raw);
          const claims = checkActorProof(raw, scope.campaignId);
          validateShape(update.schema(), withProvenActor(raw, claims, scope.holders), update.check);
        },
      },
    );
  }
}

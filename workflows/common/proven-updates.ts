import { currentUpdateInfo, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { ActorClaims } from '../../domain/actor-proof';
import type { Actor, AnyUpdateDeclaration, UpdateDeclarations } from './update-declarations';
import type { Role } from '../../domain/access';
import { parseArgument, refuseOversized } from '../../domain/validate';
import type { ActingPeople } from './acting-people';
import { acceptedClaims, checkActorProof } from './actor-proof';
import { checks } from './lazy-checks';

// Every Update of a workflow is registered the same way, from its declaration: its validator
// refuses an oversized argument, then checks the server's actor proof, then the schema, then the
// action against the state; its handler acts on what the validator parsed and decided, once (on
// replay, where validators do not run, it parses and decides again, as the validator did). A check
// is told the instant the person acted (their proof's), the one the handler acts at. The actor is
// the person and role of the verified proof, never a name in the argument.

/** The name each campaign role acts under in this workflow's records. */
export type RoleHolders = Partial<Record<Role, string>>;

function actorOf(claims: ActorClaims, holders: RoleHolders): Actor {
  const { personId, personName, role } = claims;
  return {
    name: (role === 'agency' ? undefined : holders[role]) ?? personName,
    person: { personId, personName },
    role,
  };
}

/** Registers every declared Update of a workflow run, each the same way (above). */
export function registerProvenUpdates<Services>(
  scope: { campaignId: string; holders: RoleHolders },
  people: ActingPeople,
  services: Services,
  declarations: UpdateDeclarations<Services>,
): void {
  for (const update of Object.values(declarations) as AnyUpdateDeclaration<Services>[]) {
    // What the validator parsed and decided, by Update ID, for its handler in the same workflow task.
    const validated = new Map<string, { request: unknown; checked: unknown }>();
    setHandler(
      update.update as UpdateDefinition<unknown, [unknown]>,
      async (raw: unknown) => {
        const id = currentUpdateInfo()!.id;
        const claims = acceptedClaims(raw);
        let decided = validated.get(id);
        validated.delete(id);
        if (!decided) {
          const request = update.schema(checks()).parse(raw);
          decided = { request, checked: update.check(services, request, { actedAt: people.instantOf(claims) }) };
        }
        const { request, checked } = decided;
        return people.during(claims, () =>
          update.handle(services, request, actorOf(claims, scope.holders), checked as never),
        );
      },
      {
        validator: (raw: unknown) => {
          refuseOversized(raw);
          const claims = checkActorProof(raw, scope.campaignId);
          const request = parseArgument(update.schema(checks()), raw);
          const checked = update.check(services, request, { actedAt: people.instantOf(claims) });
          validated.set(currentUpdateInfo()!.id, { request, checked });
        },
      },
    );
  }
}

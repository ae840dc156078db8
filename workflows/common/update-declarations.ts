import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Role, UpdateAction, UpdateNameOf } from '../../domain/access';
import type * as Checks from './checks';

// What an Update is, declared once beside its workflow (workflows/agency/actions.ts,
// workflows/campaign/actions.ts), keyed by the action of the access rule it carries (domain/access.ts:
// roles and label). The workflow registers every declaration in one loop (proven-updates.ts); the
// server makes its API route and OpenAPI entry from the same declaration (server/routes/update-routes.ts).
// Type-only imports here: the server reads the declarations without loading workflow code.

/** Who acts, from the verified proof: the name the records use, the person, and the role. */
export interface Actor {
  /** The holder of the proven role (the campaign's reviewer, …); an agency member by their own name. */
  name: string;
  person: { personId: string; personName: string };
  role: Role;
}

/** When the person acted: the real instant (epoch ms) of their verified proof, the one their handler acts at. */
export interface ActingInstant {
  actedAt: number;
}

/** The API route of an Update, relative to the workflow's resource. */
export interface UpdateRoute {
  path: string;
  /** The OpenAPI summary, in Vietnamese. */
  summary: string;
  /** The body is a whole list (a larger body limit than an action's). */
  carriesList?: true;
  /** The server serves this path with a route of its own, which prepares the Update first (files, checks). */
  ownRoute?: true;
}

export interface UpdateDeclaration<Services, S extends z.ZodType, R> {
  update: UpdateDefinition<R, [z.input<S>]>;
  /** Read on first use: the schemas are built once per worker thread (lazy-checks.ts). */
  schema: (messages: typeof Checks) => S;
  /** The action against the workflow's state now (the validator's), its decision handed to `handle`. */
  check: (services: Services, request: z.output<S>, acting: ActingInstant) => unknown;
  handle: (services: Services, request: z.output<S>, actor: Actor, checked: never) => Promise<R>;
  /** Absent when the server sends it otherwise than by one route (a calendar change goes to every agency). */
  route?: UpdateRoute;
}

/** A declaration as the registration loop and the route builder see it, whatever its schema. */
export type AnyUpdateDeclaration<Services> = UpdateDeclaration<Services, z.ZodType, unknown>;

/**
 * One Update's declaration, typed from its schema: the Update's argument is the schema's input, the
 * handler receives the schema's output and exactly what the check decided.
 */
export function declareUpdate<Services>() {
  return <S extends z.ZodType, R, C, N extends string>(declaration: {
    update: UpdateDefinition<R, [z.input<S>], N>;
    schema: (messages: typeof Checks) => S;
    check: (services: Services, request: z.output<S>, acting: ActingInstant) => C;
    handle: (services: Services, request: z.output<S>, actor: Actor, checked: C) => Promise<R>;
    route?: UpdateRoute;
  }) => declaration as unknown as AnyUpdateDeclaration<Services> & { update: { name: N } };
}

/** A workflow's Updates, one per action it serves; each Update's name is the one its action declares. */
export type UpdateDeclarations<Services> = {
  [A in UpdateAction]?: AnyUpdateDeclaration<Services> & { update: { name: UpdateNameOf<A> } };
};

/** A workflow's declared Updates, each with the action it carries. */
export function declaredUpdates<Services>(
  declarations: UpdateDeclarations<Services>,
): [UpdateAction, AnyUpdateDeclaration<Services> & { update: { name: UpdateNameOf<UpdateAction> } }][] {
  return Object.entries(declarations) as [
    UpdateAction,
    AnyUpdateDeclaration<Services> & { update: { name: UpdateNameOf<UpdateAction> } },
  ][];
}

import type { Connection } from '@temporalio/client';
import { ensureSearchAttributes } from './temporal/search-attributes';
import type { UpdateDefinition } from '@temporalio/common';
import type { FastifyRequest } from 'fastify';
import {
  ACTIONS,
  collects,
  UPDATE_ACTIONS,
  type Action,
  type Role,
  type Scope,
  type UpdateAction,
  type UpdateName,
  type UpdateNameOf,
} from '../domain/access';
import type { RouteContext } from './http/app';
import { recordAccess } from './identity/audit';
import { loadCampaignRecord, type CampaignRecord } from '../read-side/campaign-roles';
import { authorize, type Principal } from './identity/principal';
import { sendUpdate, updateIdFor } from './workflow-updates';
import { notFound } from '../shared/http-errors';
import { refuseClosedCollection } from './campaign/collection-guard';
import { registeredRunId } from '../shared/workflow-runs';
import { signingInstant } from './signing-instants';
import type { CampaignDefinition } from '../domain/campaign-definition';
import { launchCampaign, LaunchRefusedError } from './launch/launch-campaign';
import { selfNamedProblems } from './identity/duties';

// One action through the server: authorize the signed-in person, send the Update under one ID with
// its actor proof, and audit the outcome with the real person, role, channel and address.

/** Who acts, in which role, under which Update ID: what the audit of an action names. */
export interface Actor {
  principal: Principal;
  role: Role;
  updateId: string;
}

export interface Acting extends Actor {
  campaign: CampaignRecord;
}

/** An administrator acts in the role the action needs; the proof names that role. */
function actingRole(role: Role, action: Action): Role {
  return role === 'admin' ? (ACTIONS[action][0] as Role) : role;
}

export async function prepare(
  context: RouteContext,
  request: FastifyRequest,
  action: Action,
  scope: Scope,
  updateId?: string,
): Promise<Acting> {
  const { principal, role } = await authorize(context.db, request, action, scope);
  const campaign = await loadCampaignRecord(context.db, scope.campaignId);
  return {
    principal,
    role,
    campaign,
    updateId: updateId ?? updateIdFor(request.headers['idempotency-key'], { personId: principal.person.id, action }),
  };
}

export async function audited<T>(
  context: RouteContext,
  request: FastifyRequest,
  acting: Actor,
  action: Action,
  scope: Scope,
  run: () => Promise<T>,
): Promise<T> {
  const base = {
    personId: acting.principal.person.id,
    role: acting.role,
    channel: acting.principal.channel,
    action,
    campaignId: scope.campaignId,
    agencyCode: scope.agencyCode,
    updateId: acting.updateId,
    clientAddress: request.ip,
  };
  try {
    const result = await run();
    await recordAccess(context.db, { ...base, outcome: 'done' }, context.now());
    return result;
  } catch (error) {
    await recordAccess(
      context.db,
      { ...base, outcome: 'failed', detail: { message: (error as Error).message } },
      context.now(),
    );
    throw error;
  }
}

/** Refuses, as a programming error, an Update sent under an action that is not the one it carries. */
function requireCarried(action: Action, updateName: string): void {
  if (UPDATE_ACTIONS[updateName as UpdateName] !== action)
    throw new Error(`Update ${updateName} does not carry the action ${action} (domain/access.ts).`);
}

/**
 * Authorize (once, before anything is read), update, audit: the whole of an action that is one
 * Update on one workflow. The workflow is found only once the person may act on the scope, so an
 * unknown agency and a forbidden one answer alike.
 */
export async function actByUpdate<A extends UpdateAction, Ret, Arg>(
  context: RouteContext,
  request: FastifyRequest,
  action: A,
  scope: Scope,
  workflowId: string | (() => Promise<string>),
  update: UpdateDefinition<Ret, [Arg], UpdateNameOf<A>>,
  argument: Arg,
  options: {
    /** One Update ID per workflow when one request acts on many (a bulk reminder); else from Idempotency-Key. */
    updateId?: string;
    /** The person already authorized for this action on this scope (before reading an upload). */
    acting?: Acting;
    /**
     * Makes the argument once the person is authorized and collection is open (a delivery's files
     * resolved and checked): its refusal is audited with the action's other outcomes.
     */
    prepareArgument?: (argument: Arg) => Promise<Arg>;
  } = {},
): Promise<Ret> {
  requireCarried(action, update.name);
  const acting = options.acting ?? (await prepare(context, request, action, scope, options.updateId));
  const target = typeof workflowId === 'string' ? workflowId : await workflowId();
  const runId = await registeredRunId(context.db, target);
  if (!runId)
    throw notFound(`Hồ sơ ${target} không do dondoc khởi chạy (hoặc chưa khởi chạy xong); chưa có gì thay đổi.`);
  return audited(context, request, acting, action, scope, async () => {
    if (collects(action)) await refuseClosedCollection(context.db, scope);
    const sent = options.prepareArgument ? await options.prepareArgument(argument) : argument;
    const signedAt = await signingInstant(context.db, acting.updateId, context.now());
    const proof = context.signer.sign(
      {
        personId: acting.principal.person.id,
        personName: acting.principal.person.name,
        role: actingRole(acting.role, action),
        campaignId: scope.campaignId,
        workflowId: target,
        update: update.name,
        updateId: acting.updateId,
      },
      sent,
      signedAt,
    );
    return sendUpdate(context.client, { workflowId: target, runId }, update, { ...sent, proof }, acting.updateId);
  });
}

/** Launch (or re-launch, starting nothing twice) as the signed-in operator: the API's and the portal's one path. */
export async function launchAs(
  context: RouteContext,
  request: FastifyRequest,
  definition: CampaignDefinition,
  options: { drill?: boolean; allowApproverOperator?: boolean } = {},
) {
  const scope = { campaignId: definition.id };
  const { principal, role } = await authorize(context.db, request, 'launch', scope);
  const selfNamed = selfNamedProblems(definition, { email: principal.person.email, role });
  if (selfNamed.length > 0) {
    await recordAccess(context.db, {
      personId: principal.person.id,
      role,
      channel: principal.channel,
      action: 'launch',
      campaignId: definition.id,
      clientAddress: request.ip,
      outcome: 'refused',
      detail: { reason: selfNamed.join(' ') },
    });
    throw new LaunchRefusedError(definition.id, selfNamed);
  }
  const acting: Actor = { principal, role, updateId: `launch:${definition.id}` };
  return audited(context, request, acting, 'launch', scope, async () => {
    // A cluster set up elsewhere may lack dondoc's search attributes (idempotent, one list call).
    await ensureSearchAttributes(context.client.connection as Connection, context.config.temporal.namespace);
    return launchCampaign({
      client: context.client,
      db: context.db,
      taskQueue: context.config.taskQueue,
      definition,
      launchedBy: principal.person.id,
      drill: options.drill ? { secondsPerDay: context.config.demoSecondsPerDay } : undefined,
      allowApproverOperator: options.allowApproverOperator,
    });
  });
}

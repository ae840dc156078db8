import { currentUpdateInfo, workflowInfo } from '@temporalio/workflow';
import { ACTION_LABELS, ACTIONS, UPDATE_ACTIONS, type Role, type UpdateName } from '../../domain/access';
import type { ActorClaims } from '../../domain/actor-proof';
import { checks } from './lazy-checks';
import { deploymentKeys } from './trust-anchor';

// Every Update validator first checks the server's signed proof of the actor against the keys of the
// worker's deployment, so that someone who reaches Temporal directly (the CLI, `temporal workflow
// update execute`) cannot act as anyone, on any workflow, with any argument. Validators never run on
// replay, so recorded histories replay whatever the keys.

/** The verified claims of the running Update's proof; throws (refusing the Update) otherwise. */
export function checkActorProof(argument: unknown, campaignId: string): ActorClaims {
  const update = currentUpdateInfo();
  const action = update && UPDATE_ACTIONS[update.name as UpdateName];
  if (!update || !action) throw new Error('Thao tác không xác định: không có quy tắc quyền cho Update này.');
  return checks().verifyActorProof(argument, deploymentKeys(), {
    workflowId: workflowInfo().workflowId,
    campaignId,
    update: update.name,
    updateId: update.id,
    roles: ACTIONS[action] as readonly Role[],
    actionLabel: ACTION_LABELS[action],
    // Workflow time: deterministic, the same on every worker.
    nowMs: Date.now(),
  });
}

/**
 * The claims of an Update its validator accepted, read again in the handler (on replay too, where
 * validators do not run): the proof is in the accepted Update's argument in the history.
 */
export function acceptedClaims(argument: unknown): ActorClaims {
  return checks().actorProofSchema.parse((argument as { proof?: unknown } | null)?.proof).claims;
}

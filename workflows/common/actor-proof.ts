import { currentUpdateInfo } from '@temporalio/workflow';
import { ACTIONS, UPDATE_ACTIONS } from '../../domain/access';
import type { TrustedKeys } from '../../domain/actor-proof';
import { checks } from './lazy-checks';

// Every Update validator first checks the server's signed proof of the actor, so that someone who
// reaches Temporal directly (the CLI, `temporal workflow update execute`) cannot act as anyone.
// Validators never run on replay, so recorded histories replay unchanged; a workflow launched
// before proofs existed has no trusted keys and keeps its name checks (see README, "Actor proof").

export function checkActorProof(
  trustedKeys: TrustedKeys | undefined,
  raw: unknown,
  scope: { campaignId: string; agencyCode?: string },
): void {
  if (!trustedKeys || Object.keys(trustedKeys).length === 0) return;
  const update = currentUpdateInfo();
  const action = update && UPDATE_ACTIONS[update.name];
  if (!update || !action) throw new Error('Thao tác không xác định: không có quy tắc quyền cho Update này.');
  checks().verifyActorProof((raw as { proof?: unknown } | null)?.proof, trustedKeys, {
    update: update.name,
    updateId: update.id,
    ...scope,
    roles: ACTIONS[action],
    // Workflow time: deterministic, the same on every worker.
    nowMs: Date.now(),
  });
}

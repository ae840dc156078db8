import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClientInterceptors, WorkflowClientInterceptor } from '@temporalio/client';
import { ACTIONS, UPDATE_ACTIONS, type Role, type UpdateName } from '../../domain/access';
import { parseWorkflowId } from '../../temporal/workflow-ids';
import { loadSigner, type Signer } from '../../server/identity/proof';

// Tests that drive the workflows directly stand in for the dondoc server: their client signs each
// Update that carries no proof with the harness's key, as the server would for a person holding the
// first role the Update's action allows. Tests of the proof itself send through the harness's
// unsigned client, or sign for another role themselves.

/**
 * The role the stand-in server signs an Update for: an agency member's when the action allows it (an
 * extension request is the agency's own), else the first its action allows (domain/access.ts).
 */
function roleFor(updateName: string): Role {
  const action = UPDATE_ACTIONS[updateName as UpdateName];
  const allowed: readonly Role[] = action ? ACTIONS[action] : ['agency'];
  return allowed.includes('agency') ? 'agency' : allowed[0]!;
}

/**
 * The proof the stand-in server gives an Update for the role its action allows, signed at `now`: a
 * test that dates an action (the campaign instant a person acted at) signs at that instant itself.
 */
export function standInProof(
  signer: Signer,
  target: { campaignId: string; workflowId: string; updateName: string; updateId: string },
  argument: unknown,
  now: Date,
) {
  const role = roleFor(target.updateName);
  const by = `Người thử nghiệm (${role})`;
  return signer.sign(
    {
      personId: `test:${by}`,
      personName: by,
      role,
      campaignId: target.campaignId,
      workflowId: target.workflowId,
      update: target.updateName,
      updateId: target.updateId,
    },
    argument,
    now,
  );
}

function signingInterceptor(signer: Signer, campaignOf: (workflowId: string) => string): WorkflowClientInterceptor {
  return {
    async startUpdate(input, next) {
      const [argument] = input.args as [Record<string, unknown> | undefined];
      if (!argument || typeof argument !== 'object' || Array.isArray(argument) || 'proof' in argument)
        return next(input);
      const { workflowId } = input.workflowExecution;
      const updateId = input.options.updateId ?? randomUUID();
      const proof = standInProof(
        signer,
        { campaignId: campaignOf(workflowId), workflowId, updateName: input.updateName, updateId },
        argument,
        new Date(),
      );
      return next({ ...input, args: [{ ...argument, proof }], options: { ...input.options, updateId } });
    },
  };
}

/** A key of the test's own, the client interceptors that sign with it, and the folder a worker trusts. */
export function testSigning(): { keysDir: string; signer: Signer; interceptors: ClientInterceptors; dispose(): void } {
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-keys-'));
  const signer = loadSigner(keysDir, { generate: true });
  return {
    keysDir,
    signer,
    interceptors: {
      workflow: [signingInterceptor(signer, (workflowId) => parseWorkflowId(workflowId)?.campaignId ?? '')],
    },
    dispose: () => fs.rmSync(keysDir, { recursive: true, force: true }),
  };
}

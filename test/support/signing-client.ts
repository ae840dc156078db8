import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClientInterceptors, WorkflowClientInterceptor } from '@temporalio/client';
import type { Role } from '../../domain/access';
import { parseWorkflowId } from '../../temporal/workflow-ids';
import { loadSigner, type Signer } from '../../server/identity/proof';

// Tests that drive the workflows directly stand in for the dondoc server: their client signs each
// Update that carries no proof with the harness's key, as the server would for the person named by
// `by`. Tests of the proof itself send through the harness's unsigned client.

/**
 * The role the stand-in server signs for the person named by `by`: the tests name the campaign's
 * institutions (the Service Center, the Chairman, Sở TTTT); anyone else is an agency member, so an
 * agency member's attempt at a reviewer's Update is refused for its role, as through the server.
 */
export function roleOf(by: string): Role {
  if (/Trung tâm|Phục vụ/i.test(by)) return 'operator';
  if (/Chủ tịch|phê duyệt/i.test(by)) return 'approver';
  if (/^so-tttt$|Thông tin và Truyền thông|thẩm định/i.test(by)) return 'reviewer';
  return 'agency';
}

export function signingInterceptor(
  signer: Signer,
  campaignOf: (workflowId: string) => string,
): WorkflowClientInterceptor {
  return {
    async startUpdate(input, next) {
      const [argument] = input.args as [Record<string, unknown> | undefined];
      if (!argument || typeof argument !== 'object' || Array.isArray(argument) || 'proof' in argument)
        return next(input);
      const by = typeof argument.by === 'string' && argument.by ? argument.by : 'Người thử nghiệm';
      const { workflowId } = input.workflowExecution;
      const updateId = input.options.updateId ?? randomUUID();
      const proof = signer.sign(
        {
          personId: `test:${by}`,
          personName: by,
          role: roleOf(by),
          campaignId: campaignOf(workflowId),
          workflowId,
          update: input.updateName,
          updateId,
        },
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

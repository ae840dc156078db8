import fs from 'node:fs';
import type { WorkerOptions } from '@temporalio/worker';
import type { TrustedKeys } from '../domain/actor-proof';
import { bundleWorkflows } from './bundle';

// The keys the workflows trust are the worker's, written into the workflow bundle as the worker
// starts (workflows/common/trust-anchor.ts holds the marker): they never travel in a start input or
// any message, so no Temporal client can choose them. Validators do not run on replay, so a bundle
// with other keys replays the same histories.

const MARKER = "'__DONDOC_DEPLOYMENT_TRUSTED_KEYS__'";

/** The bundle's code with the deployment's public keys in place of the marker. */
export function withTrustAnchor(code: string, keys: TrustedKeys): string {
  const first = code.indexOf(MARKER);
  if (first < 0 || code.indexOf(MARKER, first + 1) >= 0)
    throw new Error(
      'Gói mã workflow không có đúng một chỗ ghi khóa tin cậy (workflows/common/trust-anchor.ts). Cách sửa: đóng gói lại bằng "npm run build".',
    );
  for (const [keyId, key] of Object.entries(keys))
    if (!/^[\w-]{1,64}$/.test(keyId) || !/^[0-9a-f]{64}$/.test(key))
      throw new Error(`Khóa tin cậy ${keyId} không đúng dạng khóa công khai Ed25519.`);
  // A JSON text inside a JavaScript string literal: JSON.stringify twice quotes it safely.
  return code.slice(0, first) + JSON.stringify(JSON.stringify(keys)) + code.slice(first + MARKER.length);
}

/** The worker's workflow bundle, prebuilt or built now, anchored to the deployment's keys. */
export async function anchoredBundle(
  prebuilt: WorkerOptions['workflowBundle'] | undefined,
  workflowsPath: string,
  keys: TrustedKeys,
): Promise<{ code: string }> {
  let code: string;
  if (!prebuilt) code = await bundleWorkflows(workflowsPath);
  else if ('code' in prebuilt) code = prebuilt.code;
  else code = fs.readFileSync(prebuilt.codePath, 'utf8');
  return { code: withTrustAnchor(code, keys) };
}

import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { assertUpdatePayloadFits } from '../domain/payload-limits';
import { retryTransient } from './transient';

// Sends one Update under one update ID, retried while Temporal answers "not now": Temporal applies
// an update ID at most once, so a retry (ours, or the client's with the same Idempotency-Key)
// never applies a change twice. An argument past the payload limits is refused before anything is sent.

export function updateIdFor(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  return key && /^[\w.:-]{8,128}$/.test(key) ? key : randomUUID();
}

export async function sendUpdate<Ret, Arg>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  updateId: string,
  timeoutMs = 30_000,
): Promise<Ret> {
  // Before it is sent: Temporal would refuse an oversized payload, or end the workflow on one.
  assertUpdatePayloadFits(update.name, arg);
  const handle = client.workflow.getHandle(workflowId);
  return retryTransient(() => handle.executeUpdate(update, { updateId, args: [arg] }), { timeoutMs });
}

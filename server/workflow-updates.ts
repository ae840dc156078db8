import { createHash, randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { assertUpdatePayloadFits, UpdatePayloadTooLargeError } from '../domain/payload-limits';
import { isOversizedMessage, retryTransient } from './temporal/transient';

// Sends one Update under one update ID, retried while Temporal answers "not now": Temporal applies
// an update ID at most once, so a retry (ours, or the client's with the same Idempotency-Key)
// never applies a change twice. An argument past the payload limits is refused before anything is
// sent; one that Temporal itself refuses as too large is refused for good, never retried.

/**
 * The Update ID of a request: from its Idempotency-Key, in a namespace of the caller's own (person
 * and action), so a client's key can never equal an ID the server derives (`calendar:…`) nor
 * another person's; the same key from the same person for the same action is the same ID (a retry
 * is applied once). Without a usable key, a fresh ID.
 */
export function updateIdFor(
  header: string | string[] | undefined,
  caller: { personId: string; action: string },
): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !/^[\w.:-]{8,128}$/.test(key)) return randomUUID();
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 32);
  return `client:${caller.personId}:${caller.action}:${digest}`;
}

/** Temporal's own refusal of a message over its size limit, in Vietnamese: nothing was applied. */
export function oversizedRefusal(updateName: string): UpdatePayloadTooLargeError {
  return new UpdatePayloadTooLargeError(
    `Dữ liệu gửi (${updateName}) vượt giới hạn kích thước của máy chủ Temporal, nên không được nhận; chưa có thay ` +
      'đổi nào được áp dụng, và gửi lại cũng không được. Cách sửa: chia danh sách thành nhiều tệp nhỏ hơn, bỏ các ' +
      'dòng trùng hoặc thừa, hoặc rút gọn các ô văn bản dài.',
  );
}

/**
 * One attempt at an Update whose argument the caller has checked: Temporal's refusal of an
 * oversized message becomes UpdatePayloadTooLargeError (permanent); every other error is as thrown.
 */
export async function deliverUpdate<Ret, Arg>(
  handle: WorkflowHandle,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  updateId?: string,
): Promise<Ret> {
  try {
    return await handle.executeUpdate(update, { ...(updateId && { updateId }), args: [arg] });
  } catch (error) {
    if (isOversizedMessage(error)) throw oversizedRefusal(update.name);
    throw error;
  }
}

/** An Update sent once, after the pre-send check: for scripts that send Updates themselves (the demo). */
export async function executeCheckedUpdate<Ret, Arg>(
  handle: WorkflowHandle,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  updateId?: string,
): Promise<Ret> {
  assertUpdatePayloadFits(update.name, arg);
  return deliverUpdate(handle, update, arg, updateId);
}

/**
 * Sends to the run dondoc started (`runId`), never to whatever run holds the workflow ID now: a run
 * that replaced it around the server is not reached, and one that ended answers "already completed".
 */
export async function sendUpdate<Ret, Arg>(
  client: Client,
  target: { workflowId: string; runId: string },
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  updateId: string,
  timeoutMs = 30_000,
): Promise<Ret> {
  // Before it is sent: Temporal would refuse an oversized payload, or end the workflow on one.
  assertUpdatePayloadFits(update.name, arg);
  const handle = client.workflow.getHandle(target.workflowId, target.runId);
  return retryTransient(() => deliverUpdate(handle, update, arg, updateId), { timeoutMs });
}

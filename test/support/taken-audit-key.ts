import { WorkflowUpdateFailedError } from '@temporalio/client';
import { auditKey } from '../../activities/transitions';
import type { Database } from '../../prisma/database';
import { eventually } from './eventually';

/**
 * Another record already holds the key an agency's event number `seq` is written under, so the
 * system of record refuses that event's record until `free()`.
 */
export function takeAuditKey(db: Database, workflowId: string, seq: number) {
  return takeAgencyAuditKey(db, workflowId, auditKey(workflowId, seq));
}

/** Another record of the agency of `workflowId` already holds audit key `key`, until `free()`. */
export async function takeAgencyAuditKey(db: Database, workflowId: string, key: string) {
  // The assignment's own record comes first (the workflow writes it as it starts).
  const assignment = await eventually(() => db.assignment.findUniqueOrThrow({ where: { workflowId } }));
  await db.auditEvent.create({
    data: {
      id: key,
      idempotencyKey: key,
      campaignId: assignment.campaignId,
      assignmentId: assignment.id,
      actor: 'khác',
      action: 'other',
      at: new Date(),
    },
  });
  return { free: () => db.auditEvent.delete({ where: { idempotencyKey: key } }) };
}

/** The Update failed because the system of record refused its record (the key held another row). */
export async function refusedByRecord(update: Promise<unknown>): Promise<void> {
  const refused = await update.catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(JSON.stringify((refused as WorkflowUpdateFailedError).cause)).toMatch(/IdempotencyConflict|idempotency key/i);
}

import { Prisma } from '../generated/prisma-sqlite/client';
import type { Database } from '../prisma/database';
import type { ActingPerson } from '../domain/actor-proof';
import { idempotencyConflict, recordDifferences } from './stored-record';

// Audit rows of commands that are not stage transitions (escalations by hand, support, the
// campaign's decisions). Transitions write their own rows in activities/transitions.ts.

export interface AuditEntry {
  /** Unique per command: a retried activity finds its row. */
  key: string;
  campaignId: string;
  assignmentId?: string;
  actor: string;
  /** The person who acted, from the actor proof the workflow verified. */
  person?: ActingPerson;
  action: string;
  payload?: Record<string, unknown>;
  at: string;
}

function auditData(entry: AuditEntry) {
  return {
    id: entry.key,
    idempotencyKey: entry.key,
    campaignId: entry.campaignId,
    assignmentId: entry.assignmentId ?? null,
    actor: entry.actor,
    personId: entry.person?.personId ?? null,
    personName: entry.person?.personName ?? null,
    action: entry.action,
    payload: (entry.payload ?? Prisma.JsonNull) as Prisma.InputJsonValue,
    at: new Date(entry.at),
  };
}

/** The row, in a transaction that a retry finds already written (a unique violation). */
export function auditRow(db: Database, entry: AuditEntry) {
  return db.auditEvent.create({ data: auditData(entry) });
}

/** The row, in a transaction that a retry runs again whole: the first row stays. */
export function auditRowOnce(db: Database, entry: AuditEntry) {
  return db.auditEvent.upsert({ where: { idempotencyKey: entry.key }, create: auditData(entry), update: {} });
}

/**
 * Refuses, before any write, a key that already holds another command's row: a retry finds its own
 * row (its time aside) and goes on; a different command under the same key is an error, not "done".
 */
export async function refuseOtherAuditRow(db: Database, entry: AuditEntry): Promise<void> {
  const stored = await db.auditEvent.findUnique({ where: { idempotencyKey: entry.key } });
  if (!stored) return;
  const found = recordDifferences('audit', stored, {
    campaignId: entry.campaignId,
    assignmentId: entry.assignmentId ?? null,
    actor: entry.actor,
    personId: entry.person?.personId ?? null,
    action: entry.action,
    payload: entry.payload ?? null,
  });
  if (found.length > 0) throw idempotencyConflict(found);
}

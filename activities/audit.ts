import { Prisma } from '../generated/prisma-sqlite/client';
import type { Database } from '../prisma/database';
import type { ActingPerson } from '../domain/actor-proof';
import { idempotencyConflict, recordDifferences } from './stored-record';

// Audit rows of every command: stage transitions (activities/transitions.ts), escalations by hand,
// support, the campaign's decisions.

export interface AuditEntry {
  /** Unique per command: a retried activity finds its row. */
  key: string;
  campaignId: string;
  assignmentId?: string;
  actor: string;
  /** The person who acted, from the actor proof the workflow verified. */
  person?: ActingPerson;
  action: string;
  /** Stages, for a row that records a stage transition. */
  fromStage?: string;
  toStage?: string;
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
    fromStage: entry.fromStage ?? null,
    toStage: entry.toStage ?? null,
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

/** How the row stored under `entry.key` differs from `entry` (its time aside: a retry may run later). */
async function storedDifferences(db: Database, entry: AuditEntry, missing: 'conflict' | 'free'): Promise<string[]> {
  const stored = await db.auditEvent.findUnique({ where: { idempotencyKey: entry.key } });
  if (!stored && missing === 'free') return [];
  return recordDifferences('audit', stored, {
    campaignId: entry.campaignId,
    assignmentId: entry.assignmentId ?? null,
    actor: entry.actor,
    personId: entry.person?.personId ?? null,
    action: entry.action,
    payload: entry.payload ?? null,
  });
}

/**
 * Refuses, before any write, a key that already holds another command's row: a retry finds its own
 * row and goes on; a different command under the same key is an error, not "done".
 */
export async function refuseOtherAuditRow(db: Database, entry: AuditEntry): Promise<void> {
  const found = await storedDifferences(db, entry, 'free');
  if (found.length > 0) throw idempotencyConflict(found);
}

/** After a unique violation: a retry finds its own row; another row, or none, is a conflict. */
export async function expectOwnAuditRow(db: Database, entry: AuditEntry): Promise<void> {
  const found = await storedDifferences(db, entry, 'conflict');
  if (found.length > 0) throw idempotencyConflict(found);
}

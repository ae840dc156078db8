import type { ActingPerson } from '../domain/actor-proof';
import { Prisma } from '../generated/prisma-sqlite/client';
import type { Database } from '../prisma/database';
import { auditRow } from './audit';
import { MISSED_DEADLINE_KINDS, type EscalationKind, type EscalationTarget } from '../domain/escalations';
import { isUniqueViolation } from '../shared/unique-violation';

export type { EscalationKind } from '../domain/escalations';

// Escalations are raised exactly once: the workflow derives a key per (agency, kind, deadline) and
// the unique index on idempotencyKey turns every retry into a no-op.

export interface EscalationRecord {
  key: string;
  campaignId: string;
  assignmentId?: string;
  kind: EscalationKind;
  target: EscalationTarget;
  deadline?: string;
  at: string;
  evidence?: Record<string, unknown>;
  /** Who raised it, for an escalation by hand: it gets an audit row with this actor. */
  actor?: string;
  /** The person who raised it by hand, from the verified actor proof. */
  person?: ActingPerson;
}

export function createEscalationActivities(db: Database) {
  return {
    /** Returns true when this call raised it, false when it was already raised. */
    async raiseEscalation(record: EscalationRecord): Promise<boolean> {
      const missedDeadline = MISSED_DEADLINE_KINDS.includes(record.kind) && record.assignmentId;
      try {
        await db.$transaction([
          db.escalation.create({
            data: {
              id: record.key,
              idempotencyKey: record.key,
              campaignId: record.campaignId,
              assignmentId: record.assignmentId ?? null,
              kind: record.kind,
              target: record.target,
              deadline: record.deadline ? new Date(record.deadline) : null,
              raisedAt: new Date(record.at),
              evidence: (record.evidence ?? Prisma.JsonNull) as Prisma.InputJsonValue,
            },
          }),
          // The agency is now overdue in the system of record too, not only in Temporal's visibility.
          ...(missedDeadline
            ? [db.assignment.update({ where: { id: record.assignmentId! }, data: { overdue: true } })]
            : []),
          ...(record.actor
            ? [
                auditRow(db, {
                  key: record.key,
                  campaignId: record.campaignId,
                  assignmentId: record.assignmentId,
                  actor: record.actor,
                  person: record.person,
                  action: 'escalate',
                  payload: { kind: record.kind, target: record.target, ...record.evidence },
                  at: record.at,
                }),
              ]
            : []),
        ]);
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    /** A late submission resolves the lateness escalation; the record itself stays. */
    async resolveEscalation(input: { key: string; at: string }): Promise<void> {
      await db.escalation.updateMany({
        where: { idempotencyKey: input.key, resolvedAt: null },
        data: { resolvedAt: new Date(input.at) },
      });
    },
  };
}

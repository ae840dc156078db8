import type { ActingPerson } from '../domain/actor-proof';
import type { Database } from '../prisma/database';
import { auditRow } from './audit';
import { isUniqueViolation } from '../shared/unique-violation';
import { idempotencyConflict, recordDifferences } from './stored-record';

// Support requests (a directive's call for help on what to list): an agency asks which documents to list; the reviewer or
// the Service Center answers. The request ID comes from the workflow, so retries write once. The
// question and the answer each leave an audit row with who asked or answered.

export interface SupportRequestRecord {
  id: string;
  campaignId: string;
  assignmentId: string;
  question: string;
  askedBy: string;
  /** The person who asked, from the verified actor proof. */
  person?: ActingPerson;
  at: string;
}

export function createSupportActivities(db: Database) {
  const auditDifferences = async (key: string, actor: string, action: string, payload: Record<string, unknown>) =>
    recordDifferences('audit', await db.auditEvent.findUnique({ where: { idempotencyKey: key } }), {
      actor,
      action,
      payload,
    });
  return {
    async recordSupportRequest(record: SupportRequestRecord): Promise<void> {
      try {
        await db.$transaction([
          db.supportRequest.create({
            data: {
              id: record.id,
              campaignId: record.campaignId,
              assignmentId: record.assignmentId,
              question: record.question,
              askedBy: record.askedBy,
              askedAt: new Date(record.at),
            },
          }),
          auditRow(db, {
            key: `${record.id}:asked`,
            campaignId: record.campaignId,
            assignmentId: record.assignmentId,
            actor: record.askedBy,
            person: record.person,
            action: 'support_request',
            payload: { requestId: record.id, question: record.question },
            at: record.at,
          }),
        ]);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // A retry finds its own request; another request under the same ID is a conflict.
        const found = [
          ...recordDifferences('supportRequest', await db.supportRequest.findUnique({ where: { id: record.id } }), {
            assignmentId: record.assignmentId,
            question: record.question,
            askedBy: record.askedBy,
          }),
          ...(await auditDifferences(`${record.id}:asked`, record.askedBy, 'support_request', {
            requestId: record.id,
            question: record.question,
          })),
        ];
        if (found.length > 0) throw idempotencyConflict(found);
      }
    },

    async recordSupportAnswer(input: {
      id: string;
      answer: string;
      answeredBy: string;
      person?: ActingPerson;
      at: string;
    }): Promise<void> {
      const request = await db.supportRequest.findUniqueOrThrow({
        where: { id: input.id },
        select: { campaignId: true, assignmentId: true },
      });
      try {
        await db.$transaction([
          db.supportRequest.update({
            where: { id: input.id },
            data: { answer: input.answer, answeredBy: input.answeredBy, answeredAt: new Date(input.at) },
          }),
          auditRow(db, {
            key: `${input.id}:answered`,
            ...request,
            actor: input.answeredBy,
            person: input.person,
            action: 'support_answer',
            payload: { requestId: input.id, answer: input.answer },
            at: input.at,
          }),
        ]);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // A retry: answered and audited already, unless another answer holds the key.
        const found = await auditDifferences(`${input.id}:answered`, input.answeredBy, 'support_answer', {
          requestId: input.id,
          answer: input.answer,
        });
        if (found.length > 0) throw idempotencyConflict(found);
      }
    },
  };
}

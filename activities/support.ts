import type { ActingPerson } from '../domain/actor-proof';
import type { Database } from '../prisma/database';
import { auditRow, expectOwnAuditRow, type AuditEntry } from './audit';
import { isUniqueViolation } from '../shared/unique-violation';

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
  return {
    async recordSupportRequest(record: SupportRequestRecord): Promise<void> {
      const audit: AuditEntry = {
        key: `${record.id}:asked`,
        campaignId: record.campaignId,
        assignmentId: record.assignmentId,
        actor: record.askedBy,
        person: record.person,
        action: 'support_request',
        payload: { requestId: record.id, question: record.question },
        at: record.at,
      };
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
          auditRow(db, audit),
        ]);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // The request and its row are written together: a retry finds its own row, nothing else.
        await expectOwnAuditRow(db, audit);
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
      const audit: AuditEntry = {
        key: `${input.id}:answered`,
        ...request,
        actor: input.answeredBy,
        person: input.person,
        action: 'support_answer',
        payload: { requestId: input.id, answer: input.answer },
        at: input.at,
      };
      try {
        await db.$transaction([
          db.supportRequest.update({
            where: { id: input.id },
            data: { answer: input.answer, answeredBy: input.answeredBy, answeredAt: new Date(input.at) },
          }),
          auditRow(db, audit),
        ]);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // A retry: answered and audited already, unless another answer holds the key.
        await expectOwnAuditRow(db, audit);
      }
    },
  };
}

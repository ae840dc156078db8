import type { Database } from '../prisma/database';
import { isUniqueViolation } from './unique-violation';

// Support requests (point 2 of letter 751): an agency asks which documents to list; the reviewer or
// the Service Center answers. The request ID comes from the workflow, so retries write once.

export interface SupportRequestRecord {
  id: string;
  campaignId: string;
  assignmentId: string;
  question: string;
  askedBy: string;
  at: string;
}

export function createSupportActivities(db: Database) {
  return {
    async recordSupportRequest(record: SupportRequestRecord): Promise<void> {
      try {
        await db.supportRequest.create({
          data: {
            id: record.id,
            campaignId: record.campaignId,
            assignmentId: record.assignmentId,
            question: record.question,
            askedBy: record.askedBy,
            askedAt: new Date(record.at),
          },
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    },

    async recordSupportAnswer(input: { id: string; answer: string; answeredBy: string; at: string }): Promise<void> {
      await db.supportRequest.update({
        where: { id: input.id },
        data: { answer: input.answer, answeredBy: input.answeredBy, answeredAt: new Date(input.at) },
      });
    },
  };
}

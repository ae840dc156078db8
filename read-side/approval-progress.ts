import type { Database } from '../prisma/database';
import { STAGES, STAGE_LABELS, type Stage } from '../domain/stages';

// What the Chairman sees before the catalogue exists: how many agencies are at each stage and how
// many are past their deadline, at the campaign's own instant (a rehearsal's compressed clock too).

export interface ApprovalProgress {
  at: Date;
  total: number;
  stages: { stage: Stage; label: string; count: number }[];
  /** Still to send (or send again) a list past their deadline. */
  late: number;
}

const WAITING_FOR_AGENCY: readonly Stage[] = ['assigned', 'returned'];

export async function approvalProgress(db: Database, campaignId: string, now: Date): Promise<ApprovalProgress> {
  const [groups, lateAssigned, lateReturned] = await Promise.all([
    db.assignment.groupBy({ by: ['stage'], where: { campaignId }, _count: { _all: true } }),
    db.assignment.count({
      where: { campaignId, stage: WAITING_FOR_AGENCY[0], submissionDeadline: { lt: now } },
    }),
    db.assignment.count({
      where: { campaignId, stage: WAITING_FOR_AGENCY[1], resubmissionDeadline: { lt: now } },
    }),
  ]);
  const counts = new Map(groups.map((g) => [g.stage, g._count._all]));
  return {
    at: now,
    total: groups.reduce((sum, g) => sum + g._count._all, 0),
    stages: STAGES.filter((stage) => counts.has(stage)).map((stage) => ({
      stage,
      label: STAGE_LABELS[stage],
      count: counts.get(stage)!,
    })),
    late: lateAssigned + lateReturned,
  };
}

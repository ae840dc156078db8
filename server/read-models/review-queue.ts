import type { Database } from '../../prisma/database';
import { IN_REVIEW_STAGES, STAGE_LABELS, type Stage } from '../../domain/stages';
import type { DeadlineStatus } from '../../domain/deadline-status';
import { loadCampaignFacts } from '../../reporting/late-rule';
import { loadCampaignRow } from '../campaign-roles';

// The reviewer's queue: every list waiting for review, the most urgent review deadline first.

export interface QueueEntry {
  code: string;
  name: string;
  stage: Stage;
  stageLabel: string;
  version: number;
  returnCount: number;
  submittedAt: Date | null;
  reviewDeadline: Date | null;
  /** Late by the one rule (domain/lateness.ts): here, the review itself is late. */
  late: boolean;
  /** The colour status of the review deadline (domain/deadline-status.ts). */
  status: DeadlineStatus | null;
}

export async function reviewQueue(db: Database, campaignId: string, at: Date): Promise<QueueEntry[]> {
  const campaign = await loadCampaignRow(db, campaignId);
  const waiting = await db.assignment.findMany({
    where: { campaignId, stage: { in: [...IN_REVIEW_STAGES] } },
    select: {
      id: true,
      agencyCode: true,
      stage: true,
      overdue: true,
      returnCount: true,
      currentVersion: true,
      submissionDeadline: true,
      resubmissionDeadline: true,
      reviewDeadline: true,
    },
  });
  const codes = waiting.map((a) => a.agencyCode);
  const [agencies, submissions, facts] = await Promise.all([
    db.agency.findMany({ where: { campaignId, code: { in: codes } }, select: { code: true, name: true } }),
    db.submission.groupBy({
      by: ['assignmentId'],
      where: { assignmentId: { in: waiting.map((a) => a.id) } },
      _max: { submittedAt: true },
    }),
    loadCampaignFacts(db, campaign, at),
  ]);
  const names = new Map(agencies.map((a) => [a.code, a.name]));
  const submittedAt = new Map(submissions.map((s) => [s.assignmentId, s._max.submittedAt]));
  const never = Number.MAX_SAFE_INTEGER;
  return waiting
    .map((a) => ({
      code: a.agencyCode,
      name: names.get(a.agencyCode) ?? a.agencyCode,
      stage: a.stage as Stage,
      stageLabel: STAGE_LABELS[a.stage as Stage] ?? a.stage,
      version: a.currentVersion,
      returnCount: a.returnCount,
      submittedAt: submittedAt.get(a.id) ?? null,
      reviewDeadline: a.reviewDeadline,
      late: facts.isLate(a),
      status: facts.statusOf(a, submittedAt.get(a.id) ?? null),
    }))
    .sort(
      (x, y) =>
        (x.reviewDeadline?.getTime() ?? never) - (y.reviewDeadline?.getTime() ?? never) || x.code.localeCompare(y.code),
    );
}

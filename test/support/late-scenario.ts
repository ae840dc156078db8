import type { Database } from '../../prisma/database';
import { buildCampaignReport } from '../../reporting/build';

// Six agencies on Monday 11/03/2024 10:00 (Vietnam), where the earlier copies of "late" disagreed.

const vn = (local: string) => new Date(`${local}+07:00`);
export const LATE_AT = vn('2024-03-11T10:00:00');

export interface LateSeed {
  code: string;
  stage: string;
  submissionDeadline: Date;
  resubmissionDeadline?: Date;
  reviewDeadline?: Date;
  overdue?: boolean;
  openEscalation?: { kind: string; target: string; deadline?: Date };
  /** What the one rule says. */
  late: boolean;
}

export const LATE_SCENARIO: LateSeed[] = [
  // Due Saturday 09/03: the period ends at 24:00 on Monday 11/03, so not late yet (the CLI said late).
  { code: 'weekend', stage: 'assigned', submissionDeadline: vn('2024-03-09T23:59:59'), late: false },
  // The review was due Friday 08/03; the workflow has not written its flag yet (the report said on time).
  {
    code: 'review-lag',
    stage: 'submitted',
    submissionDeadline: vn('2024-03-04T23:59:59'),
    reviewDeadline: vn('2024-03-08T23:59:59'),
    late: true,
  },
  // Accepted after a late review: nothing runs any more (the report still listed it as late).
  {
    code: 'accepted',
    stage: 'accepted',
    submissionDeadline: vn('2024-03-04T23:59:59'),
    openEscalation: { kind: 'review_overdue', target: 'reviewer' },
    late: false,
  },
  // Returned, resubmission due Thursday 07/03, escalated by the workflow: late for everyone.
  {
    code: 'flagged',
    stage: 'returned',
    submissionDeadline: vn('2024-03-04T23:59:59'),
    resubmissionDeadline: vn('2024-03-07T23:59:59'),
    overdue: true,
    openEscalation: { kind: 'resubmission_overdue', target: 'agency', deadline: vn('2024-03-07T23:59:59') },
    late: true,
  },
  // Escalated on 04/03, then given until 15/03: the open escalation is about the old deadline (the
  // report said late).
  {
    code: 'extended',
    stage: 'assigned',
    submissionDeadline: vn('2024-03-15T23:59:59'),
    openEscalation: { kind: 'submission_overdue', target: 'agency', deadline: vn('2024-03-04T23:59:59') },
    late: false,
  },
  { code: 'on-time', stage: 'assigned', submissionDeadline: vn('2024-03-15T23:59:59'), late: false },
];

export async function seedLateScenario(db: Database, campaignId: string): Promise<void> {
  await db.campaign.create({
    data: {
      id: campaignId,
      directiveNumber: '1/TEST',
      directiveDate: vn('2024-02-07T00:00:00'),
      title: 'Đối chiếu quá hạn',
      submissionDeadline: vn('2024-03-04T23:59:59'),
      reviewer: 'Sở Thẩm định',
    },
  });
  for (const a of LATE_SCENARIO) {
    const code = `${campaignId}-${a.code}`;
    const assignmentId = `${campaignId}/${code}`;
    await db.agency.create({ data: { campaignId, code, name: `Cơ quan ${a.code}`, kind: 'department' } });
    await db.assignment.create({
      data: {
        id: assignmentId,
        campaignId,
        agencyCode: code,
        workflowId: `campaign:${campaignId}:agency:${code}`,
        stage: a.stage,
        overdue: a.overdue ?? false,
        submissionDeadline: a.submissionDeadline,
        resubmissionDeadline: a.resubmissionDeadline ?? null,
        reviewDeadline: a.reviewDeadline ?? null,
      },
    });
    if (a.openEscalation) {
      const key = `${assignmentId}:${a.openEscalation.kind}`;
      await db.escalation.create({
        data: {
          id: key,
          idempotencyKey: key,
          campaignId,
          assignmentId,
          kind: a.openEscalation.kind,
          target: a.openEscalation.target,
          deadline: a.openEscalation.deadline ?? null,
          raisedAt: vn('2024-03-09T00:00:00'),
        },
      });
    }
  }
}

/** The scenario's codes (without the campaign prefix) on the report's list for the Chairman, as late. */
export async function reportLateCodes(db: Database, campaignId: string): Promise<string[]> {
  const report = await buildCampaignReport({ db, campaignId, at: LATE_AT });
  return report.attention.filter((a) => a.late).map((a) => a.code.slice(campaignId.length + 1));
}

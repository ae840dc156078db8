import { Prisma } from '../../generated/prisma-sqlite/client';
import type { Database } from '../../prisma/database';

// A known campaign written straight into the database for the reporting job: eleven agencies, one
// in every stage, a hostile name, a free-text kind, late and perfunctory agencies, escalations
// open and resolved, submissions, decisions and the audit trail. Report instant: Thu 07/03/2024 07:30.

/** Local time in Vietnam: vn('2024-02-20T09:00'). */
export const vn = (local: string) => new Date(`${local}:00+07:00`);
export const endOf = (day: string) => new Date(`${day}T23:59:59+07:00`);

export const REPORT_AT = vn('2024-03-07T07:30');
export const HOSTILE_NAME = '<script>alert(1)</script> UBND xã "Hành" & <b>Đức</b>';
export const FORMULA_NAME = '=HYPERLINK("http://evil.invalid","UBND xã Nghĩa Hà")';

interface AgencySeed {
  n: number;
  name: string;
  kind: string;
  stage: string;
  submissionDeadline?: Date;
  resubmissionDeadline?: Date;
  reviewDeadline?: Date;
  returnCount?: number;
  overdue?: boolean;
  stageReason?: string;
  /** Submission instants, version 1 first; each gets a 'submit' audit event. */
  submits?: Date[];
  returns?: Date[];
  accept?: Date;
  escalations?: { kind: string; target?: string; deadline?: Date; raisedAt: Date; resolvedAt?: Date }[];
}

const DEADLINE = endOf('2024-03-04');

export const AGENCIES: AgencySeed[] = [
  {
    n: 1,
    name: 'Sở Tư pháp',
    kind: 'department',
    stage: 'approved',
    submits: [vn('2024-02-20T09:00')],
    accept: vn('2024-02-22T10:00'),
  },
  {
    n: 2,
    name: 'Sở Nội vụ',
    kind: 'department',
    stage: 'accepted',
    returnCount: 2,
    resubmissionDeadline: endOf('2024-03-05'),
    submits: [vn('2024-02-19T09:00'), vn('2024-02-26T09:00'), vn('2024-03-01T09:00')],
    returns: [vn('2024-02-21T15:00'), vn('2024-02-27T15:00')],
    accept: vn('2024-03-04T10:00'),
    escalations: [{ kind: 'perfunctory', raisedAt: vn('2024-02-27T15:00') }],
  },
  {
    n: 3,
    name: HOSTILE_NAME,
    kind: 'commune',
    stage: 'assigned',
    overdue: true,
    escalations: [{ kind: 'submission_overdue', deadline: DEADLINE, raisedAt: endOf('2024-03-04') }],
  },
  {
    n: 4,
    name: 'Công an tỉnh',
    kind: 'police',
    stage: 'submitted',
    reviewDeadline: endOf('2024-03-13'),
    submits: [vn('2024-03-06T14:00')],
    escalations: [
      {
        kind: 'submission_overdue',
        deadline: DEADLINE,
        raisedAt: endOf('2024-03-04'),
        resolvedAt: vn('2024-03-06T14:00'),
      },
    ],
  },
  {
    n: 5,
    name: 'UBND huyện Bình Sơn',
    kind: 'district',
    stage: 'returned',
    returnCount: 1,
    overdue: true,
    resubmissionDeadline: endOf('2024-03-06'),
    stageReason: 'Thiếu căn cứ pháp lý',
    submits: [vn('2024-02-26T09:00')],
    returns: [vn('2024-02-28T09:00')],
    escalations: [{ kind: 'resubmission_overdue', deadline: endOf('2024-03-06'), raisedAt: endOf('2024-03-06') }],
  },
  {
    n: 6,
    name: 'UBND huyện Lý Sơn',
    kind: 'district',
    stage: 'resubmitted',
    returnCount: 1,
    overdue: true,
    resubmissionDeadline: endOf('2024-03-01'),
    reviewDeadline: endOf('2024-03-05'),
    submits: [vn('2024-02-28T09:00'), vn('2024-03-04T09:00')],
    returns: [vn('2024-02-29T09:00')],
    escalations: [
      { kind: 'review_overdue', target: 'reviewer', deadline: endOf('2024-03-05'), raisedAt: endOf('2024-03-05') },
    ],
  },
  {
    n: 7,
    name: 'Ban Quản lý Khu Kinh tế Dung Quất và các Khu Công nghiệp Quảng Ngãi',
    kind: 'ban-quan-ly',
    stage: 'returned',
    returnCount: 1,
    stageReason: 'Kết quả rà soát trước chưa đạt yêu cầu',
  },
  {
    // Deadline inside Tết 2024 (08–14/02 off): it moves to 15/02, so a list on 16/02 is 1 working day late.
    n: 8,
    name: 'Thanh tra tỉnh',
    kind: 'department',
    stage: 'accepted',
    submissionDeadline: endOf('2024-02-08'),
    submits: [vn('2024-02-16T09:00')],
    accept: vn('2024-02-20T09:00'),
    escalations: [
      {
        kind: 'submission_overdue',
        deadline: endOf('2024-02-08'),
        raisedAt: endOf('2024-02-15'),
        resolvedAt: vn('2024-02-16T09:00'),
      },
    ],
  },
  { n: 9, name: 'UBND xã Bình Thạnh', kind: 'commune', stage: 'withdrawn', stageReason: 'Sáp nhập đơn vị hành chính' },
  {
    n: 10,
    name: FORMULA_NAME,
    kind: 'commune',
    stage: 'consolidated',
    returnCount: 2,
    resubmissionDeadline: endOf('2024-03-04'),
    submits: [vn('2024-02-21T09:00'), vn('2024-02-22T09:00'), vn('2024-02-23T09:00')],
    returns: [vn('2024-02-21T16:00'), vn('2024-02-22T16:00')],
    accept: vn('2024-02-27T09:00'),
  },
  { n: 11, name: 'Sở Y tế', kind: 'department', stage: 'assigned' },
];

/** What the report must say about the scenario (see the comments in AGENCIES). */
export const EXPECTED = {
  stages: {
    assigned: 2,
    submitted: 1,
    returned: 2,
    resubmitted: 1,
    accepted: 2,
    consolidated: 1,
    approved: 1,
    withdrawn: 1,
  },
  kinds: { department: 4, police: 1, district: 2, commune: 3, other: 1 },
  daysLate: { 1: 0, 2: 0, 3: 3, 4: 2, 5: 1, 6: 1, 7: 3, 8: 1, 9: null, 10: 0, 11: 3 } as Record<number, number | null>,
  /** In the report's order: longest lateness first, then most returns, then code. */
  attention: [7, 3, 11, 5, 6, 2, 10],
  late: [3, 5, 6, 7, 11],
  perfunctory: [2, 10],
  progressEnd: { submitted: 7, accepted: 4 },
};

export const agencyCode = (campaignId: string, n: number) => `${campaignId}.${String(n).padStart(2, '0')}.H48`;

export async function seedReportScenario(db: Database, campaignId: string): Promise<void> {
  await db.campaign.create({
    data: {
      id: campaignId,
      directiveNumber: '751/UBND-TTHC',
      directiveDate: vn('2024-02-07T00:00'),
      title: 'Rà soát, lập danh sách giấy tờ cần số hóa',
      submissionDeadline: DEADLINE,
      approvalDeadline: endOf('2024-03-14'),
      reviewer: 'Sở Thông tin và Truyền thông',
    },
  });
  for (const a of AGENCIES) {
    const code = agencyCode(campaignId, a.n);
    const assignmentId = `${campaignId}/${code}`;
    const workflowId = `campaign:${campaignId}:agency:${code}`;
    const submits = a.submits ?? [];
    await db.agency.create({ data: { campaignId, code, name: a.name, kind: a.kind } });
    await db.assignment.create({
      data: {
        id: assignmentId,
        campaignId,
        agencyCode: code,
        workflowId,
        stage: a.stage,
        stageReason: a.stageReason ?? null,
        reviewer: 'so-tttt',
        overdue: a.overdue ?? false,
        submissionDeadline: a.submissionDeadline ?? DEADLINE,
        resubmissionDeadline: a.resubmissionDeadline ?? null,
        reviewDeadline: a.reviewDeadline ?? null,
        returnCount: a.returnCount ?? 0,
        currentVersion: submits.length,
      },
    });
    let seq = 0;
    const audit = (action: string, at: Date, fromStage: string | null, toStage: string) => {
      const key = `${workflowId}:${seq++}`;
      return db.auditEvent.create({
        data: { id: key, idempotencyKey: key, campaignId, assignmentId, actor: 'seed', action, fromStage, toStage, at },
      });
    };
    await audit('assign', vn('2024-02-07T10:00'), null, a.stage === 'returned' && !a.submits ? 'returned' : 'assigned');
    for (const [i, at] of submits.entries()) {
      const id = `${assignmentId}#v${i + 1}`;
      await db.submission.create({
        data: { id, assignmentId, version: i + 1, content: { rows: [] }, submittedBy: code, submittedAt: at },
      });
      await audit('submit', at, i === 0 ? 'assigned' : 'returned', i === 0 ? 'submitted' : 'resubmitted');
      const returned = a.returns?.[i];
      if (returned) {
        await db.reviewDecision.create({
          data: {
            id: `${id}:decision`,
            assignmentId,
            submissionId: id,
            decision: 'returned',
            reasons: { overall: 'Chưa đạt' },
            reviewer: 'so-tttt',
            decidedAt: returned,
          },
        });
        await audit('return', returned, 'submitted', 'returned');
      } else if (a.accept && i === submits.length - 1) {
        await db.reviewDecision.create({
          data: {
            id: `${id}:decision`,
            assignmentId,
            submissionId: id,
            decision: 'accepted',
            reasons: Prisma.JsonNull,
            reviewer: 'so-tttt',
            decidedAt: a.accept,
          },
        });
        await audit('accept', a.accept, 'submitted', 'accepted');
      }
    }
    for (const [i, e] of (a.escalations ?? []).entries()) {
      const key = `${workflowId}:${e.kind}:${i}`;
      await db.escalation.create({
        data: {
          id: key,
          idempotencyKey: key,
          campaignId,
          assignmentId,
          kind: e.kind,
          target: e.target ?? 'agency',
          deadline: e.deadline ?? null,
          raisedAt: e.raisedAt,
          resolvedAt: e.resolvedAt ?? null,
        },
      });
    }
  }
}

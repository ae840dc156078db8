import type { Prisma } from '../generated/prisma-sqlite/client';
import type { Database } from '../prisma/database';
import { AGENCY_KINDS } from '../domain/agency-input';
import { agencyListSchema, DOCUMENT_KINDS, type AgencyList } from '../domain/agency-list';
import { mergeLists } from '../domain/catalogue';
import { ACCEPTED_STAGES, STAGES, inStages } from '../domain/stages';

// A campaign of n agencies as the reporting job meets it mid-campaign: every stage, submissions
// (with a small list each, valid by the list schema the pages read it with), decisions,
// escalations and the audit trail, written in bulk; with `catalogue`, the accepted lists merged
// into the catalogue as consolidation would write it.

const DAY = 86_400_000;
const START = Date.parse('2024-02-07T10:00:00+07:00');
const DEADLINE = new Date('2024-03-04T23:59:59+07:00');
const PROCEDURES = 600;

/** Agency i's list, version v: three procedures out of a shared pool, each with two or three documents. */
function seededList(i: number, v: number): AgencyList {
  return agencyListSchema.parse({
    procedures: Array.from({ length: 3 }, (_, p) => {
      const n = (i * 7 + p * 211) % PROCEDURES;
      return {
        code: `1.${String(2400 + n).padStart(6, '0')}`,
        name: `Thủ tục hành chính số ${n + 1}`,
        documents: Array.from({ length: 2 + ((i + p) % 2) }, (_, d) => ({
          name: `Giấy tờ ${d + 1} của thủ tục ${n + 1}${v > 1 && d === 0 ? ' (bản sửa)' : ''}`,
          kind: DOCUMENT_KINDS[d % DOCUMENT_KINDS.length]!,
          ...(d === 1 && { basis: `Nghị định ${(n % 90) + 10}/2023/NĐ-CP` }),
        })),
      };
    }),
  });
}

async function insert<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await write(rows.slice(i, i + 500));
}

export async function seedCampaign(
  db: Database,
  campaignId: string,
  n: number,
  options: { catalogue?: boolean } = {},
): Promise<void> {
  await db.campaign.create({
    data: {
      id: campaignId,
      directiveNumber: '100/UBND-BENCH',
      directiveDate: new Date('2024-02-07T00:00:00+07:00'),
      title: 'Rà soát, lập danh sách giấy tờ cần số hóa',
      submissionDeadline: DEADLINE,
    },
  });
  const agencies: Prisma.AgencyCreateManyInput[] = [];
  const assignments: Prisma.AssignmentCreateManyInput[] = [];
  const submissions: Prisma.SubmissionCreateManyInput[] = [];
  const decisions: Prisma.ReviewDecisionCreateManyInput[] = [];
  const escalations: Prisma.EscalationCreateManyInput[] = [];
  const audit: Prisma.AuditEventCreateManyInput[] = [];
  const accepted: { agencyCode: string; list: AgencyList }[] = [];

  for (let i = 0; i < n; i++) {
    const code = `${campaignId}.${String(i).padStart(5, '0')}.H48`;
    const id = `${campaignId}/${code}`;
    const workflowId = `campaign:${campaignId}:agency:${code}`;
    const stage = STAGES[i % STAGES.length]!;
    const returned = stage === 'returned' || stage === 'resubmitted' || i % 11 === 0;
    const versions =
      stage === 'assigned' || (stage === 'withdrawn' && i % 2 === 0) ? 0 : stage === 'returned' ? 1 : returned ? 2 : 1;
    agencies.push({ campaignId, code, name: `UBND xã số ${i} <${i}>`, kind: AGENCY_KINDS[i % AGENCY_KINDS.length]! });
    assignments.push({
      id,
      campaignId,
      agencyCode: code,
      workflowId,
      stage,
      overdue: stage === 'assigned' && i % 3 === 0,
      submissionDeadline: DEADLINE,
      resubmissionDeadline: returned ? new Date(DEADLINE.getTime() + 2 * DAY) : null,
      reviewDeadline:
        stage === 'submitted' || stage === 'resubmitted' ? new Date(START + ((i % 30) + versions * 3 + 7) * DAY) : null,
      returnCount: returned ? 1 + (i % 3 === 0 ? 1 : 0) : 0,
      currentVersion: versions,
    });
    let seq = 0;
    const event = (action: string, at: number) => {
      const key = `${workflowId}:${seq++}`;
      audit.push({
        id: key,
        idempotencyKey: key,
        campaignId,
        assignmentId: id,
        actor: 'bench',
        action,
        at: new Date(at),
      });
    };
    event('assign', START);
    for (let v = 1; v <= versions; v++) {
      const at = START + ((i % 30) + v * 3) * DAY;
      const submissionId = `${id}#v${v}`;
      submissions.push({
        id: submissionId,
        assignmentId: id,
        version: v,
        content: seededList(i, v),
        submittedBy: code,
        submittedAt: new Date(at),
      });
      event('submit', at);
      const last = v === versions;
      if (!last || stage === 'returned') {
        decisions.push({
          id: `${submissionId}:decision`,
          assignmentId: id,
          submissionId,
          decision: 'returned',
          reviewer: 'so-tttt',
          decidedAt: new Date(at + DAY),
        });
        event('return', at + DAY);
      } else if (inStages(ACCEPTED_STAGES, stage)) {
        decisions.push({
          id: `${submissionId}:decision`,
          assignmentId: id,
          submissionId,
          decision: 'accepted',
          reviewer: 'so-tttt',
          decidedAt: new Date(at + DAY),
        });
        event('accept', at + DAY);
        accepted.push({ agencyCode: code, list: seededList(i, v) });
      }
    }
    if (i % 4 === 0) {
      const key = `${workflowId}:submission_overdue`;
      escalations.push({
        id: key,
        idempotencyKey: key,
        campaignId,
        assignmentId: id,
        kind: 'submission_overdue',
        deadline: DEADLINE,
        raisedAt: DEADLINE,
        resolvedAt: versions > 0 ? new Date(DEADLINE.getTime() + DAY) : null,
      });
    }
  }
  await insert(agencies, (data) => db.agency.createMany({ data }));
  await insert(assignments, (data) => db.assignment.createMany({ data }));
  await insert(submissions, (data) => db.submission.createMany({ data }));
  await insert(decisions, (data) => db.reviewDecision.createMany({ data }));
  await insert(escalations, (data) => db.escalation.createMany({ data }));
  await insert(audit, (data) => db.auditEvent.createMany({ data }));
  if (options.catalogue) {
    const rows = mergeLists(accepted).map((row) => ({
      id: `${campaignId}|${row.procedureCode}|${row.documentKey}`,
      campaignId,
      ...row,
    }));
    await insert(rows, (data) => db.catalogueEntry.createMany({ data }));
  }
}

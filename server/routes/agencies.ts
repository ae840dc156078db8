import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { AGENCY_UPDATES } from '../../workflows/agency/actions';
import type { RouteContext, TypedApp } from '../http/app';
import { authorize } from '../identity/principal';
import { agencyParams as params, findAssignment } from './resources';
import { registerUpdateRoutes } from './update-routes';

// One agency's actions and reads. The agency in the URL is checked against the person's grants
// before anything is read, so changing an ID in a URL reaches nothing (403, the same for an agency
// that exists and one that does not).

const tags = ['Cơ quan'];
const base = '/api/v1/campaigns/:campaignId/agencies/:agencyCode';

export function registerAgencyRoutes(app: TypedApp, context: RouteContext): void {
  const { db } = context;

  registerUpdateRoutes(app, context, 'agency', AGENCY_UPDATES, tags);

  app.get(
    base,
    {
      schema: {
        summary: 'Tình trạng của một cơ quan: giai đoạn, thời hạn, các lần nộp, quyết định, hỗ trợ, ai đã làm gì.',
        tags,
        params,
      },
    },
    async (request) => {
      const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
      await authorize(db, request, 'status', scope);
      const row = await findAssignment(db, scope.campaignId, scope.agencyCode);
      const [submissions, decisions, supportRequests, audit] = await Promise.all([
        db.submission.findMany({ where: { assignmentId: row.id }, orderBy: { version: 'asc' } }),
        db.reviewDecision.findMany({ where: { assignmentId: row.id }, orderBy: { decidedAt: 'asc' } }),
        db.supportRequest.findMany({ where: { assignmentId: row.id }, orderBy: { askedAt: 'asc' } }),
        db.auditEvent.findMany({ where: { assignmentId: row.id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
      ]);
      return {
        campaignId: row.campaignId,
        agency: { code: row.agency.code, name: row.agency.name, kind: row.agency.kind },
        workflowId: agencyWorkflowId(row.campaignId, row.agencyCode),
        stage: row.stage,
        stageReason: row.stageReason,
        overdue: row.overdue,
        returnCount: row.returnCount,
        version: row.currentVersion,
        deadlines: {
          submission: row.submissionDeadline.toISOString(),
          resubmission: row.resubmissionDeadline?.toISOString(),
          review: row.reviewDeadline?.toISOString(),
        },
        submissions: submissions.map((s) => ({
          version: s.version,
          submittedAt: s.submittedAt.toISOString(),
          submittedBy: s.submittedBy,
          source: s.source,
          content: s.content,
          findings: s.findings,
        })),
        decisions: decisions.map((d) => ({
          decision: d.decision,
          reasons: d.reasons,
          reviewer: d.reviewer,
          decidedAt: d.decidedAt.toISOString(),
        })),
        supportRequests: supportRequests.map((r) => ({
          id: r.id,
          question: r.question,
          askedBy: r.askedBy,
          askedAt: r.askedAt.toISOString(),
          answer: r.answer,
          answeredBy: r.answeredBy,
          answeredAt: r.answeredAt?.toISOString(),
        })),
        // Who did what, as the workflow recorded it: the role's name and the person its proof named.
        history: audit.map((e) => ({
          at: e.at.toISOString(),
          action: e.action,
          actor: e.actor,
          personId: e.personId,
          personName: e.personName,
          fromStage: e.fromStage,
          toStage: e.toStage,
        })),
      };
    },
  );
}

import { z } from 'zod';
import { agencyWorkflowId, assignmentId } from '../../temporal/workflow-ids';
import type { Action } from '../../domain/access';
import {
  acceptListInputSchema,
  acceptListUpdate,
  answerSupportUpdate,
  escalateInputSchema,
  escalateUpdate,
  extendDeadlineInputSchema,
  extendDeadlineUpdate,
  remindNowInputSchema,
  remindNowUpdate,
  requestSupportUpdate,
  returnListInputSchema,
  returnListUpdate,
  submitListInputSchema,
  submitListUpdate,
  supportAnswerInputSchema,
  supportRequestInputSchema,
  withdrawInputSchema,
  withdrawUpdate,
} from '../../workflows/agency/messages';
import {
  resumeDeadlineInputSchema,
  resumeDeadlineUpdate,
  suspendDeadlineInputSchema,
  suspendDeadlineUpdate,
} from '../../workflows/agency/suspension-messages';
import { actByUpdate } from '../act';
import type { RouteContext, TypedApp } from '../http/app';
import { BODY_LIMITS } from '../http/request-bounds';
import { notFound } from '../../shared/http-errors';
import { authorize } from '../identity/principal';

// One agency's actions and reads. The agency in the URL is checked against the person's grants
// before anything is read, so changing an ID in a URL reaches nothing (403, the same for an agency
// that exists and one that does not).

const params = z.object({
  campaignId: z.string().min(1, 'Thiếu mã chiến dịch (campaignId).'),
  agencyCode: z.string().min(1, 'Thiếu mã cơ quan (agencyCode).'),
});
const tags = ['Cơ quan'];
const base = '/api/v1/campaigns/:campaignId/agencies/:agencyCode';

export function registerAgencyRoutes(app: TypedApp, context: RouteContext): void {
  const { db } = context;

  async function assignmentOf(campaignId: string, agencyCode: string) {
    const row = await db.assignment.findUnique({
      where: { id: assignmentId(campaignId, agencyCode) },
      include: { agency: true },
    });
    if (!row)
      throw notFound(`Chiến dịch ${campaignId} không có cơ quan ${agencyCode} (hoặc workflow của cơ quan chưa chạy).`);
    return row;
  }

  /** Registers one agency action that is one Update; the body is the Update's own schema without the actor. */
  function action<S extends z.ZodObject, Ret>(
    path: string,
    name: Action,
    summary: string,
    body: S,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    update: any,
    extra: (input: z.output<S>) => Record<string, unknown> = (input) => input as Record<string, unknown>,
  ) {
    // A list sent as JSON may pass the Update's own bound, which then names its size; other actions are small.
    const bodyLimit = name === 'submit' ? BODY_LIMITS.list : BODY_LIMITS.action;
    app.post(`${base}${path}`, { bodyLimit, schema: { summary, tags, params, body } }, async (request) => {
      const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
      await authorize(db, request, name, scope);
      const assignment = await assignmentOf(scope.campaignId, scope.agencyCode);
      return (await actByUpdate(context, request, name, scope, assignment.workflowId, update, (acting) => ({
        ...extra(request.body as z.output<S>),
        by: acting.by,
      }))) as Ret;
    });
  }

  action(
    '/submissions',
    'submit',
    'Nộp (hoặc nộp lại) danh sách giấy tờ cần số hóa.',
    submitListInputSchema.omit({ by: true }),
    submitListUpdate,
  );
  action(
    '/return',
    'returnList',
    'Trả lại danh sách, kèm lý do chung và lý do từng dòng.',
    returnListInputSchema.omit({ by: true }),
    returnListUpdate,
  );
  action(
    '/accept',
    'acceptList',
    'Chấp nhận danh sách đang chờ thẩm định.',
    acceptListInputSchema.omit({ by: true }),
    acceptListUpdate,
  );
  action(
    '/extend',
    'extendDeadline',
    'Gia hạn một thời hạn của cơ quan.',
    extendDeadlineInputSchema.omit({ by: true }),
    extendDeadlineUpdate,
  );
  action(
    '/remind',
    'remind',
    'Nhắc việc ngay (ngoài lịch nhắc tự động).',
    remindNowInputSchema.omit({ by: true }),
    remindNowUpdate,
  );
  action(
    '/withdraw',
    'withdraw',
    'Rút cơ quan khỏi chiến dịch.',
    withdrawInputSchema.omit({ by: true }),
    withdrawUpdate,
  );
  action(
    '/escalate',
    'escalate',
    'Báo cáo cơ quan lên Văn phòng UBND tỉnh.',
    escalateInputSchema.omit({ by: true }),
    escalateUpdate,
  );
  action(
    '/support',
    'support',
    'Gửi câu hỏi cần hỗ trợ tới cơ quan thẩm định và đơn vị điều hành của chiến dịch.',
    supportRequestInputSchema.omit({ by: true }),
    requestSupportUpdate,
  );
  action(
    '/support/answer',
    'answerSupport',
    'Trả lời một yêu cầu hỗ trợ.',
    supportAnswerInputSchema.omit({ by: true }),
    answerSupportUpdate,
  );

  action(
    '/suspend',
    'suspendDeadline',
    'Tạm dừng tính thời hạn của cơ quan.',
    suspendDeadlineInputSchema.omit({ by: true }),
    suspendDeadlineUpdate,
  );
  action(
    '/resume',
    'resumeDeadline',
    'Tiếp tục tính thời hạn đã tạm dừng.',
    resumeDeadlineInputSchema.omit({ by: true }),
    resumeDeadlineUpdate,
  );

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
      const row = await assignmentOf(scope.campaignId, scope.agencyCode);
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

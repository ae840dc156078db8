import { campaignNow } from '../../domain/clock';
import { z } from 'zod';
import { ACTIONS, type Action } from '../../domain/access';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { runningDeadline } from '../../domain/lateness';
import { TERMINAL_STAGES } from '../../domain/stages';
import { loadLateRule } from '../../read-side/late-rule';
import { agencyStateQuery } from '../../workflows/agency/messages';
import { campaignStateQuery } from '../../workflows/campaign/messages';
import type { RouteContext, TypedApp } from '../http/app';
import { agencyCodesQuery } from './agency-codes-query';
import { loadCampaignRow } from '../../read-side/campaign-roles';
import { HttpError, notFound } from '../../shared/http-errors';
import { authorize } from '../identity/principal';
import { queryWorkflow, type QueryAnswer } from '../../read-side/query-workflow';

// What the admin script checks before it sends a change: the campaign and the agencies it names,
// their stage and running deadline, who is late, and the workflows' own state. Each read is
// authorized for the action about to be taken (`for`), so a person reads only what that action
// would let them touch, and a refusal comes before anything is read.

const tags = ['Chiến dịch'];
const campaignParams = z.object({ campaignId: z.string().min(1, 'Thiếu mã chiến dịch (campaignId).') });
const agencyParams = campaignParams.extend({ agencyCode: z.string().min(1, 'Thiếu mã cơ quan (agencyCode).') });
const action = z
  .enum(Object.keys(ACTIONS) as [Action, ...Action[]], {
    error: `Thao tác (for) phải là một trong: ${Object.keys(ACTIONS).join(', ')}.`,
  })
  .default('status');
const codes = agencyCodesQuery;

const agencyLookup = z.object({
  id: z.string(),
  agencyCode: z.string(),
  agency: z.object({ name: z.string(), email: z.string().nullable() }),
  stage: z.string(),
  currentVersion: z.number(),
  activeDeadline: z.object({ kind: z.string(), at: z.string() }).optional(),
  late: z.boolean(),
});
const lookupAnswer = z.object({
  campaign: z.object({
    id: z.string(),
    roles: z.object({ reviewer: z.string().optional(), approver: z.string().optional() }),
    reviewer: z.object({ name: z.string().optional(), email: z.string().optional() }),
    /** Campaign time at the request: what a new deadline must lie after. */
    now: z.string(),
  }),
  agencies: z.array(agencyLookup),
});
const storedPeople = z.object({
  reviewer: z.object({ name: z.string().optional(), email: z.string().optional() }).optional(),
  approver: z.object({ name: z.string() }).optional(),
  agencies: z.array(z.object({ code: z.string() })).optional(),
});

export function registerActionLookupRoutes(app: TypedApp, context: RouteContext): void {
  registerLookupRoute(app, context);
  registerWorkflowStateRoutes(app, context);
}

/** The workflow's answer, or the HTTP error that says why none came and how to fix it. */
function answerOrThrow<R>(config: RouteContext['config'], asked: QueryAnswer<R>, notFoundText: string): R {
  if ('answer' in asked) return asked.answer;
  if ('notFound' in asked) throw notFound(notFoundText);
  if ('failed' in asked)
    throw new HttpError(503, 'workflow_unanswered', `Hồ sơ không trả lời được lúc này: ${asked.failed}. Thử lại sau.`);
  const queue = asked.noWorker.taskQueue ?? config.taskQueue;
  throw new HttpError(
    503,
    'worker_unavailable',
    `Worker của dondoc không trả lời (hàng đợi "${queue}" trên ${config.temporal.address}).\n` +
      `Cách sửa: chạy worker bằng "npm start" hoặc "npm run worker" với DONDOC_TASK_QUEUE=${queue}, rồi thử lại.`,
  );
}

/** The campaign and the agencies an action is about to touch. */
function registerLookupRoute(app: TypedApp, context: RouteContext): void {
  const { db, config } = context;
  app.get(
    '/api/v1/campaigns/:campaignId/lookup',
    {
      schema: {
        summary:
          'Trước một thao tác (for): chiến dịch, các cơ quan đã nêu (agencies=mã,mã) hoặc các cơ quan còn hạn đang chạy (open=true), giai đoạn, hạn đang chạy và có quá hạn không.',
        tags,
        params: campaignParams,
        querystring: z.object({
          for: action,
          agencies: codes,
          open: z
            .enum(['true', 'false'], { error: 'open phải là true hoặc false.' })
            .optional()
            .transform((v) => v === 'true'),
        }),
        response: { 200: lookupAnswer },
      },
    },
    async (request) => {
      const { campaignId } = request.params;
      const { agencies: asked, open } = request.query;
      const unique = asked && [...new Set(asked)];
      // One agency named: the action is checked for it (an agency member acts for their own only).
      await authorize(db, request, request.query.for, {
        campaignId,
        ...(unique?.length === 1 && { agencyCode: unique[0] }),
      });
      const row = await loadCampaignRow(db, campaignId);
      const people = storedPeople.safeParse(row.definition ?? {}).data ?? {};
      const found =
        unique || open
          ? await db.assignment.findMany({
              where: {
                campaignId,
                ...(unique ? { agencyCode: { in: unique } } : { stage: { notIn: [...TERMINAL_STAGES] } }),
              },
              include: { agency: true },
              orderBy: { agencyCode: 'asc' },
            })
          : [];
      const missing = unique?.filter((code) => !found.some((a) => a.agencyCode === code)) ?? [];
      if (missing.length > 0) refuseMissing(campaignId, missing, people, config.taskQueue);
      const now = campaignNow(row.definition, context.now());
      const isLate = found.length > 0 ? await loadLateRule(db, row, now) : () => false;
      const ordered = unique ? unique.map((code) => found.find((a) => a.agencyCode === code)!) : found;
      return {
        campaign: {
          id: row.id,
          roles: { reviewer: people.reviewer?.name ?? row.reviewer ?? undefined, approver: people.approver?.name },
          reviewer: { name: people.reviewer?.name, email: people.reviewer?.email },
          now: now.toISOString(),
        },
        agencies: ordered.map((a) => lookupRow(a, isLate(a))),
      };
    },
  );
}

/** Agencies asked for that the campaign has no row of: not yet started by a worker, or unknown. */
function refuseMissing(
  campaignId: string,
  missing: string[],
  people: z.infer<typeof storedPeople>,
  taskQueue: string,
): never {
  const roster = people.agencies?.map((a) => a.code) ?? [];
  const unknown = missing.filter((code) => !roster.includes(code));
  if (unknown.length === 0)
    // A roster entry without a row: no worker has run the agency's workflow yet.
    throw notFound(
      `Cơ quan ${missing.join(', ')} có trong định nghĩa chiến dịch ${campaignId} nhưng chưa có trong cơ sở dữ liệu: workflow của cơ quan chưa chạy lần nào. ` +
        `Cách sửa: kiểm tra worker đang chạy ("npm start" hoặc "npm run worker", DONDOC_TASK_QUEUE=${taskQueue}).`,
    );
  const known = [...roster].sort();
  const example =
    known.length === 0
      ? 'Chiến dịch chưa có cơ quan nào.'
      : `Chiến dịch có ${known.length} cơ quan, ví dụ: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : '.'}`;
  throw notFound(
    `Không tìm thấy cơ quan ${unknown.join(', ')} trong chiến dịch ${campaignId}. ${example} Cách sửa: dùng đúng mã cơ quan (trường code trong tệp chiến dịch).`,
  );
}

/** One agency as the admin script reads it before acting: its stage and running deadline. */
function lookupRow(
  a: {
    id: string;
    agencyCode: string;
    agency: { name: string; email: string | null };
    stage: string;
    currentVersion: number;
    submissionDeadline: Date;
    resubmissionDeadline: Date | null;
    reviewDeadline: Date | null;
  },
  late: boolean,
) {
  const deadline = runningDeadline(a.stage, {
    submission: a.submissionDeadline,
    resubmission: a.resubmissionDeadline,
    review: a.reviewDeadline,
  });
  return {
    id: a.id,
    agencyCode: a.agencyCode,
    agency: { name: a.agency.name, email: a.agency.email },
    stage: a.stage,
    currentVersion: a.currentVersion,
    activeDeadline: deadline && { kind: deadline.kind, at: deadline.at.toISOString() },
    late,
  };
}

/** The agency's and the campaign's state, as their own workflows answer it. */
function registerWorkflowStateRoutes(app: TypedApp, context: RouteContext): void {
  const { db, client, config } = context;
  app.get(
    '/api/v1/campaigns/:campaignId/agencies/:agencyCode/workflow-state',
    {
      schema: {
        summary: 'Trước một thao tác (for) trên một cơ quan: trạng thái do chính workflow của cơ quan trả lời.',
        tags,
        params: agencyParams,
        querystring: z.object({ for: action }),
      },
    },
    async (request) => {
      const { campaignId, agencyCode } = request.params;
      await authorize(db, request, request.query.for, { campaignId, agencyCode });
      const workflowId = agencyWorkflowId(campaignId, agencyCode);
      return answerOrThrow(
        config,
        await queryWorkflow({ client, db }, workflowId, agencyStateQuery),
        `Không tìm thấy cơ quan ${agencyCode} trong chiến dịch ${campaignId} (không có workflow ${workflowId} trên máy chủ Temporal).`,
      );
    },
  );

  app.get(
    '/api/v1/campaigns/:campaignId/workflow-state',
    {
      schema: {
        summary: 'Trước một thao tác (for) trên cả chiến dịch: trạng thái do chính workflow chiến dịch trả lời.',
        tags,
        params: campaignParams,
        querystring: z.object({ for: action }),
      },
    },
    async (request) => {
      const { campaignId } = request.params;
      await authorize(db, request, request.query.for, { campaignId });
      await loadCampaignRow(db, campaignId);
      return answerOrThrow(
        config,
        await queryWorkflow({ client, db }, campaignWorkflowId(campaignId), campaignStateQuery),
        `Không tìm thấy workflow của chiến dịch ${campaignId} trên máy chủ Temporal. Cách sửa: khởi chạy chiến dịch bằng "npm run dondoc -- campaign launch <tệp.yaml>", hoặc kiểm tra TEMPORAL_ADDRESS và TEMPORAL_NAMESPACE của máy chủ.`,
      );
    },
  );
}

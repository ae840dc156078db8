import { REPORT_RESPONSE_CSP } from '../../reporting/render-html';
import { registeredHandle } from '../../read-side/query-workflow';
import { readWhoDidWhat } from '../../read-side/actions';
import { z } from 'zod';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { resolvedCampaignDefinitionSchema, type CampaignDefinition } from '../../domain/campaign-definition';
import { campaignStateQuery } from '../../workflows/campaign/messages';
import { CAMPAIGN_UPDATES } from '../../workflows/campaign/actions';
import { checkTemporal } from '../../reporting/temporal-check';
import { ReportThread } from '../../activities/report-thread';
import type { ReportFiles } from '../../reporting/run-report';
import { audited, launchAs, prepare } from '../act';
import { campaignParams as params } from './resources';
import { registerUpdateRoutes } from './update-routes';
import type { RouteContext, TypedApp } from '../http/app';
import { BODY_LIMITS, launchersOnly } from '../http/request-bounds';
import { authorize, requirePrincipal } from '../identity/principal';
import { agenciesOf, roleFor } from '../../domain/access';
import { loadCampaignRecord } from '../../read-side/campaign-roles';
import { loadCampaignTime } from '../campaign/campaign-clock';
import { ensureReportSchedule } from '../campaign/report-schedule';
import { recordAccess } from '../identity/audit';
import { mayWaiveDuties } from '../identity/duties';

// The campaign as a whole: launch, status, consolidation, the Chairman's decision, reports.

const tags = ['Chiến dịch'];
const base = '/api/v1/campaigns/:campaignId';
/** The report rendered in every format, as `report run` writes it (files named by reporting/run-report.ts). */
const reportFilesAnswer = z.object({
  campaignId: z.string(),
  /** The report's day (yyyy-mm-dd, Asia/Ho_Chi_Minh): the folder the files go to. */
  reportDay: z.string(),
  summary: z.object({ agencies: z.number(), accepted: z.number(), late: z.number(), perfunctory: z.number() }),
  files: z.object({
    html: z.string(),
    markdown: z.string(),
    json: z.string(),
    csv: z.string(),
    attentionCsv: z.string(),
  }),
});
/** Actions the status shows (the report has them all). */
const RECENT_ACTIONS = 20;

export function registerCampaignRoutes(app: TypedApp, context: RouteContext): void {
  registerLaunchRoute(app, context);
  registerStatusRoute(app, context);
  registerUpdateRoutes(app, context, 'campaign', CAMPAIGN_UPDATES, tags);
  registerReportScheduleRoute(app, context);
  registerReportRoutes(app, context);
}

/** Launch (or re-launch, starting nothing twice) a campaign from its resolved definition. */
function registerLaunchRoute(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.post(
    '/api/v1/campaigns',
    {
      // A definition with thousands of agencies: read only for someone who may launch, up to its limit.
      onRequest: launchersOnly(db),
      bodyLimit: BODY_LIMITS.launch,
      schema: {
        summary: 'Khởi chạy (hoặc chạy lại, không lặp) một chiến dịch từ định nghĩa đã có danh sách cơ quan.',
        tags,
        body: resolvedCampaignDefinitionSchema,
        querystring: z.object({
          drill: z
            .enum(['true', 'false'], { error: 'Diễn tập (drill) phải là true hoặc false.' })
            .optional()
            .transform((v) => v === 'true'),
          allowApproverOperator: z
            .enum(['true', 'false'], {
              error: 'Cho phép một người vừa phê duyệt vừa điều hành (allowApproverOperator) phải là true hoặc false.',
            })
            .optional()
            .transform((v) => v === 'true'),
        }),
      },
    },
    async (request) => {
      const definition = request.body as CampaignDefinition;
      const allowApproverOperator = request.query.allowApproverOperator;
      if (allowApproverOperator) await mayWaiveDuties(db, request, definition.id);
      const launched = await launchAs(context, request, definition, {
        drill: request.query.drill,
        allowApproverOperator,
      });
      if (allowApproverOperator)
        await recordAccess(db, {
          personId: request.principal!.person.id,
          role: 'admin',
          channel: request.principal!.channel,
          action: 'allowApproverOperator',
          campaignId: definition.id,
          clientAddress: request.ip,
          outcome: 'done',
          detail: { approver: definition.approver.email, serviceCenter: definition.serviceCenter.email },
        });
      return launched;
    },
  );
}

/** The campaign's status; an agency member sees their own agencies only. */
function registerStatusRoute(app: TypedApp, context: RouteContext): void {
  const { db, client } = context;
  app.get(
    base,
    { schema: { summary: 'Tình trạng chiến dịch; cán bộ cơ quan chỉ thấy cơ quan của mình.', tags, params } },
    async (request) => {
      const { campaignId } = request.params;
      const principal = requirePrincipal(request);
      // Campaign-wide roles see every agency; an agency member sees their own agencies only.
      const wide = roleFor(principal.person.grants, 'status', { campaignId });
      const own = wide ? undefined : agenciesOf(principal.person.grants, campaignId);
      if (own?.length === 0) await authorize(db, request, 'status', { campaignId }); // refuses, audited
      const campaign = await loadCampaignRecord(db, campaignId);
      const assignments = await db.assignment.findMany({
        where: { campaignId, ...(own && { agencyCode: { in: own } }) },
        include: { agency: true },
        orderBy: { agencyCode: 'asc' },
      });
      const byStage: Record<string, number> = {};
      for (const a of assignments) byStage[a.stage] = (byStage[a.stage] ?? 0) + 1;
      // The campaign's own state (phase, consolidation, decision) is for campaign-wide roles.
      const state = own
        ? undefined
        : await registeredHandle({ client, db }, campaignWorkflowId(campaignId))
            .then((handle) => handle.query(campaignStateQuery))
            .catch(() => undefined);
      const escalations = await db.escalation.count({
        where: { campaignId, ...(own && { assignment: { agencyCode: { in: own } } }) },
      });
      // Who did what, newest first; an agency member sees the actions on their own agencies.
      const time = await loadCampaignTime(db, campaignId, context.now());
      const who = await readWhoDidWhat(db, campaignId, time.now, time.clock, {
        recent: RECENT_ACTIONS,
        ...(own && { agencyCodes: own }),
      });
      const actions = [...who.recent].reverse();
      return {
        campaign: {
          ...campaign,
          phase: state?.phase,
          consolidation: state?.consolidation,
          decision: state?.decision,
          sentBack: state?.sentBack,
        },
        counts: { total: assignments.length, byStage, escalations },
        actions,
        actionCounts: who.people,
        agencies: assignments.map((a) => ({
          code: a.agencyCode,
          name: a.agency.name,
          kind: a.agency.kind,
          stage: a.stage,
          overdue: a.overdue,
          returnCount: a.returnCount,
          version: a.currentVersion,
          submissionDeadline: a.submissionDeadline.toISOString(),
          resubmissionDeadline: a.resubmissionDeadline?.toISOString(),
          reviewDeadline: a.reviewDeadline?.toISOString(),
        })),
      };
    },
  );
}

/** The daily progress report's schedule. */
function registerReportScheduleRoute(app: TypedApp, context: RouteContext): void {
  const { client, config } = context;
  app.put(
    `${base}/report-schedule`,
    {
      schema: {
        summary: 'Tạo hoặc cập nhật lịch lập báo cáo tiến độ lúc 07:30 các ngày làm việc.',
        tags,
        params,
        body: z.object({
          outputDir: z.string().trim().min(1, 'Thư mục báo cáo (outputDir) không được để trống.').default('reports'),
          emailTo: z
            .array(z.email('Địa chỉ nhận báo cáo (emailTo) không hợp lệ, ví dụ vpub@quangngai.gov.vn.'))
            .optional(),
        }),
      },
    },
    async (request) => {
      const { campaignId } = request.params;
      const acting = await prepare(context, request, 'scheduleReport', { campaignId });
      return audited(context, request, acting, 'scheduleReport', { campaignId }, () =>
        ensureReportSchedule(client, { campaignId, taskQueue: config.taskQueue, ...request.body }),
      );
    },
  );
}

/** The progress report, in one format or in every format. */
function registerReportRoutes(app: TypedApp, context: RouteContext): void {
  const { db, client } = context;
  // Built and rendered in a thread of its own (activities/report-thread.ts), so a report never holds
  // up the server's other requests; how many run at once is bounded by the heavy-read limits.
  const reports = new ReportThread(db.url);
  app.addHook('onClose', () => reports.close());
  const formats = {
    json: 'application/json',
    html: 'text/html; charset=utf-8',
    markdown: 'text/markdown; charset=utf-8',
    csv: 'text/csv; charset=utf-8',
  } as const;
  app.get(
    `${base}/report`,
    {
      config: { heavyRead: true },
      schema: {
        summary: 'Báo cáo tiến độ (JSON, HTML, Markdown hoặc CSV), lập từ cơ sở dữ liệu lúc yêu cầu.',
        tags,
        params,
        querystring: z.object({
          format: z
            .enum(['json', 'html', 'markdown', 'csv'], {
              error: 'Định dạng (format) phải là json, html, markdown hoặc csv.',
            })
            .default('json'),
        }),
      },
    },
    async (request, reply) => {
      const { campaignId } = request.params;
      const acting = await prepare(context, request, 'report', { campaignId });
      const format = request.query.format;
      const { contents } = await audited(context, request, acting, 'report', { campaignId }, () =>
        reports.render({ campaignId, realNow: context.now().toISOString(), formats: [format] }),
      );
      // The HTML report is one self-contained document (its styles inline, its charts inline SVG):
      // it may style itself, and nothing else (no script, no request anywhere).
      if (format === 'html') reply.header('content-security-policy', REPORT_RESPONSE_CSP);
      return reply.type(formats[format]).send(contents[format]);
    },
  );

  app.get(
    `${base}/report/files`,
    {
      config: { heavyRead: true },
      schema: {
        summary:
          'Báo cáo tiến độ ở mọi định dạng (HTML, Markdown, JSON, CSV các cơ quan, CSV cơ quan chậm trễ/đối phó), để ghi thành tệp.',
        tags,
        params,
        response: { 200: reportFilesAnswer },
      },
    },
    async (request) => {
      const { campaignId } = request.params;
      const acting = await prepare(context, request, 'report', { campaignId });
      const { report, contents } = await audited(context, request, acting, 'report', { campaignId }, () =>
        reports.render({
          campaignId,
          realNow: context.now().toISOString(),
          formats: ['html', 'markdown', 'json', 'csv', 'attentionCsv'],
          temporalCheck: (id, assignments) => checkTemporal({ client }, id, assignments),
        }),
      );
      const { agencies, accepted, late, perfunctory } = report.summary;
      return {
        campaignId,
        reportDay: report.reportDay,
        summary: { agencies, accepted, late, perfunctory },
        files: contents as ReportFiles,
      };
    },
  );
}

import { PROVINCE_SCOPE, roleFor } from '../../domain/access';
import { parseWorkflowId } from '../../temporal/workflow-ids';
import { tamperedRuns } from '../../read-side/campaign-status';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { parseShownDay } from '../../domain/day-input';
import { extendDeadlineUpdate, remindNowUpdate } from '../../workflows/agency/messages';
import { actByUpdate } from '../act';
import type { RouteContext, TypedApp } from '../http/app';
import { loadCampaignRecord } from '../../read-side/campaign-roles';
import { invalid, notFound } from '../../shared/http-errors';
import { BULK_SELECTIONS, BULK_SELECTION_LABELS, bulkTargets, type BulkSelection } from '../../read-side/bulk-targets';
import { campaignDashboard } from '../../read-side/dashboard';
import { DashboardThread } from '../../read-side/dashboard-thread';
import { listReportDays, reportFilePath } from '../../read-side/report-files';
import { mapLimit } from '../../shared/map-limit';
import { calendarView } from './calendar-view';
import { dashboardCharts, registerDashboardCharts } from './dashboard-charts';
import { registerLaunchPages } from './launch-pages';
import { registerServiceCenterAgencyPages } from './service-center-agency-actions';
import { registerServiceCenterPeoplePages, SERVICE_CENTER_PEOPLE_PATH } from './service-center-people';
import { registerCampaignCreatePages } from './campaign-create-pages';
import { registerDirectoryPages } from './directory-pages';
import { PORTAL_SECTIONS } from './navigation';
import { authorizeSection, campaignParams, formOf, required, sectionTrail, sendSectionHome } from './role-pages';
import { sendPage } from './views';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { submitForm, type FormView } from './form-page';
import { loadCampaignNow } from '../campaign/campaign-clock';
import { REPORT_RESPONSE_CSP } from '../../reporting/render-html';
import { registerEscalationPages } from './escalation-pages';
import { registerListExports } from './list-exports';
import { registerReportNowPages } from './report-now-pages';
import { deskView } from './service-center-desk';
import { deliverableTotalsView, registerDeliverableMissingPage } from './deliverable-totals-pages';
import { readEscalationHandlings } from '../../read-side/escalation-handlings';

// The Service Center's pages: the dashboard, each agency with its workflow in the Temporal Web UI,
// bulk reminders and extensions previewed before they are sent, the daily report files, and launch.

const base = PORTAL_SECTIONS.serviceCenter.path;
const campaignPath = (id: string) => `${base}/${encodeURIComponent(id)}`;
const CONCURRENCY = 8;
/** What the dashboard says after an action sent the browser back to it. */
const noticeOf = (done: string | undefined) =>
  done === 'canh-bao'
    ? 'Đã ghi nhận cảnh báo đã được xử lý.'
    : done
      ? 'Đã thực hiện; kết quả từng cơ quan ở trên trang trước.'
      : undefined;
const BULK = {
  remind: { label: 'Nhắc việc', action: 'remind' },
  extend: { label: 'Gia hạn', action: 'extendDeadline' },
} as const;
type BulkKind = keyof typeof BULK;

/** A deadline typed in the bulk form: dd/mm/yyyy only (as the hint says), the end of that day. */
function typedDeadline(text: string): string | undefined {
  const day = parseShownDay(text);
  return day && `${day}T23:59:59+07:00`;
}

function bulkDeadline(text: string): string {
  const deadline = typedDeadline(text);
  if (!deadline)
    throw invalid(
      'han',
      text.trim()
        ? `"${text.trim()}" không phải một ngày dạng dd/mm/yyyy: hãy ghi ví dụ 11/03/2024 (hết ngày đó, giờ Việt Nam).`
        : 'Hãy ghi thời hạn mới dạng dd/mm/yyyy, ví dụ 11/03/2024.',
    );
  return deadline;
}

function selectionOf(value: unknown): BulkSelection {
  if (!(BULK_SELECTIONS as readonly string[]).includes(String(value)))
    throw invalid('chon', `Hãy chọn nhóm cơ quan: ${BULK_SELECTIONS.map((s) => BULK_SELECTION_LABELS[s]).join('; ')}.`);
  return value as BulkSelection;
}

export function registerServiceCenterPages(app: TypedApp, context: RouteContext): void {
  const { db, config } = context;
  const hidden = { schema: { hide: true } };
  const dashboards = new DashboardThread(db.url);
  app.addHook('onClose', () => dashboards.close());

  app.get(base, hidden, (request, reply) => {
    // Province-wide pages are linked for those the access rule lets in.
    const grants = request.principal?.person.grants ?? [];
    const may = (action: 'launch' | 'manageDirectory') => roleFor(grants, action, PROVINCE_SCOPE) !== undefined;
    return sendSectionHome(context, request, reply, 'serviceCenter', {
      always: true,
      launchHref: `${base}/khoi-chay`,
      createHref: may('launch') ? `${base}/tao-chien-dich` : undefined,
      directoryHref: may('manageDirectory') ? `${base}/danh-ba` : undefined,
      peopleHref: roleFor(grants, 'manageUsers', PROVINCE_SCOPE) ? SERVICE_CENTER_PEOPLE_PATH : undefined,
    });
  });
  registerLaunchPages(app, context, base);
  registerCampaignCreatePages(app, context, base);
  registerDirectoryPages(app, context, base);
  registerDashboardCharts(app, context, base, (id, at) => dashboards.build(id, at));
  registerEscalationPages(app, context, base);
  registerDeliverableMissingPage(app, context, base, (id, at) => dashboards.build(id, at));
  registerReportNowPages(app, context, base);
  registerListExports(app, context, base, async (campaignId) => {
    const now = await loadCampaignNow(db, campaignId, context.now());
    return (await campaignDashboard(db, campaignId, now, { build: (id, at) => dashboards.build(id, at) })).dashboard;
  });

  app.get(`${base}/:campaignId`, hidden, async (request, reply) => {
    const { campaignId } = campaignParams(request);
    await authorizeSection(context, request, 'serviceCenter', campaignId);
    const campaign = await loadCampaignRecord(db, campaignId);
    const now = await loadCampaignNow(db, campaignId, context.now());
    const { dashboard, builtAt, current } = await campaignDashboard(db, campaignId, now, {
      build: (id, at) => dashboards.build(id, at),
    });
    const agencyHref = (code: string) => `${campaignPath(campaignId)}/co-quan/${encodeURIComponent(code)}`;
    const query = request.query as Record<string, string | undefined>;
    const path = campaignPath(campaignId);
    return sendPage({ request, reply }, 'service-center-dashboard', 'Bảng điều hành', {
      trail: [{ label: 'Điều hành', href: base }, { label: campaign.directiveNumber }],
      notice: noticeOf((request.query as { da?: string }).da),
      campaign,
      dashboard,
      tampered: (await tamperedRuns(db, campaignId)).map((run) => {
        const agencyCode = parseWorkflowId(run.workflowId)?.agencyCode;
        return { ...run, label: agencyCode ? `Hồ sơ cơ quan mã ${agencyCode}` : 'Hồ sơ chung của chiến dịch' };
      }),
      // Figures being rebuilt: say so, with the time they speak for and how old they are.
      refreshing: current
        ? undefined
        : { at: builtAt, minutes: Math.floor((now.getTime() - builtAt.getTime()) / 60_000) },
      charts: dashboardCharts(dashboard, path),
      deliverableTotals: deliverableTotalsView(dashboard, path),
      ...deskView(dashboard, query, path, await readEscalationHandlings(db, campaignId)),
      escalationHref: (id: string) => `${path}/canh-bao/${encodeURIComponent(id)}`,
      reportNow: { action: `${path}/lap-bao-cao`, key: randomUUID() },
      calendar: await calendarView(db, campaignId),
      agencyHref,
      reports: listReportDays(config.reports.dir, campaignId).map((d) => ({
        day: d.day,
        files: d.files.map((name) => ({ name, href: `${campaignPath(campaignId)}/bao-cao/${d.day}/${name}` })),
      })),
      bulk: `${campaignPath(campaignId)}/hang-loat`,
    });
  });

  registerServiceCenterAgencyPages(app, context);
  registerServiceCenterPeoplePages(app, context);

  app.get(
    `${base}/:campaignId/bao-cao/:day/:file`,
    { ...hidden, config: { heavyRead: true } },
    async (request, reply) => {
      const { campaignId, day, file } = request.params as { campaignId: string; day: string; file: string };
      await authorizeSection(context, request, 'serviceCenter', campaignId);
      const found = reportFilePath(config.reports.dir, campaignId, day, file);
      if (!found) throw notFound(`Không có báo cáo ${file} ngày ${day} của chiến dịch ${campaignId}.`);
      const types: Record<string, string> = {
        '.html': 'text/html; charset=utf-8',
        '.md': 'text/markdown; charset=utf-8',
        '.json': 'application/json',
        '.csv': 'text/csv; charset=utf-8',
      };
      const download = (request.query as { tai?: string }).tai !== undefined || path.extname(found) !== '.html';
      // The report styles itself inline (one self-contained file): it gets its own policy, not the portal's.
      if (!download) reply.header('content-security-policy', REPORT_RESPONSE_CSP);
      return reply
        .type(types[path.extname(found)] ?? 'application/octet-stream')
        .header('content-disposition', `${download ? 'attachment' : 'inline'}; filename="${file}"`)
        .send(fs.readFileSync(found));
    },
  );

  // Bulk: the preview names exactly who is affected; confirming sends one Update to each, under
  // update IDs derived from the preview's batch key, so a repeated confirmation applies nothing twice.
  async function showBulk(
    request: FastifyRequest,
    reply: FastifyReply,
    campaignId: string,
    values: Record<string, string>,
    form?: FormView,
    status = 200,
  ) {
    const kind: BulkKind = values.loai === 'extend' ? 'extend' : 'remind';
    const selection = (BULK_SELECTIONS as readonly string[]).includes(values.chon ?? '')
      ? (values.chon as BulkSelection)
      : undefined;
    const deadline = kind === 'extend' && values.han ? typedDeadline(values.han) : undefined;
    const targets =
      selection && !form?.refused
        ? await bulkTargets(db, campaignId, selection, await loadCampaignNow(db, campaignId, context.now()))
        : undefined;
    return sendPage(
      { request, reply },
      'service-center-bulk',
      `${BULK[kind].label} hàng loạt`,
      {
        trail: await sectionTrail(context, 'serviceCenter', campaignId, { label: BULK[kind].label }),
        kind,
        selection,
        selections: BULK_SELECTIONS.map((s) => ({ value: s, label: BULK_SELECTION_LABELS[s] })),
        query: values,
        deadline,
        targets,
        batch: randomUUID(),
        action: `${campaignPath(campaignId)}/hang-loat`,
        ...(form && { form }),
      },
      status,
    );
  }

  // Bulk: the preview names exactly who is affected; confirming sends one Update to each, under
  // update IDs derived from the preview's batch key, so a repeated confirmation applies nothing twice.
  app.get(`${base}/:campaignId/hang-loat`, hidden, async (request, reply) => {
    const { campaignId } = campaignParams(request);
    await authorizeSection(context, request, 'serviceCenter', campaignId);
    const values = Object.fromEntries(
      Object.entries(request.query as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')]),
    );
    return submitForm(
      { db, values, again: (form, status) => showBulk(request, reply, campaignId, values, form, status) },
      () => {
        if (values.chon) selectionOf(values.chon);
        if (values.loai === 'extend' && values.han) bulkDeadline(values.han);
        return showBulk(request, reply, campaignId, values);
      },
    );
  });

  app.post(`${base}/:campaignId/hang-loat`, hidden, async (request, reply) => {
    const { campaignId } = campaignParams(request);
    await authorizeSection(context, request, 'serviceCenter', campaignId);
    const form = formOf(request);
    return submitForm(
      {
        db,
        values: form,
        anchors: { batch: '', agencies: '', loai: '' },
        again: (shown, status) => showBulk(request, reply, campaignId, form, shown, status),
      },
      () => sendBulk(request, reply, campaignId, form),
    );
  });

  async function sendBulk(
    request: FastifyRequest,
    reply: FastifyReply,
    campaignId: string,
    form: Record<string, string>,
  ) {
    const kind: BulkKind = form.loai === 'extend' ? 'extend' : 'remind';
    const batch = required(form, 'batch', 'mã đợt');
    if (!/^[\w-]{8,64}$/.test(batch)) throw invalid('batch', 'Mã đợt không hợp lệ; hãy mở lại trang xem trước.');
    const codes = required(form, 'agencies', 'các cơ quan đã xem trước').split(',');
    const extension =
      kind === 'extend'
        ? {
            deadline: bulkDeadline(form.han ?? ''),
            reason: required(form, 'lyDo', 'lý do gia hạn'),
          }
        : undefined;
    const note = (form.ghiChu ?? '').trim();
    const results = await mapLimit(codes, CONCURRENCY, async (agencyCode) => {
      const scope = { campaignId, agencyCode };
      const workflowId = agencyWorkflowId(campaignId, agencyCode);
      const updateId = `${batch}:${agencyCode}`;
      try {
        if (extension)
          await actByUpdate(
            context,
            request,
            'extendDeadline',
            scope,
            workflowId,
            extendDeadlineUpdate,
            { deadline: extension.deadline!, reason: extension.reason },
            { updateId },
          );
        else
          await actByUpdate(
            context,
            request,
            'remind',
            scope,
            workflowId,
            remindNowUpdate,
            { ...(note && { note }) },
            { updateId },
          );
        return { agencyCode, ok: true, message: 'Đã thực hiện' };
      } catch (error) {
        const cause = (error as { cause?: { message?: string } }).cause;
        return { agencyCode, ok: false, message: cause?.message ?? (error as Error).message };
      }
    });
    const names = new Map(
      (
        await db.agency.findMany({ where: { campaignId, code: { in: codes } }, select: { code: true, name: true } })
      ).map((a) => [a.code, a.name]),
    );
    return sendPage({ request, reply }, 'service-center-bulk-done', `${BULK[kind].label} hàng loạt: kết quả`, {
      trail: await sectionTrail(context, 'serviceCenter', campaignId, { label: BULK[kind].label }),
      results: results.map((r) => ({ ...r, name: names.get(r.agencyCode) ?? r.agencyCode })),
      back: campaignPath(campaignId),
    });
  }
}

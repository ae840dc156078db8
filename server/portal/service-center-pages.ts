import { PROVINCE_SCOPE, roleFor } from '../../domain/access';
import { parseWorkflowId } from '../../temporal/workflow-ids';
import { tamperedRuns } from '../../read-side/campaign-status';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { RouteContext, TypedApp } from '../http/app';
import { loadCampaignRecord } from '../../read-side/campaign-roles';
import { notFound } from '../../shared/http-errors';
import { campaignDashboard } from '../../read-side/dashboard';
import { DashboardThread } from '../../read-side/dashboard-thread';
import { listReportDays, reportFilePath } from '../../read-side/report-files';
import { calendarView } from './calendar-view';
import { dashboardCharts, registerDashboardCharts } from './dashboard-charts';
import { registerLaunchPages } from './launch-pages';
import { registerServiceCenterAgencyPages } from './service-center-agency-actions';
import { registerServiceCenterBulkPages } from './service-center-bulk-pages';
import { registerServiceCenterPeoplePages, SERVICE_CENTER_PEOPLE_PATH } from './service-center-people';
import { registerCampaignCreatePages } from './campaign-create-pages';
import { registerDirectoryPages } from './directory-pages';
import { PORTAL_SECTIONS } from './navigation';
import { authorizeSection, campaignParams, sendSectionHome } from './role-pages';
import { sendPage } from './views';
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
/** What the dashboard says after an action sent the browser back to it. */
const noticeOf = (done: string | undefined) =>
  done === 'canh-bao'
    ? 'Đã ghi nhận cảnh báo đã được xử lý.'
    : done
      ? 'Đã thực hiện; kết quả từng cơ quan ở trên trang trước.'
      : undefined;
const hidden = { schema: { hide: true } };

export function registerServiceCenterPages(app: TypedApp, context: RouteContext): void {
  const { db } = context;
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

  registerDashboardPage(app, context, dashboards);
  registerServiceCenterAgencyPages(app, context);
  registerServiceCenterPeoplePages(app, context);
  registerReportFiles(app, context);
  registerServiceCenterBulkPages(app, context);
}

/** One campaign's dashboard. */
function registerDashboardPage(app: TypedApp, context: RouteContext, dashboards: DashboardThread): void {
  const { db, config } = context;
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
}

/** The daily report files: the HTML shown in the browser, the others downloaded. */
function registerReportFiles(app: TypedApp, context: RouteContext): void {
  const { config } = context;
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
}

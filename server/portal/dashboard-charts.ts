import type { RouteContext, TypedApp } from '../http/app';
import { notFound } from '../../shared/http-errors';
import { campaignDashboard, type Dashboard, type DashboardOptions } from '../../read-side/dashboard';
import { REPORT_CHARTS, type ReportChartName } from '../../reporting/charts';
import { authorizeSection, campaignParams } from './role-pages';
import { loadCampaignNow } from '../campaign/campaign-clock';

// The daily report's charts on the Service Center's dashboard: the same drawing and the same words
// as the report, from the dashboard's kept report model. Each chart is an SVG image of its own URL
// (ECharts' SVG styles its text inline, which the portal's policy forbids in a page; an image runs
// nothing and loads nothing), drawn once per kept dashboard, with its figures in words as its text
// alternative.

/** The charts the dashboard shows, by the name in their URL. */
const DASHBOARD_CHARTS = {
  'trang-thai': 'stages',
  'loai-co-quan': 'kinds',
  'tien-do': 'progress',
} as const satisfies Record<string, ReportChartName>;
type DashboardChart = keyof typeof DASHBOARD_CHARTS;

/** An SVG image may style itself and do nothing else. */
const SVG_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

const drawn = new WeakMap<Dashboard, Map<DashboardChart, string>>();

function chartSvg(dashboard: Dashboard, chart: DashboardChart): string {
  const byChart = drawn.get(dashboard) ?? new Map<DashboardChart, string>();
  drawn.set(dashboard, byChart);
  let svg = byChart.get(chart);
  if (svg === undefined) {
    svg = REPORT_CHARTS[DASHBOARD_CHARTS[chart]].svg(dashboard.report);
    byChart.set(chart, svg);
  }
  return svg;
}

/** What the dashboard page shows of each chart: its image's URL, its title and its figures in words. */
export function dashboardCharts(dashboard: Dashboard, campaignPath: string) {
  return Object.fromEntries(
    (Object.entries(DASHBOARD_CHARTS) as [DashboardChart, ReportChartName][]).map(([name, report]) => {
      const chart = REPORT_CHARTS[report];
      const src = `${campaignPath}/bieu-do/${name}.svg?v=${encodeURIComponent(dashboard.report.at)}`;
      return [report, { title: chart.title, text: chart.text(dashboard.report), src }];
    }),
  ) as Record<(typeof DASHBOARD_CHARTS)[DashboardChart], { title: string; text: string; src: string }>;
}

/** `build` is the dashboard page's own, so the charts are drawn from the dashboard it keeps. */
export function registerDashboardCharts(
  app: TypedApp,
  context: RouteContext,
  base: string,
  build: DashboardOptions['build'],
): void {
  app.get(`${base}/:campaignId/bieu-do/:chart`, { schema: { hide: true } }, async (request, reply) => {
    const { campaignId } = campaignParams(request);
    await authorizeSection(context, request, 'serviceCenter', campaignId);
    const file = (request.params as { chart: string }).chart;
    const chart = file.replace(/\.svg$/, '') as DashboardChart;
    if (!file.endsWith('.svg') || !Object.hasOwn(DASHBOARD_CHARTS, chart))
      throw notFound(
        `Không có biểu đồ ${file}; các biểu đồ là: ${Object.keys(DASHBOARD_CHARTS)
          .map((c) => `${c}.svg`)
          .join(', ')}.`,
      );
    const { dashboard } = await campaignDashboard(
      context.db,
      campaignId,
      await loadCampaignNow(context.db, campaignId, context.now()),
      { build },
    );
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('content-security-policy', SVG_POLICY)
      .header('cache-control', 'private, no-cache')
      .send(chartSvg(dashboard, chart));
  });
}

import type { RouteContext, TypedApp } from '../http/app';
import { campaignDashboard, type Dashboard, type DashboardOptions } from '../../read-side/dashboard';
import { allAgenciesOf, MISSING_TITLE, TOTALS_TITLE } from '../../reporting/deliverable-section';
import { fmtNumber } from '../../reporting/format';
import { loadCampaignNow } from '../campaign/campaign-clock';
import { loadCampaignRecord } from '../../read-side/campaign-roles';
import { notFound } from '../../shared/http-errors';
import { authorizeSection, campaignParams } from './role-pages';
import { sendPage } from './views';

// The dashboard's block for a campaign that declares what agencies deliver: each indicator's total
// over the accepted deliveries (all agencies), and how many agencies still miss a part, linked to
// the list of who misses which (the daily report's own section, from the dashboard's kept report).

const MISSING_PAGE = 'chua-nop-du';

/** What the dashboard shows of the declared deliverable; undefined for a campaign of Article 4 lists. */
export function deliverableTotalsView(dashboard: Dashboard, campaignPath: string) {
  const section = dashboard.report.deliverable;
  if (!section) return undefined;
  return {
    title: `${TOTALS_TITLE}: ${section.title}`,
    accepted: section.accepted,
    tables: section.tables.map((table) => {
      const all = allAgenciesOf(table);
      return {
        label: `${table.sectionTitle} — ${table.label} (${table.aggregateLabel.toLowerCase()}, ${all.label.toLowerCase()})`,
        columns: table.columns.map((c) => c.label),
        rows: table.indicators.map((i) => ({
          name: `${i.code}. ${i.label}`,
          unit: i.unit,
          values: table.columns.map((c) => {
            const value = all.cells[i.code]?.[c.key]?.value;
            return value === undefined ? '—' : fmtNumber(value);
          }),
        })),
      };
    }),
    missing: section.missing.total,
    missingHref: `${campaignPath}/${MISSING_PAGE}`,
  };
}

/** The list of agencies that have not delivered every part, and which. */
export function registerDeliverableMissingPage(
  app: TypedApp,
  context: RouteContext,
  base: string,
  build: DashboardOptions['build'],
): void {
  app.get(`${base}/:campaignId/${MISSING_PAGE}`, { schema: { hide: true } }, async (request, reply) => {
    const { campaignId } = campaignParams(request);
    await authorizeSection(context, request, 'serviceCenter', campaignId);
    const campaign = await loadCampaignRecord(context.db, campaignId);
    const now = await loadCampaignNow(context.db, campaignId, context.now());
    const { dashboard } = await campaignDashboard(context.db, campaignId, now, { build });
    const section = dashboard.report.deliverable;
    if (!section) throw notFound('Chiến dịch này không khai báo sản phẩm cơ quan phải nộp.');
    const path = `${base}/${encodeURIComponent(campaignId)}`;
    return sendPage({ request, reply }, 'deliverable-missing', MISSING_TITLE, {
      trail: [
        { label: 'Điều hành', href: base },
        { label: campaign.directiveNumber, href: path },
        { label: MISSING_TITLE },
      ],
      section,
      at: dashboard.report.at,
      beyond: section.missing.total - section.missing.agencies.length,
      agencyHref: (code: string) => `${path}/co-quan/${encodeURIComponent(code)}`,
      back: path,
    });
  });
}

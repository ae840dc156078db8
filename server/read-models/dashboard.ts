import type { Database } from '../../prisma/database';
import { buildCampaignReport, type AttentionRow, type CampaignReport } from '../../reporting';

// The Service Center's dashboard: the report's own figures (counts by stage and by kind of agency,
// progress, the late and perfunctory lists), and the escalations still open, agency by agency.

export interface OpenEscalation {
  code: string;
  name: string;
  label: string;
  target: string;
  raisedAt: string;
}

export interface Dashboard {
  report: CampaignReport;
  late: AttentionRow[];
  perfunctory: AttentionRow[];
  openEscalations: OpenEscalation[];
}

export async function campaignDashboard(db: Database, campaignId: string, at: Date): Promise<Dashboard> {
  const report = await buildCampaignReport({ db, campaignId, at });
  const openEscalations = report.agencies
    .flatMap((a) =>
      a.escalations
        .filter((e) => e.open)
        .map((e) => ({ code: a.code, name: a.name, label: e.label, target: e.target, raisedAt: e.raisedAt })),
    )
    .sort((x, y) => x.raisedAt.localeCompare(y.raisedAt) || x.code.localeCompare(y.code));
  return {
    report,
    late: report.attention.filter((a) => a.late),
    perfunctory: report.attention.filter((a) => a.perfunctory),
    openEscalations,
  };
}

import type { Database } from '../../prisma/database';
import { localDay } from '../../domain/working-days';
import { buildCampaignReport, type AttentionRow, type CampaignReport } from '../../reporting';

// The Service Center's dashboard: the report's own figures (counts by stage and by kind of agency,
// progress, the late and perfunctory lists), and the escalations still open, agency by agency.
//
// Building the report reads the whole campaign (about half a second at 10,000 agencies), so the
// built dashboard is kept and served again while the campaign's data version is unchanged: a few
// indexed aggregates (row counts and latest change times of the tables the report reads) taken
// before each read, so any write committed before a request shows in it. Lateness also moves with
// the clock, so a kept dashboard serves one local day and one minute at most.

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

/** How long a kept dashboard may be served while its data is unchanged. */
export const DASHBOARD_MAX_AGE_MS = 60_000;

interface Kept {
  version: string;
  day: string;
  builtAt: number;
  dashboard: Dashboard;
}

const kept = new WeakMap<Database, Map<string, Kept>>();

/**
 * What the report of a campaign is built from, summarised: it changes whenever a row the report
 * reads is written (every stage change updates its assignment's `updatedAt`; escalations, audit
 * events, agencies and calendar announcements are counted and their latest times read).
 */
export async function campaignDataVersion(db: Database, campaignId: string): Promise<string> {
  const where = { campaignId };
  const latest = <T>(row: T | null, pick: (row: T) => Date | null) => (row ? (pick(row)?.getTime() ?? '-') : '-');
  const parts = await Promise.all([
    db.campaign
      .findUnique({ where: { id: campaignId }, select: { updatedAt: true } })
      .then((c) => latest(c, (r) => r.updatedAt)),
    db.assignment.count({ where }),
    db.assignment
      .findFirst({ where, orderBy: { updatedAt: 'desc' }, select: { updatedAt: true } })
      .then((r) => latest(r, (x) => x.updatedAt)),
    db.agency.count({ where }),
    db.agency
      .findFirst({ where, orderBy: { updatedAt: 'desc' }, select: { updatedAt: true } })
      .then((r) => latest(r, (x) => x.updatedAt)),
    db.escalation.count({ where }),
    db.escalation.count({ where: { campaignId, resolvedAt: { not: null } } }),
    db.escalation
      .findFirst({ where, orderBy: { raisedAt: 'desc' }, select: { raisedAt: true } })
      .then((r) => latest(r, (x) => x.raisedAt)),
    db.escalation
      .findFirst({
        where: { campaignId, resolvedAt: { not: null } },
        orderBy: { resolvedAt: 'desc' },
        select: { resolvedAt: true },
      })
      .then((r) => latest(r, (x) => x.resolvedAt)),
    db.auditEvent.count({ where }),
    db.auditEvent
      .findFirst({ where, orderBy: { at: 'desc' }, select: { at: true } })
      .then((r) => latest(r, (x) => x.at)),
    db.calendarAnnouncement.count(),
    db.calendarAnnouncement
      .findFirst({ orderBy: { version: 'desc' }, select: { version: true } })
      .then((r) => r?.version ?? '-'),
  ]);
  return parts.join(':');
}

async function buildDashboard(db: Database, campaignId: string, at: Date): Promise<Dashboard> {
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

export async function campaignDashboard(db: Database, campaignId: string, at: Date): Promise<Dashboard> {
  // Read before the build: a write landing in between makes the next request's version differ.
  const version = await campaignDataVersion(db, campaignId);
  const day = localDay(at);
  const byCampaign = kept.get(db) ?? new Map<string, Kept>();
  kept.set(db, byCampaign);
  const hit = byCampaign.get(campaignId);
  const age = hit ? at.getTime() - hit.builtAt : -1;
  if (hit && hit.version === version && hit.day === day && age >= 0 && age < DASHBOARD_MAX_AGE_MS) return hit.dashboard;
  const dashboard = await buildDashboard(db, campaignId, at);
  byCampaign.set(campaignId, { version, day, builtAt: at.getTime(), dashboard });
  return dashboard;
}

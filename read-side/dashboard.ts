import type { Database } from '../prisma/database';
import { localDay } from '../domain/working-days';
import { buildCampaignReport, type AttentionRow, type CampaignReport } from '../reporting';
import { logger } from '../shared/logger';

// The Service Center's dashboard: the report's own figures (counts by stage and by kind of agency,
// progress, the late and perfunctory lists), and the escalations still open, agency by agency.
//
// Building the report reads the whole campaign (its time is in bench/README.md), so the built dashboard
// is kept and served again while the campaign's data version is unchanged: a few indexed aggregates
// (row counts and latest change times of the tables the report reads) taken before each read, so
// any write committed before a request is seen by it. Lateness also moves with the clock, so a kept
// dashboard is current for one local day and one minute at most.
//
// When the kept dashboard is no longer current, one rebuild per campaign starts (in a worker thread
// when the caller gives one, see dashboard-thread.ts) and the request waits for it `waitMs` at most
// (not at all when the last rebuild took longer): a small campaign gets its new figures at once; a
// large one is served the previous dashboard, marked as not current with the time it speaks for,
// and the next request after the rebuild gets the new one. A dashboard of an earlier local day is never served: the request waits instead.

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

/** How long a kept dashboard is current while its data is unchanged. */
const DASHBOARD_MAX_AGE_MS = 60_000;
/** How long a request waits for a rebuild before it is served the previous dashboard (not at all when the last rebuild took longer). */
const DASHBOARD_WAIT_MS = 150;

export interface DashboardView {
  dashboard: Dashboard;
  /** The instant the served dashboard speaks for. */
  builtAt: Date;
  /** False when data changed (or a minute passed) since it was built and its rebuild is still running. */
  current: boolean;
}

export interface DashboardOptions {
  /** Builds a campaign's dashboard: in this thread by default. */
  build?: (campaignId: string, at: Date) => Promise<Dashboard>;
  /** How long to wait for a rebuild when a previous dashboard of the same day could be served. */
  waitMs?: number;
}

interface Kept {
  version: string;
  day: string;
  builtAt: number;
  dashboard: Dashboard;
}

interface CampaignState {
  kept?: Kept;
  /** The one rebuild in flight, if any. */
  building?: Promise<Kept>;
  /** How long the last rebuild took: one longer than the wait is not waited for. */
  lastBuildMs?: number;
}

const states = new WeakMap<Database, Map<string, CampaignState>>();

function stateOf(db: Database, campaignId: string): CampaignState {
  const byCampaign = states.get(db) ?? new Map<string, CampaignState>();
  states.set(db, byCampaign);
  const state = byCampaign.get(campaignId) ?? {};
  byCampaign.set(campaignId, state);
  return state;
}

/**
 * What the report of a campaign is built from, summarised: it changes whenever a row the report
 * reads is written (every stage change updates its assignment's `updatedAt`; escalations, audit
 * events, agencies and calendar announcements are counted and their latest times read).
 */
async function campaignDataVersion(db: Database, campaignId: string): Promise<string> {
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

/** Builds a campaign's dashboard from its report at `at`, reading the whole campaign. */
export async function buildDashboard(db: Database, campaignId: string, at: Date): Promise<Dashboard> {
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

const isCurrent = (kept: Kept, version: string, at: Date) => {
  const age = at.getTime() - kept.builtAt;
  return kept.version === version && kept.day === localDay(at) && age >= 0 && age < DASHBOARD_MAX_AGE_MS;
};

/** The rebuild in flight, or a new one of `version` at `at`, whose result is kept. */
function rebuild(
  state: CampaignState,
  campaignId: string,
  version: string,
  at: Date,
  build: NonNullable<DashboardOptions['build']>,
): Promise<Kept> {
  if (state.building) return state.building;
  const started = performance.now();
  const building = build(campaignId, at)
    .then((dashboard) => {
      state.lastBuildMs = performance.now() - started;
      // One rebuild at a time per campaign: the one that ends last began last.
      const kept = { version, day: localDay(at), builtAt: at.getTime(), dashboard };
      state.kept = kept;
      return kept;
    })
    .finally(() => {
      if (state.building === building) state.building = undefined;
    });
  state.building = building;
  return building;
}

const view = (kept: Kept, current: boolean): DashboardView => ({
  dashboard: kept.dashboard,
  builtAt: new Date(kept.builtAt),
  current,
});

export async function campaignDashboard(
  db: Database,
  campaignId: string,
  at: Date,
  options: DashboardOptions = {},
): Promise<DashboardView> {
  const build = options.build ?? ((id: string, when: Date) => buildDashboard(db, id, when));
  // Read before the build: a write landing in between makes the next request's version differ.
  const version = await campaignDataVersion(db, campaignId);
  const state = stateOf(db, campaignId);
  const kept = state.kept;
  if (kept && isCurrent(kept, version, at)) return view(kept, true);
  if (!kept || kept.day !== localDay(at)) {
    // Nothing of this day to serve: wait, and once more if the rebuild joined began before the last write.
    let built = await rebuild(state, campaignId, version, at, build);
    if (built.version !== version) built = await rebuild(state, campaignId, version, at, build);
    return view(built, true);
  }
  const building = rebuild(state, campaignId, version, at, build);
  // A failed background rebuild is logged; the next request starts another.
  building.catch((error: unknown) => logger.error({ err: error, campaignId }, 'dashboard rebuild failed'));
  const slow = (state.lastBuildMs ?? 0) > DASHBOARD_WAIT_MS;
  const waitMs = options.waitMs ?? (slow ? 0 : DASHBOARD_WAIT_MS);
  let timer: NodeJS.Timeout | undefined;
  const built = await Promise.race([
    building.catch(() => undefined),
    new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs))),
  ]);
  clearTimeout(timer);
  if (built && built.version === version) return view(built, true);
  return view(state.kept ?? kept, false);
}

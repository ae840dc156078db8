import type { Client } from '@temporalio/client';
import type { Database } from '../prisma/database';
import { campaignCalendar } from '../domain/calendar/vietnam';
import { AGENCY_KINDS } from '../domain/agency-input';
import { escalationLabel } from '../domain/escalations';
import { createLatenessCalculator } from '../domain/lateness';
import { createDeadlineStatusCalculator, DEADLINE_STATUSES, DEADLINE_STATUS_LABELS } from '../domain/deadline-status';
import { DEFAULT_POLICY } from '../domain/policy';
import {
  ACCEPTED_STAGES,
  IN_REVIEW_STAGES,
  inStages,
  PENDING_STAGES,
  STAGE_LABELS,
  STAGES,
  WITHDRAWN_STAGES,
  type Stage,
} from '../domain/stages';
import { localDay, type WorkCalendar } from '../domain/working-days';
import { campaignClockOf, type CampaignClock } from '../domain/clock';
import { readWhoDidWhat, REPORT_RECENT_ACTIONS } from '../read-side/actions';
import { attentionList } from './attention';
import { dueSoonOf } from '../read-side/deadline-status-rule';
import { extensionSection } from './extension-section';
import { deliverableSection } from './deliverable-section';
import { latenessDistribution } from './lateness';
import {
  AGENCY_KIND_LABELS,
  type AgencyKind,
  type AgencyRow,
  type CampaignReport,
  type DeadlineStatusTotal,
  type EscalationEntry,
  type EscalationTotal,
  type KindTotal,
  type StageTotal,
  type TemporalCheck,
} from './model';
import { progressSeries } from './progress';
import { roundsSection } from './rounds-section';
import { readSnapshot, type Snapshot } from './snapshot';
import { checkTemporal } from './temporal-check';
import { awaitsApprovalRecord } from './approval-records';

// The reporting job's core: one snapshot of the system of record turned into the report model.

export interface BuildReportOptions {
  db: Database;
  campaignId: string;
  /** The campaign instant the report speaks for; by default campaign time at `realNow`. */
  at?: Date;
  /** The real now (the server's clock); the campaign's clock turns it into campaign time. Default the machine's. */
  realNow?: Date;
  /** Working-day calendar; by default the Vietnamese civil-service calendar over the campaign's years. */
  calendar?: WorkCalendar;
  /** Cross-check that every agency workflow exists in Temporal (visibility `Campaign = "<id>"`). */
  temporal?: { client: Client; list?: boolean };
  /** The same cross-check done elsewhere (the report thread asks the worker's main thread, which holds the client). */
  temporalCheck?: (campaignId: string, assignments: { workflowId: string; stage: string }[]) => Promise<TemporalCheck>;
  /** Returns that make a list perfunctory; by default the campaign's policy, else the default policy's. */
  perfunctoryReturnCount?: number;
}

export class CampaignNotFoundError extends Error {
  constructor(readonly campaignId: string) {
    super(`Không tìm thấy chiến dịch "${campaignId}" trong cơ sở dữ liệu.`);
    this.name = 'CampaignNotFoundError';
  }
}

const stageLabel = (stage: string) => STAGE_LABELS[stage as Stage] ?? stage;
const kindOf = (kind: string): AgencyKind =>
  (AGENCY_KINDS as readonly string[]).includes(kind) ? (kind as AgencyKind) : 'other';
const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

interface Definition {
  calendar?: unknown;
  policy?: { perfunctoryReturnCount?: unknown };
  reviewer?: { name?: unknown };
}

/** Agencies the recorded decision approves that had not recorded it when the snapshot was read. */
function partialOf(snapshot: Snapshot): Pick<CampaignReport, 'partial'> {
  if (snapshot.campaign.status !== 'approved') return {};
  const unrecordedApprovals = snapshot.assignments.filter(awaitsApprovalRecord).length;
  return unrecordedApprovals > 0 ? { partial: { unrecordedApprovals } } : {};
}

/** Section 6: who did what up to the report's instant. */
async function actionsSection(db: Database, campaignId: string, at: Date, clock: CampaignClock) {
  const who = await readWhoDidWhat(db, campaignId, at, clock, { recent: REPORT_RECENT_ACTIONS });
  return { actionTotal: who.total, actionCounts: who.people, actions: who.recent };
}

/** What the Temporal cross-check reads of each assignment. */
const crossChecked = (snapshot: Snapshot) =>
  snapshot.assignments.map(({ workflowId, stage }) => ({ workflowId, stage }));

function calendarFor(snapshot: Snapshot, at: Date): WorkCalendar {
  const { campaign } = snapshot;
  const dates = [at, campaign.directiveDate, campaign.submissionDeadline];
  for (const a of snapshot.assignments) {
    dates.push(a.submissionDeadline);
    if (a.resubmissionDeadline) dates.push(a.resubmissionDeadline);
  }
  const kind = (campaign.definition as Definition | null)?.calendar;
  return campaignCalendar(typeof kind === 'string' ? kind : undefined, dates, {
    all: snapshot.announcements,
    version: snapshot.calendarVersion.version,
  });
}

function perfunctoryThreshold(snapshot: Snapshot, option: number | undefined): number {
  const fromPolicy = (snapshot.campaign.definition as Definition | null)?.policy?.perfunctoryReturnCount;
  return option ?? (typeof fromPolicy === 'number' ? fromPolicy : DEFAULT_POLICY.perfunctoryReturnCount);
}

/** The campaign's own reviewer, named when only the review is late. */
function reviewerName(snapshot: Snapshot): string {
  const named = (snapshot.campaign.definition as Definition | null)?.reviewer?.name;
  return typeof named === 'string' && named ? named : (snapshot.campaign.reviewer ?? 'Cơ quan thẩm định');
}

function stageTotals(snapshot: Snapshot): StageTotal[] {
  const counts = new Map(snapshot.byStage.map((s) => [s.stage, s.count]));
  const known: StageTotal[] = STAGES.map((stage) => ({
    stage,
    label: STAGE_LABELS[stage],
    count: counts.get(stage) ?? 0,
  }));
  const unknown = snapshot.byStage
    .filter((s) => !(STAGES as readonly string[]).includes(s.stage))
    .map((s) => ({ stage: s.stage, label: s.stage, count: s.count }));
  return [...known, ...unknown];
}

function kindTotals(snapshot: Snapshot): KindTotal[] {
  return snapshot.byKind.map(({ kind, stages }) => ({
    kind: kind as AgencyKind,
    label: AGENCY_KIND_LABELS[kind as AgencyKind],
    total: stages.reduce((sum, s) => sum + s.count, 0),
    byStage: Object.fromEntries(stages.map((s) => [s.stage, s.count])),
  }));
}

function escalationsByAssignment(snapshot: Snapshot): Map<string, EscalationEntry[]> {
  const byAssignment = new Map<string, EscalationEntry[]>();
  for (const e of snapshot.escalations) {
    if (!e.assignmentId) continue;
    const list = byAssignment.get(e.assignmentId) ?? [];
    const handled = snapshot.handlings.get(e.id);
    list.push({
      id: e.id,
      kind: e.kind,
      label: escalationLabel(e.kind),
      target: e.target,
      open: e.resolvedAt === null,
      raisedAt: e.raisedAt.toISOString(),
      resolvedAt: iso(e.resolvedAt),
      deadline: iso(e.deadline),
      handled: handled ? { at: handled.at, personName: handled.personName, note: handled.note } : null,
    });
    byAssignment.set(e.assignmentId, list);
  }
  return byAssignment;
}

function escalationTotals(snapshot: Snapshot): EscalationTotal[] {
  const totals = new Map<string, EscalationTotal>();
  for (const e of snapshot.escalations) {
    const total = totals.get(e.kind) ?? {
      kind: e.kind,
      label: escalationLabel(e.kind),
      open: 0,
      resolved: 0,
      handled: 0,
    };
    if (e.resolvedAt === null) total.open += 1;
    else total.resolved += 1;
    if (snapshot.handlings.has(e.id)) total.handled += 1;
    totals.set(e.kind, total);
  }
  return [...totals.values()];
}

function deadlineStatusTotals(agencies: AgencyRow[]): DeadlineStatusTotal[] {
  return DEADLINE_STATUSES.map((status) => ({
    status,
    label: DEADLINE_STATUS_LABELS[status],
    count: agencies.filter((a) => a.deadlineStatus?.status === status).length,
  }));
}

export async function buildCampaignReport(options: BuildReportOptions): Promise<CampaignReport> {
  const snapshot = await readSnapshot(options.db, options.campaignId);
  if (!snapshot) throw new CampaignNotFoundError(options.campaignId);
  const { campaign } = snapshot;
  // Every date of the report is campaign time (a rehearsal's compressed clock, or the real one).
  const clock = campaignClockOf(campaign.definition);
  const generatedAt = new Date(clock.at((options.realNow ?? new Date()).getTime()));
  const at = options.at ?? generatedAt;
  const calendar = options.calendar ?? calendarFor(snapshot, at);
  const lateness = createLatenessCalculator(calendar, at);
  const statusOf = createDeadlineStatusCalculator(calendar, at, { dueSoonWorkingDays: dueSoonOf(campaign) });
  const escalations = escalationsByAssignment(snapshot);

  const agencies = snapshot.assignments.map((a) => agencyRow(a, snapshot, escalations, lateness, statusOf));

  const threshold = perfunctoryThreshold(snapshot, options.perfunctoryReturnCount);
  const attention = attentionList(agencies, threshold, reviewerName(snapshot));
  const stages = stageTotals(snapshot);
  const countOf = (group: readonly Stage[]) =>
    stages.filter((s) => inStages(group, s.stage)).reduce((sum, s) => sum + s.count, 0);
  const withdrawn = countOf(WITHDRAWN_STAGES);
  const deliverable = await deliverableSection(options.db, campaign.id);

  return {
    schemaVersion: 1,
    generatedAt: generatedAt.toISOString(),
    at: at.toISOString(),
    reportDay: localDay(at),
    campaign: campaignSection(campaign),
    summary: {
      agencies: snapshot.total,
      inReview: countOf(IN_REVIEW_STAGES),
      accepted: countOf(ACCEPTED_STAGES),
      pending: countOf(PENDING_STAGES),
      withdrawn,
      late: attention.filter((a) => a.late).length,
      perfunctory: attention.filter((a) => a.perfunctory).length,
      openEscalations: snapshot.escalations.filter((e) => e.resolvedAt === null).length,
      byDeadlineStatus: deadlineStatusTotals(agencies),
    },
    stages,
    kinds: kindTotals(snapshot),
    attention,
    agencies,
    progress: progressSeries(snapshot.firsts, campaign.directiveDate, at),
    lateness: latenessDistribution(agencies),
    escalations: escalationTotals(snapshot),
    perfunctoryReturnCount: threshold,
    deadlines: { calendar: snapshot.calendarVersion, suspended: suspendedAgencies(snapshot) },
    extensions: extensionSection(
      snapshot.assignments.map((a) => ({
        code: a.agencyCode,
        name: snapshot.agencies.get(a.agencyCode)?.name ?? a.agencyCode,
        rows: snapshot.extensions.get(a.id) ?? [],
      })),
      calendar,
    ),
    rounds: roundsSection(snapshot.rounds),
    ...(deliverable && { deliverable }),
    ...partialOf(snapshot),
    ...(await actionsSection(options.db, campaign.id, at, clock)),
    ...(options.temporalCheck
      ? { temporal: await options.temporalCheck(campaign.id, crossChecked(snapshot)) }
      : options.temporal
        ? { temporal: await checkTemporal(options.temporal, campaign.id, snapshot.assignments) }
        : {}),
  };
}

/** One agency's row: its stage, deadlines, lateness, colour status and escalations. */
function agencyRow(
  a: Snapshot['assignments'][number],
  snapshot: Snapshot,
  escalations: Map<string, EscalationEntry[]>,
  lateness: ReturnType<typeof createLatenessCalculator>,
  statusOf: ReturnType<typeof createDeadlineStatusCalculator>,
): AgencyRow {
  const agency = snapshot.agencies.get(a.agencyCode) ?? { name: a.agencyCode, kind: 'other' };
  const kind = kindOf(agency.kind);
  const lastSubmittedAt = snapshot.lastSubmittedAt.get(a.id) ?? null;
  const rowEscalations = escalations.get(a.id) ?? [];
  // One definition of lateness: "quá hạn" of the colour status is exactly isLate (domain/lateness.ts).
  const deadlineStatus = statusOf({
    stage: a.stage,
    deadlines: { submission: a.submissionDeadline, resubmission: a.resubmissionDeadline, review: a.reviewDeadline },
    overdue: a.overdue,
    suspended: snapshot.suspensions.has(a.id),
    openEscalations: rowEscalations
      .filter((e) => e.open)
      .map((e) => ({ kind: e.kind, deadline: e.deadline ? new Date(e.deadline) : null })),
    lastSubmittedAt,
  });
  return {
    code: a.agencyCode,
    name: agency.name,
    kind,
    kindLabel: AGENCY_KIND_LABELS[kind],
    stage: a.stage,
    stageLabel: stageLabel(a.stage),
    stageReason: a.stageReason,
    workflowId: a.workflowId,
    deadlines: {
      submission: a.submissionDeadline.toISOString(),
      resubmission: iso(a.resubmissionDeadline),
      review: iso(a.reviewDeadline),
    },
    lateness: lateness({
      stage: a.stage,
      submissionDeadline: a.submissionDeadline,
      resubmissionDeadline: a.resubmissionDeadline,
      lastSubmittedAt,
    }),
    returnCount: a.returnCount,
    campaignReturns: snapshot.campaignReturns.get(a.id) ?? 0,
    currentVersion: a.currentVersion,
    overdue: a.overdue,
    deadlineStatus,
    late: deadlineStatus?.status === 'overdue',
    lastSubmittedAt: iso(lastSubmittedAt),
    escalations: rowEscalations,
  };
}

function campaignSection(campaign: Snapshot['campaign']): CampaignReport['campaign'] {
  return {
    id: campaign.id,
    directiveNumber: campaign.directiveNumber,
    directiveDate: campaign.directiveDate.toISOString(),
    title: campaign.title,
    submissionDeadline: campaign.submissionDeadline.toISOString(),
    approvalDeadline: iso(campaign.approvalDeadline),
    status: campaign.status,
    consolidatedAt: iso(campaign.consolidatedAt),
    approvedAt: iso(campaign.approvedAt),
    decisionNumber: campaign.decisionNumber,
  };
}

/** The agencies whose deadline is suspended, with their suspension. */
function suspendedAgencies(snapshot: Snapshot) {
  return snapshot.assignments.flatMap((a) => {
    const suspension = snapshot.suspensions.get(a.id);
    const name = snapshot.agencies.get(a.agencyCode)?.name ?? a.agencyCode;
    return suspension ? [{ code: a.agencyCode, name, ...suspension }] : [];
  });
}

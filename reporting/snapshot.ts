import type { Prisma } from '../generated/prisma-sqlite/client';
import { inOneSnapshot, type Database, type DatabaseTransaction } from '../prisma/database';
import { AGENCY_KINDS } from '../domain/agency-input';
import { EXTENSION_AUDIT_ACTIONS } from '../domain/extension-requests';
import { readEscalationHandlings } from '../read-side/escalation-handlings';
import { campaignCalendarVersion, loadAnnouncementRows } from '../read-side/calendar-version';
import { openSuspensions } from '../read-side/suspensions';
import { catalogueRounds } from '../read-side/rounds';

// Everything the report reads, in a fixed handful of queries inside one read transaction, so the
// totals and the rows come from the same snapshot (no N+1: nothing here runs per agency).

type Tx = DatabaseTransaction;

/** Known kinds, then 'other' for anything else stored (agency.kind is free text in the table). */
const KIND_FILTERS: { kind: string; where: Prisma.AgencyWhereInput }[] = [
  ...AGENCY_KINDS.filter((k) => k !== 'other').map((kind) => ({ kind, where: { kind } })),
  { kind: 'other', where: { kind: { notIn: AGENCY_KINDS.filter((k) => k !== 'other') } } },
];

// Long by design: the one transaction's reads in order, each a flat select of what the report uses.
async function read(tx: Tx, campaignId: string) {
  const campaign = await tx.campaign.findUnique({ where: { id: campaignId } });
  if (!campaign) return undefined;
  const inCampaign = { campaignId };
  // Exact counts come from the database's own aggregation, not from the rows below.
  const total = await tx.assignment.count({ where: inCampaign });
  const byStage = await tx.assignment.groupBy({ by: ['stage'], where: inCampaign, _count: { _all: true } });
  const byKind = await stagesByKind(tx, campaignId);
  const assignments = await tx.assignment.findMany({
    where: inCampaign,
    select: {
      id: true,
      agencyCode: true,
      workflowId: true,
      stage: true,
      stageReason: true,
      catalogueRound: true,
      overdue: true,
      submissionDeadline: true,
      resubmissionDeadline: true,
      reviewDeadline: true,
      returnCount: true,
      currentVersion: true,
    },
    orderBy: { agencyCode: 'asc' },
  });
  // Names and kinds as this campaign gives them, in one query: many times faster than a nested
  // relation select at 10,000 rows.
  const agencies = await tx.agency.findMany({
    where: inCampaign,
    select: { code: true, name: true, kind: true },
  });
  // Latest submission per assignment: when the list the agency owed actually came.
  const submissions = await tx.submission.groupBy({
    by: ['assignmentId'],
    where: { assignment: inCampaign },
    _max: { submittedAt: true },
  });
  const campaignReturns = await campaignReturnsOf(tx, campaignId);
  const escalations = await tx.escalation.findMany({
    where: inCampaign,
    select: {
      id: true,
      assignmentId: true,
      kind: true,
      target: true,
      deadline: true,
      raisedAt: true,
      resolvedAt: true,
    },
    orderBy: [{ raisedAt: 'asc' }, { id: 'asc' }],
  });
  // What the Service Center did about them (domain/escalation-handling.ts).
  const handlings = await readEscalationHandlings(tx, campaignId);
  // First submit and first accept per assignment: the progress curve.
  const firsts = await tx.auditEvent.groupBy({
    by: ['assignmentId', 'action'],
    where: { ...inCampaign, action: { in: ['submit', 'accept'] }, assignmentId: { not: null } },
    _count: { _all: true },
    _min: { at: true },
    _max: { at: true },
  });
  const extensions = await extensionsByAssignment(tx, campaignId);
  const suspensions = await openSuspensions(tx, campaignId);
  const calendarVersion = await campaignCalendarVersion(tx, campaignId);
  const rounds = await catalogueRounds(tx, campaignId);
  const announcements = await loadAnnouncementRows(tx);
  return {
    calendarVersion,
    rounds,
    announcements,
    campaign,
    total,
    suspensions,
    byStage: byStage.map((r) => ({ stage: r.stage, count: r._count._all })),
    byKind,
    assignments,
    agencies: new Map(agencies.map((a) => [a.code, a])),
    lastSubmittedAt: new Map(submissions.map((s) => [s.assignmentId, s._max.submittedAt])),
    campaignReturns,
    escalations,
    handlings,
    extensions,
    firsts: firsts.map((f) => ({ assignmentId: f.assignmentId!, action: f.action, at: f._min.at! })),
  };
}

/** Each kind's agencies counted by stage, by the database. */
async function stagesByKind(tx: Tx, campaignId: string) {
  const inCampaign = { campaignId };
  const byKind: { kind: string; stages: { stage: string; count: number }[] }[] = [];
  for (const { kind, where } of KIND_FILTERS) {
    const rows = await tx.assignment.groupBy({
      by: ['stage'],
      where: { ...inCampaign, agency: where },
      _count: { _all: true },
    });
    byKind.push({ kind, stages: rows.map((r) => ({ stage: r.stage, count: r._count._all })) });
  }
  return byKind;
}

/** Returns the reviewer made in this campaign, per assignment (a list launched "returned" was returned before it). */
async function campaignReturnsOf(tx: Tx, campaignId: string) {
  const returned = await tx.reviewDecision.findMany({
    where: { assignment: { campaignId }, decision: 'returned' },
    select: { assignmentId: true },
  });
  const campaignReturns = new Map<string, number>();
  for (const { assignmentId } of returned)
    campaignReturns.set(assignmentId, (campaignReturns.get(assignmentId) ?? 0) + 1);
  return campaignReturns;
}

/** Extension requests and their answers per assignment: the report's extension section rebuilds them per agency. */
async function extensionsByAssignment(tx: Tx, campaignId: string) {
  const inCampaign = { campaignId };
  const extensionRows = await tx.auditEvent.findMany({
    where: { ...inCampaign, action: { in: [...EXTENSION_AUDIT_ACTIONS] }, assignmentId: { not: null } },
    select: { assignmentId: true, action: true, actor: true, at: true, payload: true },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  });
  const extensions = new Map<string, typeof extensionRows>();
  for (const row of extensionRows) {
    const list = extensions.get(row.assignmentId!) ?? [];
    list.push(row);
    extensions.set(row.assignmentId!, list);
  }
  return extensions;
}

export type Snapshot = NonNullable<Awaited<ReturnType<typeof read>>>;

export function readSnapshot(db: Database, campaignId: string): Promise<Snapshot | undefined> {
  return inOneSnapshot(db, (tx) => read(tx, campaignId), { timeout: 120_000, maxWait: 30_000 });
}

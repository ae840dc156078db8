import { campaignClockOf } from '../domain/clock';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { campaignWorkflowId } from '../domain/campaign-input';
import { DEADLINE_STATUSES, DEADLINE_STATUS_LABELS, describeDeadlineStatus } from '../domain/deadline-status';
import { runningDeadline } from '../domain/lateness';
import type { Database } from '../prisma/database';
import { describeAction, describeCount, readWhoDidWhat } from './actions';
import { campaignCalendarVersion, describeCalendarVersion } from './calendar-version';
import { loadDeadlineStatusRule } from './deadline-status-rule';
import { openSuspensions } from './suspensions';
import { campaignStateQuery } from '../workflows/campaign/messages';
import { loadCampaignRow } from './campaign-roles';
import { queryWorkflow } from './query-workflow';

// Where a campaign stands, as `campaign status` prints it: the counts from the database (there even
// when the worker is down) and the campaign workflow's own state (asked with a deadline, so a
// stopped worker is reported instead of waited for).

/** Actions the view lists (the report has them all). */
const RECENT_ACTIONS = 10;

const day = z.string();
export const campaignStatusViewSchema = z.object({
  campaign: z.object({
    id: z.string(),
    directiveNumber: z.string(),
    directiveDate: day,
    title: z.string(),
    status: z.string(),
    submissionDeadline: day,
    approvalDeadline: day.nullable(),
  }),
  /** The names the campaign file gave each role. */
  roles: z.object({
    reviewer: z.string().optional(),
    approver: z.string().optional(),
    serviceCenter: z.string().optional(),
  }),
  /** The campaign workflow's state; absent when it has none or its worker did not answer. */
  state: z
    .object({
      phase: z.string(),
      consolidation: z
        .object({
          round: z.number(),
          at: z.string(),
          by: z.string(),
          procedures: z.number(),
          entries: z.number(),
          agencies: z.number(),
          missing: z.array(z.string()),
          files: z.object({ xlsx: z.string() }),
        })
        .optional(),
      sentBack: z.object({ by: z.string(), reasons: z.string(), at: z.string() }).optional(),
      telling: z
        .object({ event: z.enum(['consolidated', 'approved']), told: z.number(), done: z.boolean() })
        .optional(),
      decision: z
        .object({ decisionNumber: z.string(), decisionDate: z.string(), signer: z.string(), at: z.string() })
        .optional(),
    })
    .optional(),
  /** Set when the campaign workflow's worker did not answer in time: where it was asked. */
  workerNotAnswering: z.object({ taskQueue: z.string(), temporalAddress: z.string() }).optional(),
  /** Agencies per stage, as the database holds them. */
  stages: z.array(z.object({ stage: z.string(), count: z.number() })),
  total: z.number(),
  late: z.number(),
  openSupport: z.number(),
  openEscalations: z.number(),
  /** Runs of this campaign's workflows that dondoc did not start: refused by the workers, shown here. */
  tamperedRuns: z.array(
    z.object({ workflowId: z.string(), runId: z.string(), reason: z.string(), firstSeenAt: z.string() }),
  ),
  suspended: z.number(),
  /** Agencies per colour status (domain/deadline-status.ts), the classes that have any. */
  byStatus: z.array(z.object({ label: z.string(), count: z.number() })),
  /** The working-day calendar version, described. */
  calendar: z.string(),
  /** Who did what: how many actions, the people counted per person and action, the latest ones described, newest first. */
  actions: z.object({ total: z.number(), people: z.array(z.string()), recent: z.array(z.string()) }),
  agencies: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      stage: z.string(),
      version: z.number(),
      deadline: z.object({ kind: z.string(), at: z.string() }).optional(),
      status: z.string().optional(),
      overdue: z.boolean(),
      pause: z.object({ since: z.string(), reason: z.string(), workingDaysLeft: z.number() }).optional(),
    }),
  ),
});
export type CampaignStatusView = z.infer<typeof campaignStatusViewSchema>;

const storedRoles = z.object({
  reviewer: z.object({ name: z.string() }).optional(),
  approver: z.object({ name: z.string() }).optional(),
  serviceCenter: z.object({ name: z.string() }).optional(),
});

async function campaignState(
  client: Client,
  db: Database,
  campaignId: string,
  temporalAddress: string,
): Promise<Pick<CampaignStatusView, 'state' | 'workerNotAnswering'>> {
  const asked = await queryWorkflow({ client, db }, campaignWorkflowId(campaignId), campaignStateQuery);
  if ('answer' in asked) return { state: asked.answer };
  if ('notFound' in asked || 'failed' in asked) return {};
  return { workerNotAnswering: { taskQueue: asked.noWorker.taskQueue ?? 'không rõ', temporalAddress } };
}

/** The runs of the campaign's workflows the workers refused as not started by dondoc, newest first. */
export async function tamperedRuns(db: Database, campaignId: string) {
  const rows = await db.tamperedRun.findMany({
    where: { campaignId },
    orderBy: { firstSeenAt: 'desc' },
    take: 50,
  });
  return rows.map((row) => ({
    workflowId: row.workflowId,
    runId: row.runId,
    reason: row.reason,
    firstSeenAt: row.firstSeenAt.toISOString(),
  }));
}

export async function campaignStatusView(
  deps: { db: Database; client: Client; temporalAddress: string },
  campaignId: string,
  /** Campaign time (server/campaign/campaign-clock.ts). */
  now: Date,
): Promise<CampaignStatusView> {
  const { db } = deps;
  const row = await loadCampaignRow(db, campaignId);
  const names = storedRoles.safeParse(row.definition ?? {}).data ?? {};
  const { state, workerNotAnswering } = await campaignState(deps.client, deps.db, campaignId, deps.temporalAddress);

  const groups = await db.assignment.groupBy({ by: ['stage'], where: { campaignId }, _count: { _all: true } });
  const assignments = await db.assignment.findMany({
    where: { campaignId },
    include: { agency: true },
    orderBy: { agencyCode: 'asc' },
  });
  const suspended = await openSuspensions(db, campaignId);
  // The colour status: its "Quá hạn" is the one lateness rule, as the report's.
  const statusOf = await loadDeadlineStatusRule(db, row, now);
  const statuses = new Map(assignments.map((a) => [a.id, statusOf(a)]));
  const actions = await readWhoDidWhat(db, campaignId, now, campaignClockOf(row.definition), {
    recent: RECENT_ACTIONS,
  });
  return {
    campaign: {
      id: row.id,
      directiveNumber: row.directiveNumber,
      directiveDate: row.directiveDate.toISOString(),
      title: row.title,
      status: row.status,
      submissionDeadline: row.submissionDeadline.toISOString(),
      approvalDeadline: row.approvalDeadline?.toISOString() ?? null,
    },
    roles: {
      reviewer: names.reviewer?.name ?? row.reviewer ?? undefined,
      approver: names.approver?.name ?? row.approver ?? undefined,
      serviceCenter: names.serviceCenter?.name,
    },
    state,
    workerNotAnswering,
    stages: groups.map((g) => ({ stage: g.stage, count: g._count._all })),
    total: groups.reduce((sum, g) => sum + g._count._all, 0),
    late: [...statuses.values()].filter((s) => s?.status === 'overdue').length,
    openSupport: await db.supportRequest.count({ where: { campaignId, answeredAt: null } }),
    tamperedRuns: await tamperedRuns(db, campaignId),
    openEscalations: await db.escalation.count({ where: { campaignId, resolvedAt: null } }),
    suspended: suspended.size,
    byStatus: DEADLINE_STATUSES.map((status) => ({
      label: DEADLINE_STATUS_LABELS[status],
      count: [...statuses.values()].filter((s) => s?.status === status).length,
    })).filter((entry) => entry.count > 0),
    calendar: describeCalendarVersion(await campaignCalendarVersion(db, campaignId)),
    actions: {
      total: actions.total,
      people: actions.people.map(describeCount),
      recent: [...actions.recent].reverse().map(describeAction),
    },
    agencies: assignments.map((a) => {
      const deadline = runningDeadline(a.stage, {
        submission: a.submissionDeadline,
        resubmission: a.resubmissionDeadline,
        review: a.reviewDeadline,
      });
      const status = statuses.get(a.id);
      const pause = suspended.get(a.id);
      return {
        code: a.agencyCode,
        name: a.agency.name,
        stage: a.stage,
        version: a.currentVersion,
        deadline: deadline && { kind: deadline.kind, at: deadline.at.toISOString() },
        status: status ? describeDeadlineStatus(status) : undefined,
        overdue: status?.status === 'overdue',
        pause: pause && { since: pause.since, reason: pause.reason, workingDaysLeft: pause.workingDaysLeft },
      };
    }),
  };
}

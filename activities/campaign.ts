import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Prisma } from '../generated/prisma-sqlite/client';
import type { Database } from '../prisma/database';
import { campaignEventSignal, type CampaignEvent, type ConsolidationSummary } from '../workflows/campaign/messages';
import { auditRowOnce, refuseOtherAuditRow, type AuditEntry } from './audit';
import { campaignWorkflowId } from '../domain/campaign-input';
import { approvalAuditKey } from '../domain/rounds';
import { createConsolidation, type ConsolidateInput } from './consolidation';
import { mapLimit } from '../shared/map-limit';

// Campaign-wide work: counts, consolidation, and fanning a campaign event out to every agency.
// Each activity reads the database, so it scales with the roster without growing any history.
export interface CampaignActivityOptions {
  client: Client;
  /** Where consolidated catalogues are written: <exportDir>/<campaignId>/lan-<round>/. */
  exportDir: string;
  /** The store of delivered files (DONDOC_FILES_DIR): a round's folder gets the accepted ones. */
  filesDir?: string;
}

const SIGNAL_CONCURRENCY = 32;
/** Agencies whose runs are read in one statement (SQLite binds at most 999 values). */
const RUN_LOOKUP_PAGE = 500;

/** The campaign's audit action behind each event it sends to the agencies. */
const EVENT_ACTIONS: Record<CampaignEvent['type'], string> = {
  consolidated: 'consolidate',
  approved: 'approve',
  cancelled: 'cancel',
};
/** The campaign statuses in which each event holds. */
const EVENT_STATUSES: Record<CampaignEvent['type'], string[]> = {
  consolidated: ['consolidated', 'approved'],
  approved: ['approved'],
  cancelled: ['cancelled'],
};

/** The campaign's own record of an event, as an agency workflow asks for it before acting on a signal. */
export interface CampaignEventConfirmation {
  confirmed: boolean;
  /** Who decided it, from the campaign's audit row. */
  by?: string;
  reason?: string;
}

/** Runs `work`, telling Temporal this attempt is alive while it does (a large campaign takes a while). */
async function whileAlive<T>(work: () => Promise<T>): Promise<T> {
  const context = Context.current();
  const beat = setInterval(() => context.heartbeat(), 10_000);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}

export function createCampaignActivities(db: Database, options: CampaignActivityOptions) {
  const { consolidate, exportApproved, exportRound } = createConsolidation(db, options.exportDir, options.filesDir);

  /**
   * Signals the agencies, each on the run the launch started (a run that replaced one around the
   * server hears nothing), SIGNAL_CONCURRENCY in flight; `signalled` is called as each is done.
   */
  async function signalEach(
    targets: { workflowId: string }[],
    event: CampaignEvent,
    signalled: () => void = () => {},
  ): Promise<void> {
    const runs = [];
    for (let next = 0; next < targets.length; next += RUN_LOOKUP_PAGE)
      runs.push(
        ...(await db.workflowRun.findMany({
          where: {
            workflowId: { in: targets.slice(next, next + RUN_LOOKUP_PAGE).map((target) => target.workflowId) },
            runId: { not: null },
          },
          select: { workflowId: true, runId: true },
        })),
      );
    await mapLimit(runs, SIGNAL_CONCURRENCY, async ({ workflowId, runId }) => {
      await options.client.workflow
        .getHandle(workflowId, runId!)
        .signal(campaignEventSignal, event)
        .catch((error: unknown) => {
          if (!(error instanceof WorkflowNotFoundError)) throw error; // already closed
        });
      signalled();
    });
  }

  return {
    async campaignCounts(campaignId: string): Promise<{ total: number; byStage: Record<string, number> }> {
      const groups = await db.assignment.groupBy({ by: ['stage'], where: { campaignId }, _count: { _all: true } });
      const byStage = Object.fromEntries(groups.map((group) => [group.stage, group._count._all]));
      return { total: Object.values(byStage).reduce((sum, n) => sum + n, 0), byStage };
    },

    /** Builds the catalogue from the accepted lists, writes it and its files, escalates the missing. */
    async consolidateCampaign(input: ConsolidateInput): Promise<ConsolidationSummary> {
      return whileAlive(() => consolidate(input));
    },

    /** A consolidation's files, written after its Update answered (the catalogue of 10,000 agencies takes seconds). */
    async exportConsolidation(input: {
      campaignId: string;
      round: number;
      catalogueRound: number;
      at: string;
    }): Promise<{ xlsx: string; csv: string }> {
      return whileAlive(() => exportRound(input));
    },

    async recordCampaignStatus(input: {
      campaignId: string;
      status: string;
      decision?: { decisionNumber: string; decisionDate: string; signer: string; at: string };
      /** The round the decision approves (1 when absent); a later round's decision supplements the first. */
      round?: number;
      /** The consolidation approved: its number (its files' folder) and instant. */
      consolidation?: { round: number; at: string };
      /** The command that changed it, for the audit trail (approval, send-back, cancellation). */
      audit?: Omit<AuditEntry, 'campaignId'>;
    }): Promise<void> {
      const round = input.round ?? 1;
      const audit = input.audit && { ...input.audit, campaignId: input.campaignId };
      if (audit) await refuseOtherAuditRow(db, audit);
      const update = db.campaign.update({
        where: { id: input.campaignId },
        data: {
          status: input.status,
          // The campaign's decision columns hold the first decision; a supplement's is in its audit row.
          ...(input.decision && round === 1
            ? {
                decisionNumber: input.decision.decisionNumber,
                decisionDate: new Date(`${input.decision.decisionDate}T00:00:00+07:00`),
                decisionSigner: input.decision.signer,
                approvedAt: new Date(input.decision.at),
              }
            : {}),
        },
      });
      const writes: Prisma.PrismaPromise<unknown>[] = [update];
      if (audit) writes.push(auditRowOnce(db, audit));
      await db.$transaction(writes);
      if (input.decision) await exportApproved(input.campaignId, round, input.decision, input.consolidation);
    },

    /**
     * Whether the campaign really decided an event an agency was signalled: its recorded status, and
     * for a consolidation, that the agency was accepted before it (one accepted later is not in the
     * catalogue). Only the campaign workflow's activities write these records.
     */
    async confirmCampaignEvent(input: {
      campaignId: string;
      assignmentId: string;
      type: CampaignEvent['type'];
    }): Promise<CampaignEventConfirmation> {
      const [campaign, assignment] = await Promise.all([
        db.campaign.findUnique({ where: { id: input.campaignId }, select: { status: true, consolidatedAt: true } }),
        db.assignment.findUnique({ where: { id: input.assignmentId }, select: { catalogueRound: true } }),
      ]);
      if (!campaign) return { confirmed: false };
      const round = assignment?.catalogueRound ?? null;
      if (input.type === 'consolidated' && round === null) {
        // No round took this list. Only a campaign consolidated before rounds were recorded (no list
        // has one) confirms by time: accepted before the consolidation.
        if (!EVENT_STATUSES.consolidated.includes(campaign.status)) return { confirmed: false };
        const rounded = await db.assignment.count({
          where: { campaignId: input.campaignId, catalogueRound: { not: null } },
        });
        if (rounded > 0) return { confirmed: false };
        const accepted = await db.auditEvent.findFirst({
          where: { assignmentId: input.assignmentId, action: 'accept' },
          orderBy: { at: 'desc' },
          select: { at: true },
        });
        if (!accepted || !campaign.consolidatedAt || accepted.at > campaign.consolidatedAt) return { confirmed: false };
      } else if (input.type === 'approved' && round !== null) {
        // The decision of the agency's own round, whatever round the campaign is in now.
        const approval = await db.auditEvent.findUnique({
          where: { idempotencyKey: approvalAuditKey(campaignWorkflowId(input.campaignId), round) },
          select: { id: true },
        });
        if (!approval) return { confirmed: false };
      } else if (input.type !== 'consolidated' && !EVENT_STATUSES[input.type].includes(campaign.status))
        return { confirmed: false };
      const decision = await db.auditEvent.findFirst({
        where: { campaignId: input.campaignId, assignmentId: null, action: EVENT_ACTIONS[input.type] },
        orderBy: { at: 'desc' },
        select: { actor: true, payload: true },
      });
      const reason = (decision?.payload as { reason?: unknown } | null)?.reason;
      return {
        confirmed: true,
        by: decision?.actor,
        ...(typeof reason === 'string' && { reason }),
      };
    },

    /**
     * Signals every agency of the campaign in the given stages. Resumes after a retry from the
     * heartbeat; an agency that already moved on simply ignores the signal.
     */
    async signalAgencies(input: { campaignId: string; stages: string[]; event: CampaignEvent }): Promise<number> {
      const context = Context.current();
      // Resume by key, not by position: agencies already signalled have left these stages, so a
      // fresh query is shorter and a saved index would skip agencies never signalled.
      const progress = (context.info.heartbeatDetails as { after: string; done: number } | undefined) ?? {
        after: '',
        done: 0,
      };
      const targets = await db.assignment.findMany({
        where: { campaignId: input.campaignId, stage: { in: input.stages }, workflowId: { gt: progress.after } },
        select: { workflowId: true },
        orderBy: { workflowId: 'asc' },
      });
      let { done } = progress;
      for (let next = 0; next < targets.length; next += SIGNAL_CONCURRENCY) {
        const batch = targets.slice(next, next + SIGNAL_CONCURRENCY);
        await signalEach(batch, input.event);
        done += batch.length;
        context.heartbeat({ after: batch.at(-1)!.workflowId, done });
      }
      return done;
    },

    /**
     * One page of a fan-out the workflow drives itself (and shows its progress): the next `limit`
     * agencies in the given stages after `after`, by workflow ID, each signalled once per attempt.
     * Repeating a page is harmless: an agency ignores an event it has already recorded.
     */
    async signalAgencyPage(input: {
      campaignId: string;
      stages: string[];
      event: CampaignEvent;
      after: string;
      limit: number;
    }): Promise<{ signalled: number; last?: string }> {
      const context = Context.current();
      const targets = await db.assignment.findMany({
        where: { campaignId: input.campaignId, stage: { in: input.stages }, workflowId: { gt: input.after } },
        select: { workflowId: true },
        orderBy: { workflowId: 'asc' },
        take: input.limit,
      });
      await signalEach(targets, input.event, () => context.heartbeat());
      return { signalled: targets.length, ...(targets.length > 0 && { last: targets.at(-1)!.workflowId }) };
    },
  };
}

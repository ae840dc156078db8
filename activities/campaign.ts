import type { ActingPerson } from '../domain/actor-proof';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { Prisma } from '../generated/prisma-sqlite/client';
import type { Database } from '../prisma/database';
import { agencyListSchema } from '../domain/agency-list';
import { campaignEventSignal, type CampaignEvent, type ConsolidationSummary } from '../workflows/campaign/messages';
import { mergeLists } from '../domain/catalogue';
import { auditRowOnce, type AuditEntry } from './audit';
import { campaignWorkflowId } from '../domain/campaign-input';
import {
  CONSOLIDATION_FIELDS,
  inCatalogueAtConsolidation,
  missingAtConsolidation,
  withinOwnDeadline,
} from '../domain/consolidation';
import { openSuspensions } from '../read-side/suspensions';
import { ACCEPTED_STAGES } from '../domain/stages';

// Campaign-wide work: counts, consolidation, and fanning a campaign event out to every agency.
// Each activity reads the database, so it scales with the roster without growing any history.
// exceljs (the catalogue's .xlsx) is loaded by the first consolidation, not by every worker at start.
const catalogueExport = () =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use, typed as the module
  require('./catalogue-export') as typeof import('./catalogue-export');

export interface CampaignActivityOptions {
  client: Client;
  /** Where consolidated catalogues are written: <exportDir>/<campaignId>/lan-<round>/. */
  exportDir: string;
}

const SIGNAL_CONCURRENCY = 32;

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

export function createCampaignActivities(db: Database, options: CampaignActivityOptions) {
  /** Builds the catalogue from the accepted lists, writes it and its files, escalates the missing. */
  async function consolidate(input: {
    campaignId: string;
    round: number;
    by: string;
    person?: ActingPerson;
    at: string;
    directive: string;
  }): Promise<ConsolidationSummary> {
    const { campaignId, round, at } = input;
    const assignments = await db.assignment.findMany({
      where: { campaignId },
      select: { ...CONSOLIDATION_FIELDS, agency: { select: { name: true } } },
    });
    const suspended = await openSuspensions(db, campaignId);
    const inCatalogue = assignments.filter((a) => inCatalogueAtConsolidation(a.stage));
    const submissions = await db.submission.findMany({
      where: { assignment: { campaignId, stage: { in: [...ACCEPTED_STAGES] } } },
      select: { assignmentId: true, version: true, content: true },
    });
    const current = new Map(inCatalogue.map((a) => [a.id, a]));
    const lists = submissions
      .filter((s) => current.get(s.assignmentId)?.currentVersion === s.version)
      .map((s) => ({ agencyCode: current.get(s.assignmentId)!.agencyCode, list: agencyListSchema.parse(s.content) }));
    const rows = mergeLists(lists);

    await db.$transaction([
      db.catalogueEntry.deleteMany({ where: { campaignId } }),
      db.catalogueEntry.createMany({
        data: rows.map((row) => ({
          id: `${campaignId}|${row.procedureCode}|${row.documentKey}`,
          campaignId,
          procedureCode: row.procedureCode,
          procedureName: row.procedureName,
          documentName: row.documentName,
          documentKey: row.documentKey,
          kind: row.kind,
          agencyCodes: row.agencyCodes,
        })),
      }),
      db.campaign.update({ where: { id: campaignId }, data: { status: 'consolidated', consolidatedAt: new Date(at) } }),
      auditRowOnce(db, {
        key: `${campaignWorkflowId(campaignId)}:consolidate:${round}`,
        campaignId,
        actor: input.by,
        person: input.person,
        action: 'consolidate',
        payload: { round },
        at,
      }),
    ]);

    // Agencies whose own deadline still runs are not missing (withinOwnDeadline).
    const missing = assignments.filter(
      (a) =>
        missingAtConsolidation(a.stage) && !withinOwnDeadline({ ...a, suspended: suspended.has(a.id) }, new Date(at)),
    );
    const keys = missing.map((a) => `${campaignId}:missing_at_consolidation:${round}:${a.agencyCode}`);
    const existing = new Set(
      (await db.escalation.findMany({ where: { idempotencyKey: { in: keys } }, select: { idempotencyKey: true } })).map(
        (e) => e.idempotencyKey,
      ),
    );
    const fresh = missing.filter((_, i) => !existing.has(keys[i]!));
    if (fresh.length > 0) {
      await db.escalation.createMany({
        data: fresh.map((a) => {
          const key = `${campaignId}:missing_at_consolidation:${round}:${a.agencyCode}`;
          return {
            id: key,
            idempotencyKey: key,
            campaignId,
            assignmentId: a.id,
            kind: 'missing_at_consolidation',
            target: 'agency',
            raisedAt: new Date(at),
            evidence: { stage: a.stage, round } as Prisma.InputJsonValue,
          };
        }),
      });
    }

    const agencyNames = new Map(assignments.map((a) => [a.agencyCode, a.agency.name]));
    const { exportCatalogue } = catalogueExport();
    const files = await exportCatalogue(
      path.join(options.exportDir, campaignId, `lan-${round}`),
      { campaignId, directive: input.directive, at },
      lists,
      agencyNames,
    );
    return {
      round,
      at,
      by: input.by,
      procedures: new Set(rows.map((row) => row.procedureCode)).size,
      entries: rows.length,
      agencies: lists.length,
      missing: missing.map((a) => a.agencyCode),
      files,
    };
  }

  /**
   * The round's files once approved: the same catalogue, now headed "Ban hành kèm theo Quyết định số
   * … ngày … của Chủ tịch UBND tỉnh" (the draft line replaced). Written again whole by a retry.
   */
  async function exportApproved(campaignId: string): Promise<void> {
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    if (!campaign.decisionNumber || !campaign.decisionDate || !campaign.consolidatedAt) return;
    const consolidations = await db.auditEvent.findMany({
      where: { campaignId, action: 'consolidate', assignmentId: null },
      select: { idempotencyKey: true },
    });
    const round = Math.max(0, ...consolidations.map((row) => Number(row.idempotencyKey.split(':').at(-1)) || 0));
    if (round === 0) return;
    const entries = await db.catalogueEntry.findMany({ where: { campaignId }, select: { agencyCodes: true } });
    const codes = [...new Set(entries.flatMap((entry) => entry.agencyCodes as string[]))];
    const assignments = await db.assignment.findMany({
      where: { campaignId, agencyCode: { in: codes } },
      select: { id: true, agencyCode: true, currentVersion: true, agency: { select: { name: true } } },
    });
    const submissions = await db.submission.findMany({
      where: { assignmentId: { in: assignments.map((a) => a.id) } },
      select: { assignmentId: true, version: true, content: true },
    });
    const byId = new Map(assignments.map((a) => [a.id, a]));
    const lists = submissions
      .filter((s) => byId.get(s.assignmentId)?.currentVersion === s.version)
      .map((s) => ({ agencyCode: byId.get(s.assignmentId)!.agencyCode, list: agencyListSchema.parse(s.content) }));
    await catalogueExport().exportCatalogue(
      path.join(options.exportDir, campaignId, `lan-${round}`),
      {
        campaignId,
        directive: campaign.directiveNumber,
        at: campaign.consolidatedAt.toISOString(),
        decision: { number: campaign.decisionNumber, date: campaign.decisionDate },
      },
      lists,
      new Map(assignments.map((a) => [a.agencyCode, a.agency.name])),
    );
  }

  return {
    async campaignCounts(campaignId: string): Promise<{ total: number; byStage: Record<string, number> }> {
      const groups = await db.assignment.groupBy({ by: ['stage'], where: { campaignId }, _count: { _all: true } });
      const byStage = Object.fromEntries(groups.map((group) => [group.stage, group._count._all]));
      return { total: Object.values(byStage).reduce((sum, n) => sum + n, 0), byStage };
    },

    /** Builds the catalogue from the accepted lists, writes it and its files, escalates the missing. */
    async consolidateCampaign(input: {
      campaignId: string;
      round: number;
      by: string;
      person?: ActingPerson;
      at: string;
      directive: string;
    }): Promise<ConsolidationSummary> {
      // A large campaign takes a while: keep telling Temporal this attempt is alive.
      const context = Context.current();
      const beat = setInterval(() => context.heartbeat(), 10_000);
      try {
        return await consolidate(input);
      } finally {
        clearInterval(beat);
      }
    },

    async recordCampaignStatus(input: {
      campaignId: string;
      status: string;
      decision?: { decisionNumber: string; decisionDate: string; signer: string; at: string };
      /** The command that changed it, for the audit trail (approval, send-back, cancellation). */
      audit?: Omit<AuditEntry, 'campaignId'>;
    }): Promise<void> {
      const update = db.campaign.update({
        where: { id: input.campaignId },
        data: {
          status: input.status,
          ...(input.decision
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
      if (input.audit) writes.push(auditRowOnce(db, { ...input.audit, campaignId: input.campaignId }));
      await db.$transaction(writes);
      if (input.decision) await exportApproved(input.campaignId);
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
      const campaign = await db.campaign.findUnique({
        where: { id: input.campaignId },
        select: { status: true, consolidatedAt: true },
      });
      if (!campaign || !EVENT_STATUSES[input.type].includes(campaign.status)) return { confirmed: false };
      if (input.type === 'consolidated') {
        const accepted = await db.auditEvent.findFirst({
          where: { assignmentId: input.assignmentId, action: 'accept' },
          orderBy: { at: 'desc' },
          select: { at: true },
        });
        if (!accepted || !campaign.consolidatedAt || accepted.at > campaign.consolidatedAt) return { confirmed: false };
      }
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
        // The runs the launch started: a run that replaced one around the server hears nothing.
        const runs = await db.workflowRun.findMany({
          where: { workflowId: { in: batch.map((target) => target.workflowId) }, runId: { not: null } },
          select: { workflowId: true, runId: true },
        });
        await Promise.all(
          runs.map(({ workflowId, runId }) =>
            options.client.workflow
              .getHandle(workflowId, runId!)
              .signal(campaignEventSignal, input.event)
              .catch((error: unknown) => {
                if (!(error instanceof WorkflowNotFoundError)) throw error; // already closed
              }),
          ),
        );
        done += batch.length;
        context.heartbeat({ after: batch.at(-1)!.workflowId, done });
      }
      return done;
    },
  };
}

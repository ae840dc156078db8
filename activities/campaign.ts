import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Prisma } from '../generated/prisma-sqlite/client';
import type { Database } from '../prisma/database';
import type { CampaignEvent, ConsolidationSummary } from '../workflows/campaign/messages';
import { auditRowOnce, refuseOtherAuditRow, type AuditEntry } from './audit';
import { confirmCampaignEvent, type CampaignEventConfirmation } from './campaign-events';
import { createFanOutActivities } from './campaign-fan-out';
import { createConsolidation, type ConsolidateInput } from './consolidation';

// Campaign-wide work: counts, consolidation, the campaign's records, and fanning a campaign event
// out to every agency (./campaign-fan-out). Each activity reads the database, so it scales with the
// roster without growing any history.
export interface CampaignActivityOptions {
  client: Client;
  /** Where consolidated catalogues are written: <exportDir>/<campaignId>/lan-<round>/. */
  exportDir: string;
  /** The store of delivered files (DONDOC_FILES_DIR): a round's folder gets the accepted ones. */
  filesDir?: string;
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
  const consolidation = createConsolidation(db, options.exportDir, options.filesDir);
  return {
    ...consolidationActivities(consolidation),
    ...campaignRecordActivities(db, consolidation.exportApproved),
    ...createFanOutActivities(db, options.client),
  };
}

/** The consolidation's two steps, each heartbeating while it runs. */
function consolidationActivities({ consolidate, exportRound }: ReturnType<typeof createConsolidation>) {
  return {
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
  };
}

/** The campaign's counts, status and decisions, as recorded in the database. */
function campaignRecordActivities(
  db: Database,
  exportApproved: ReturnType<typeof createConsolidation>['exportApproved'],
) {
  return {
    async campaignCounts(campaignId: string): Promise<{ total: number; byStage: Record<string, number> }> {
      const groups = await db.assignment.groupBy({ by: ['stage'], where: { campaignId }, _count: { _all: true } });
      const byStage = Object.fromEntries(groups.map((group) => [group.stage, group._count._all]));
      return { total: Object.values(byStage).reduce((sum, n) => sum + n, 0), byStage };
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
      return confirmCampaignEvent(db, input);
    },
  };
}

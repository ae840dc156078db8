import type { DatabaseTransaction } from '../prisma/database';
import type { CollectionFacts } from '../domain/rounds';

// The campaign's consolidation rounds as the pages and the report read them, from the campaign
// workflow's own audit rows: each round's consolidation (the last one, after a send-back) and the
// decision approving it; and whether collection is open for one agency.

type Reader = Pick<DatabaseTransaction, 'auditEvent' | 'escalation'>;

export interface CatalogueRoundRecord {
  round: number;
  consolidatedAt: Date;
  consolidatedBy: string;
  /** Agencies whose lists the round's catalogue took. */
  agencies: number;
  decision?: { decisionNumber: string; decisionDate: string; signer: string; at: Date };
}

interface ConsolidatePayload {
  catalogueRound?: number;
  agencies?: number;
}
interface ApprovePayload {
  round?: number;
  laterRound?: boolean;
  decisionNumber?: string;
  decisionDate?: string;
  signer?: string;
}

/** Every round consolidated so far, in order, each with its decision once approved. */
export async function catalogueRounds(db: Reader, campaignId: string): Promise<CatalogueRoundRecord[]> {
  const rows = await db.auditEvent.findMany({
    where: { campaignId, assignmentId: null, action: { in: ['consolidate', 'approve'] } },
    select: { action: true, actor: true, personName: true, payload: true, at: true },
  });
  rows.sort((a, b) => a.at.getTime() - b.at.getTime());
  const rounds = new Map<number, CatalogueRoundRecord>();
  for (const row of rows) {
    if (row.action === 'consolidate') {
      const payload = (row.payload ?? {}) as ConsolidatePayload;
      const round = payload.catalogueRound ?? 1;
      // A later round with no new list made no catalogue.
      if (round > 1 && payload.agencies === 0) continue;
      rounds.set(round, {
        round,
        consolidatedAt: row.at,
        consolidatedBy: row.personName ?? row.actor,
        agencies: payload.agencies ?? 0,
      });
    } else {
      const payload = (row.payload ?? {}) as ApprovePayload;
      const entry = rounds.get(payload.round ?? 1);
      if (entry && payload.decisionNumber && payload.decisionDate && payload.signer)
        entry.decision = {
          decisionNumber: payload.decisionNumber,
          decisionDate: payload.decisionDate,
          signer: payload.signer,
          at: row.at,
        };
    }
  }
  return [...rounds.values()].sort((a, b) => a.round - b.round);
}

/** The round a campaign in this status works on: the one under approval, or the one to consolidate next. */
export function currentRound(status: string, rounds: CatalogueRoundRecord[]): number {
  const last = rounds.at(-1);
  if (!last) return 1;
  if (status === 'consolidated') return last.round;
  return last.decision ? last.round + 1 : last.round;
}

/** The last approval left a later round open (agencies within their own deadline remained). */
export async function laterRoundOpen(db: Reader, campaignId: string): Promise<boolean> {
  const approval = await db.auditEvent.findFirst({
    where: { campaignId, assignmentId: null, action: 'approve' },
    orderBy: { at: 'desc' },
    select: { payload: true },
  });
  return ((approval?.payload ?? {}) as ApprovePayload).laterRound === true;
}

/** What collection-closed reads for one agency (domain/rounds.ts collectionOpenFor). */
export async function collectionFacts(
  db: Reader,
  campaign: {
    id: string;
    status: string;
    consolidatedAt: Date | null;
    approvedAt: Date | null;
    decisionNumber: string | null;
  },
  assignmentId: string,
): Promise<CollectionFacts> {
  const [missing, open] = await Promise.all([
    db.escalation.findFirst({
      where: { assignmentId, kind: MISSING_AT_CONSOLIDATION },
      orderBy: { raisedAt: 'asc' },
      select: { raisedAt: true },
    }),
    laterRoundOpen(db, campaign.id),
  ]);
  return {
    status: campaign.status,
    consolidatedAt: campaign.consolidatedAt,
    approvedAt: campaign.approvedAt,
    decisionNumber: campaign.decisionNumber,
    foundMissing: missing !== null,
    ...(missing && { foundMissingAt: missing.raisedAt }),
    laterRoundOpen: open,
  };
}

export const MISSING_AT_CONSOLIDATION = 'missing_at_consolidation';

/** Assignments found missing at a catalogue round before `round`: collection closed for them then. */
export async function foundMissingBefore(db: Reader, campaignId: string, round: number): Promise<Set<string>> {
  const rows = await db.escalation.findMany({
    where: { campaignId, kind: MISSING_AT_CONSOLIDATION },
    select: { assignmentId: true, evidence: true },
  });
  return new Set(
    rows
      .filter((row) => ((row.evidence as { catalogueRound?: number } | null)?.catalogueRound ?? 1) < round)
      .flatMap((row) => (row.assignmentId ? [row.assignmentId] : [])),
  );
}

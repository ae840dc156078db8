import { formatDate } from './time';

// Consolidation rounds: round 1 is the campaign's catalogue, approved by the Chairman's decision;
// lists accepted after a consolidation go into the next round (tổng hợp bổ sung, lần 2, 3 …), approved
// as a supplement to the first decision. Only an agency still within its own running deadline when a
// round closed is offered a later one: an agency found missing (escalated) is not.

/** How a round reads for people: "lần 1", "lần 2 (bổ sung)". */
export function roundLabel(round: number): string {
  return round > 1 ? `lần ${round} (bổ sung)` : `lần ${round}`;
}

/** The folder of a consolidation's exported files under the campaign's export folder (n counts consolidations). */
export function roundFolder(consolidation: number): string {
  return `lan-${consolidation}`;
}

/** An accepted list as a round's consolidation sees it. */
export interface RoundCandidate {
  /** The round whose catalogue already took it, if any. */
  catalogueRound: number | null;
  /** It was escalated as missing at an earlier round: collection closed for it then. */
  foundMissing: boolean;
}

/**
 * The accepted list goes into this round's catalogue: not taken by an earlier round (a retry of the
 * same round takes it again), and its agency was not found missing at an earlier round.
 */
export function takenByRound(candidate: RoundCandidate, round: number): boolean {
  if (candidate.foundMissing) return false;
  return candidate.catalogueRound === null || candidate.catalogueRound === round;
}

/** A decision that approves a round's catalogue. */
export interface RoundDecision {
  round: number;
  decisionNumber: string;
  decisionDate: string;
  signer: string;
}

/** How the approval of a round reads: the first decision, or a supplement referring to it. */
export function decisionText(
  decision: RoundDecision,
  first?: { decisionNumber: string; decisionDate: string },
): string {
  const own = `Quyết định số ${decision.decisionNumber} ngày ${formatDate(new Date(`${decision.decisionDate}T00:00:00+07:00`))}`;
  if (decision.round <= 1 || !first) return own;
  return `${own}, bổ sung Quyết định số ${first.decisionNumber} ngày ${formatDate(new Date(`${first.decisionDate}T00:00:00+07:00`))}`;
}

/** What the page of an agency that still owes a list reads from the campaign's record. */
export interface CollectionFacts {
  status: string;
  consolidatedAt: Date | null;
  approvedAt: Date | null;
  decisionNumber: string | null;
  /** The agency was escalated as missing at a consolidation. */
  foundMissing: boolean;
  /** When it was (the consolidation that found it missing). */
  foundMissingAt?: Date;
  /** The last approval left a later round open (agencies within their own deadline remain). */
  laterRoundOpen: boolean;
}

/**
 * Whether collection is still open for an agency that owes a list: the campaign runs and the agency
 * was not found missing at any round; after an approval only while a later round is open.
 */
export function collectionOpenFor(facts: CollectionFacts): boolean {
  if (facts.status === 'cancelled' || facts.foundMissing) return false;
  if (facts.status === 'approved') return facts.laterRoundOpen;
  return true;
}

/** The sentence an agency within its own deadline reads after a consolidation: its list goes into a later round. */
export function laterRoundNotice(facts: CollectionFacts): string | undefined {
  if (!collectionOpenFor(facts) || facts.status === 'running') return undefined;
  return `Danh mục tổng hợp đã được lập${facts.consolidatedAt ? ` (lần gần nhất ngày ${formatDate(facts.consolidatedAt)})` : ''} khi cơ quan còn trong thời hạn của mình: danh sách được chấp nhận sau đó sẽ được tổng hợp bổ sung và trình Chủ tịch UBND tỉnh phê duyệt bổ sung.`;
}

/** The audit row of the decision approving a round: the first decision keeps the key it always had. */
export function approvalAuditKey(campaignWorkflowId: string, round: number): string {
  return round > 1 ? `${campaignWorkflowId}:approve:${round}` : `${campaignWorkflowId}:approve`;
}

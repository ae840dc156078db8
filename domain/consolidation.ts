import { ACCEPTED_STAGES, IN_REVIEW_STAGES, inStages, PENDING_STAGES, WITHDRAWN_STAGES } from './stages';

// Who a consolidation takes in and who it finds missing: the consolidation activity and the
// reviewer's preview before consolidating ask the same two questions.

/** The agency's accepted list goes into the catalogue. */
export function inCatalogueAtConsolidation(stage: string): boolean {
  return inStages(ACCEPTED_STAGES, stage);
}

/** The agency still owes an accepted list: escalated as missing at consolidation. */
export function missingAtConsolidation(stage: string): boolean {
  return !inCatalogueAtConsolidation(stage) && !inStages(WITHDRAWN_STAGES, stage);
}

/** The assignment fields a consolidation reads (a record's select), besides its agency. */
export const CONSOLIDATION_FIELDS = {
  id: true,
  agencyCode: true,
  stage: true,
  currentVersion: true,
  submissionDeadline: true,
  resubmissionDeadline: true,
} as const;

/** An assignment as the consolidation rules read it. */
export interface ConsolidationCandidate {
  stage: string;
  submissionDeadline: Date;
  resubmissionDeadline: Date | null;
  /** Its deadline is suspended (the Service Center stopped the clock). */
  suspended: boolean;
}

/**
 * The agency owes a list but its own deadline still runs (extended, suspended, or simply not yet
 * due): consolidating now does not find it missing, though its list is not in this round.
 */
export function withinOwnDeadline(candidate: ConsolidationCandidate, at: Date): boolean {
  if (!inStages(PENDING_STAGES, candidate.stage)) return false;
  if (candidate.suspended) return true;
  const deadline =
    candidate.stage === 'returned'
      ? (candidate.resubmissionDeadline ?? candidate.submissionDeadline)
      : candidate.submissionDeadline;
  return deadline.getTime() > at.getTime();
}

/** The list is with the reviewer: submitted and not yet accepted or returned. */
export function awaitingReview(stage: string): boolean {
  return inStages(IN_REVIEW_STAGES, stage);
}

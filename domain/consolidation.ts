import { ACCEPTED_STAGES, inStages, WITHDRAWN_STAGES } from './stages';

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

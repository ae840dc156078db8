// Deliverable declarations (what an agency must deliver) and their compiled checkers.
export { ARTICLE_4_TABLE } from './article-4';
export {
  DELIVERABLE_KINDS,
  deliverableDeclarationSchema,
  deliverableOf,
  declaredDeliverable,
  takesArticle4List,
  type DeliverableDeclaration,
} from './declaration';
export { FILE_TYPES } from './file-types';
export { isDocumentSubmission, type FormDeclaration } from './form';
export type { TableDeclaration } from './table';
export { DELIVERABLE_LIMITS } from './limits';
export { RULE_SETS } from './rule-sets';
export { compileDeliverable, type DeliverableChecker, type Delivery } from './checker';
export type { DeliveryCheck, DeliveryIssue, DeliveryLocation } from './issues';
export type { FileRef, FormDelivery } from './form-check';
export type { TableDelivery } from './table-check';
// Consolidation of the accepted deliveries: totals, missing parts, the diff between two versions.
export {
  agencyKind,
  agencyKindLabel,
  inAgencyOrder,
  type AgencyDelivery,
  type AgencyLatest,
  type DeliveringAgency,
} from './delivering-agency';
export {
  indicatorTotals,
  AGGREGATION_LABELS,
  ALL_AGENCIES,
  type Aggregation,
  type CellTotal,
  type GroupTotals,
  type IndicatorTableTotals,
} from './indicator-totals';
export {
  missingParts,
  MISSING_PARTS_LIMITS,
  type AgencyMissing,
  type MissingPart,
  type MissingSummary,
} from './missing-parts';
export {
  diffDeliveries,
  formatDeliveryDiff,
  isUnchanged,
  type DeliveryDiff,
  type FormDiff,
  type TableDiff,
} from './delivery-diff';

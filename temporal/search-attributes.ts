import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import { activeDeadline } from '../domain/deadlines';
import type { InitialStage, Stage } from '../domain/stages';

// Custom search attributes that make the Web UI answer "who is late, who was returned".
// Registered on the dev server automatically; on a cluster with `temporal operator search-attribute create`.
export const campaignKey = defineSearchAttributeKey('Campaign', SearchAttributeType.KEYWORD);
export const agencyCodeKey = defineSearchAttributeKey('AgencyCode', SearchAttributeType.KEYWORD);
export const agencyKindKey = defineSearchAttributeKey('AgencyKind', SearchAttributeType.KEYWORD);
export const stageKey = defineSearchAttributeKey('Stage', SearchAttributeType.KEYWORD);
export const deadlineKey = defineSearchAttributeKey('Deadline', SearchAttributeType.DATETIME);
export const overdueKey = defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL);
export const returnCountKey = defineSearchAttributeKey('ReturnCount', SearchAttributeType.INT);

export const ALL_SEARCH_ATTRIBUTES = [
  campaignKey,
  agencyCodeKey,
  agencyKindKey,
  stageKey,
  deadlineKey,
  overdueKey,
  returnCountKey,
];

/** What the Web UI shows of an agency's state: the same four attributes at its start and after each change. */
export interface AgencyStatus {
  stage: Stage;
  activeDeadline?: { at: string };
  overdue: boolean;
  returnCount: number;
}

/** Agencies launched "returned" (a re-review) were already returned once by the reviewer. */
export function initialReturnCount(stage: InitialStage): number {
  return stage === 'returned' ? 1 : 0;
}

/**
 * The status an agency's workflow starts with, set by its start so that its first state costs no
 * upsert of its own. It is not yet late: the workflow decides that, and shows it when it is.
 */
export function startingStatus(input: { initialStage: InitialStage; submissionDeadline: string }): AgencyStatus {
  const deadline = activeDeadline(input.initialStage, { submission: input.submissionDeadline });
  return {
    stage: input.initialStage,
    ...(deadline && { activeDeadline: deadline }),
    overdue: false,
    returnCount: initialReturnCount(input.initialStage),
  };
}

/** The status as search attributes; no running deadline removes the Deadline attribute. */
export function statusAttributes(status: AgencyStatus): SearchAttributeUpdatePair[] {
  return [
    { key: stageKey, value: status.stage },
    { key: deadlineKey, value: status.activeDeadline ? new Date(status.activeDeadline.at) : null },
    { key: overdueKey, value: status.overdue },
    { key: returnCountKey, value: status.returnCount },
  ];
}

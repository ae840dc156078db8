import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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

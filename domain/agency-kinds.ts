import type { AGENCY_KINDS } from './agency-input';

// The kinds of agency a campaign assigns (AGENCY_KINDS), as people read them on pages, in reports and
// in spreadsheets. Loads no zod, so workflow code and pure consolidation can use it.

export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  department: 'Sở, ban, ngành',
  police: 'Công an tỉnh',
  district: 'UBND cấp huyện',
  commune: 'UBND cấp xã',
  other: 'Khác',
};

/** AGENCY_KINDS in their order, for code that does not load the input's schema (zod). */
export const AGENCY_KIND_ORDER = Object.keys(AGENCY_KIND_LABELS) as AgencyKind[];

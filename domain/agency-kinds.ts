import type { AGENCY_KINDS } from './agency-input';

// The kinds of agency a campaign assigns (AGENCY_KINDS), as people read them on pages, in reports and
// in spreadsheets.

export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  department: 'Sở, ban, ngành',
  police: 'Công an tỉnh',
  district: 'UBND cấp huyện',
  commune: 'UBND cấp xã',
  other: 'Khác',
};

import type { AgencyRow, LatenessBucket } from './model';

// The distribution of lateness for the report's chart. How late each agency is comes from the one
// rule in domain/lateness.ts (createLatenessCalculator).

const BUCKETS: { label: string; min: number; max: number }[] = [
  { label: 'Không trễ hạn', min: 0, max: 0 },
  { label: '1–2 ngày', min: 1, max: 2 },
  { label: '3–5 ngày', min: 3, max: 5 },
  { label: '6–10 ngày', min: 6, max: 10 },
  { label: 'Trên 10 ngày', min: 11, max: Number.POSITIVE_INFINITY },
];

/** How many agencies are late by how many working days (withdrawn agencies left out). */
export function latenessDistribution(rows: AgencyRow[]): LatenessBucket[] {
  const counts = BUCKETS.map(() => 0);
  for (const row of rows) {
    if (!row.lateness) continue;
    const i = BUCKETS.findIndex((b) => row.lateness!.daysLate >= b.min && row.lateness!.daysLate <= b.max);
    counts[i]! += 1;
  }
  return BUCKETS.map((b, i) => ({ label: b.label, count: counts[i]! }));
}

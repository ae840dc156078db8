import type { Database } from '../prisma/database';
import { runningDeadline } from '../domain/lateness';
import { DEADLINE_LABELS, TERMINAL_STAGES, type DeadlineKind } from '../domain/stages';
import { deadlinesOf, loadLateRule } from './late-rule';
import { loadCampaignRow } from './campaign-roles';

// Exactly who a bulk reminder or extension reaches, shown before the operator confirms: the same
// selections as the admin script's `--late` and `--pending`, by the one lateness rule.

export const BULK_SELECTIONS = ['late', 'pending'] as const;
export type BulkSelection = (typeof BULK_SELECTIONS)[number];

export const BULK_SELECTION_LABELS: Record<BulkSelection, string> = {
  late: 'mọi cơ quan đang quá hạn',
  pending: 'mọi cơ quan còn thời hạn đang chạy',
};

export interface BulkTarget {
  code: string;
  name: string;
  deadlineKind: DeadlineKind;
  deadlineLabel: string;
  deadline: Date;
  late: boolean;
}

export async function bulkTargets(
  db: Database,
  campaignId: string,
  selection: BulkSelection,
  at: Date,
): Promise<BulkTarget[]> {
  const campaign = await loadCampaignRow(db, campaignId);
  const [open, isLate] = await Promise.all([
    db.assignment.findMany({
      where: { campaignId, stage: { notIn: [...TERMINAL_STAGES] } },
      include: { agency: { select: { name: true } } },
      orderBy: { agencyCode: 'asc' },
    }),
    loadLateRule(db, campaign, at),
  ]);
  return open.flatMap((a) => {
    const running = runningDeadline(a.stage, deadlinesOf(a));
    const late = isLate(a);
    if (!running || (selection === 'late' && !late)) return [];
    return [
      {
        code: a.agencyCode,
        name: a.agency.name,
        deadlineKind: running.kind,
        deadlineLabel: DEADLINE_LABELS[running.kind],
        deadline: running.at,
        late,
      },
    ];
  });
}

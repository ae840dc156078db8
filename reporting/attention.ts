import { REVIEWER_NAME } from '../activities/notifications/templates';
import { fmtDeadline } from './format';
import type { AgencyRow, AttentionRow } from './model';

// Who goes on the list for the Chairman (point 3 of letter 751): agencies that are late, and those
// whose work is perfunctory (đối phó). Late = an open overdue escalation, or the overdue flag the
// workflow keeps, or a list still owed past its deadline (the flag lags while a workflow is down);
// perfunctory = a perfunctory escalation, or returned at least the policy's number of times (2).

const OVERDUE_KINDS = new Set([
  'submission_overdue',
  'resubmission_overdue',
  'review_overdue',
  'missing_at_consolidation',
]);
const AGENCY_STAGES = new Set(['assigned', 'returned']);

const owedAndLate = (row: AgencyRow) => row.lateness !== null && row.lateness.ongoing && row.lateness.daysLate > 0;

function isLate(row: AgencyRow): boolean {
  return row.overdue || owedAndLate(row) || row.escalations.some((e) => e.open && OVERDUE_KINDS.has(e.kind));
}

function isPerfunctory(row: AgencyRow, threshold: number): boolean {
  return row.returnCount >= threshold || row.escalations.some((e) => e.kind === 'perfunctory');
}

/** Only the review is late (the list is with Sở TTTT): the reviewer answers for it, not the agency. */
function reviewerOnly(row: AgencyRow): boolean {
  const open = row.escalations.filter((e) => e.open && OVERDUE_KINDS.has(e.kind));
  if (open.length > 0) return open.every((e) => e.target === 'reviewer');
  return !AGENCY_STAGES.has(row.stage);
}

function reasonsOf(row: AgencyRow, late: boolean, perfunctory: boolean): string[] {
  const reasons: string[] = [];
  for (const e of row.escalations) {
    if (e.open && OVERDUE_KINDS.has(e.kind))
      reasons.push(e.deadline ? `${e.label} (hạn ${fmtDeadline(e.deadline)})` : e.label);
  }
  if (late && reasons.length === 0) {
    if (owedAndLate(row)) {
      const what = row.lateness!.basis === 'resubmission' ? 'nộp lại' : 'nộp';
      reasons.push(
        `Chưa ${what} danh sách, quá hạn ${row.lateness!.daysLate} ngày làm việc (hạn ${fmtDeadline(row.lateness!.deadline)})`,
      );
    } else {
      reasons.push(AGENCY_STAGES.has(row.stage) ? 'Quá hạn nộp danh sách' : 'Quá hạn thẩm định danh sách');
    }
  }
  if (perfunctory) reasons.push(`Thực hiện mang tính đối phó: danh sách bị trả lại ${row.returnCount} lần`);
  return reasons;
}

export function attentionList(rows: AgencyRow[], perfunctoryReturnCount: number): AttentionRow[] {
  const list: AttentionRow[] = [];
  for (const row of rows) {
    const late = isLate(row);
    const perfunctory = isPerfunctory(row, perfunctoryReturnCount);
    if (!late && !perfunctory) continue;
    list.push({
      code: row.code,
      name: row.name,
      kindLabel: row.kindLabel,
      stageLabel: row.stageLabel,
      late,
      perfunctory,
      daysLate: row.lateness?.daysLate ?? null,
      returnCount: row.returnCount,
      reasons: reasonsOf(row, late, perfunctory),
      responsible: late && !perfunctory && reviewerOnly(row) ? REVIEWER_NAME : 'Cơ quan được giao',
    });
  }
  // Most serious first: the longest lateness, then the most returns.
  return list.sort(
    (a, b) => (b.daysLate ?? 0) - (a.daysLate ?? 0) || b.returnCount - a.returnCount || a.code.localeCompare(b.code),
  );
}

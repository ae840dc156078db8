import { isLateEscalation } from '../domain/escalations';
import { inStages, PENDING_STAGES } from '../domain/stages';
import { fmtDeadline } from './format';
import type { AgencyRow, AttentionRow } from './model';

// Who goes on the list for the Chairman (monitor and report, the directive's follow-up duty):
// agencies that are late, and those whose work is perfunctory (đối phó). Late is the one rule of
// domain/lateness.ts, computed per row by the report's build (row.late); perfunctory = a
// perfunctory escalation, or returned in this campaign at least the policy's number of times.

const owedAndLate = (row: AgencyRow) => row.lateness !== null && row.lateness.ongoing && row.lateness.daysLate > 0;
const agencyOwes = (row: AgencyRow) => inStages(PENDING_STAGES, row.stage);

function isPerfunctory(row: AgencyRow, threshold: number): boolean {
  return row.campaignReturns >= threshold || row.escalations.some((e) => e.kind === 'perfunctory');
}

/** Only the review is late (the list is with the reviewer): the reviewer answers for it, not the agency. */
function reviewerOnly(row: AgencyRow): boolean {
  const open = row.escalations.filter((e) => e.open && isLateEscalation(e.kind));
  if (open.length > 0) return open.every((e) => e.target === 'reviewer');
  return !agencyOwes(row);
}

function reasonsOf(row: AgencyRow, late: boolean, perfunctory: boolean): string[] {
  const reasons: string[] = [];
  for (const e of row.escalations) {
    if (e.open && isLateEscalation(e.kind))
      reasons.push(e.deadline ? `${e.label} (hạn ${fmtDeadline(e.deadline)})` : e.label);
  }
  if (late && reasons.length === 0) {
    if (owedAndLate(row)) {
      const what = row.lateness!.basis === 'resubmission' ? 'nộp lại' : 'nộp';
      reasons.push(
        `Chưa ${what} danh sách, quá hạn ${row.lateness!.daysLate} ngày làm việc (hạn ${fmtDeadline(row.lateness!.deadline)})`,
      );
    } else {
      reasons.push(agencyOwes(row) ? 'Quá hạn nộp danh sách' : 'Quá hạn thẩm định danh sách');
    }
  }
  if (perfunctory)
    reasons.push(`Thực hiện mang tính đối phó: danh sách bị trả lại ${row.campaignReturns} lần trong chiến dịch này`);
  return reasons;
}

/** `reviewerName`: the campaign's own reviewer, named when only the review is late. */
export function attentionList(rows: AgencyRow[], perfunctoryReturnCount: number, reviewerName: string): AttentionRow[] {
  const list: AttentionRow[] = [];
  for (const row of rows) {
    const late = row.late;
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
      responsible: late && !perfunctory && reviewerOnly(row) ? reviewerName : 'Cơ quan được giao',
    });
  }
  // Most serious first: the longest lateness, then the most returns.
  return list.sort(
    (a, b) => (b.daysLate ?? 0) - (a.daysLate ?? 0) || b.returnCount - a.returnCount || a.code.localeCompare(b.code),
  );
}

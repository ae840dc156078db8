import type { DeadlineKind } from './stages';

// Escalations: what is reported to the Office, each raised exactly once. Kinds, labels and the
// deadline each overdue kind belongs to are written here once.

export const ESCALATION_KINDS = [
  'submission_overdue',
  'resubmission_overdue',
  'review_overdue',
  'perfunctory',
  'manual',
  'missing_at_consolidation',
  'approval_overdue',
  'extension_unanswered',
] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];

/** Who is held responsible. */
export type EscalationTarget = 'agency' | 'reviewer' | 'approver' | 'serviceCenter';

export const ESCALATION_LABELS: Record<EscalationKind, string> = {
  submission_overdue: 'Quá hạn nộp danh sách',
  resubmission_overdue: 'Quá hạn nộp lại danh sách sau khi bị trả lại',
  review_overdue: 'Quá hạn thẩm định danh sách',
  perfunctory: 'Thực hiện mang tính đối phó (danh sách bị trả lại nhiều lần)',
  manual: 'Báo cáo của cán bộ theo dõi',
  missing_at_consolidation: 'Chưa có danh sách được chấp nhận khi tổng hợp',
  approval_overdue: 'Quá hạn phê duyệt danh mục tổng hợp',
  extension_unanswered: 'Quá hạn trả lời đề nghị gia hạn của cơ quan',
};

/** The label of a kind as stored (free text in the database): unknown kinds show as they are. */
export function escalationLabel(kind: string): string {
  return ESCALATION_LABELS[kind as EscalationKind] ?? kind;
}

/** The escalation a missed running deadline raises. */
export const OVERDUE_ESCALATION: Record<DeadlineKind, EscalationKind> = {
  submission: 'submission_overdue',
  resubmission: 'resubmission_overdue',
  review: 'review_overdue',
};

/** An agency's missed deadline: raising one marks the agency overdue in the system of record. */
export const MISSED_DEADLINE_KINDS: readonly EscalationKind[] = Object.values(OVERDUE_ESCALATION);

/** Escalations that make an agency late while they are open. */
const LATE_ESCALATION_KINDS: readonly EscalationKind[] = [...MISSED_DEADLINE_KINDS, 'missing_at_consolidation'];

/** Escalations about a deadline: they carry it. */
export const DEADLINE_ESCALATION_KINDS: readonly EscalationKind[] = [...MISSED_DEADLINE_KINDS, 'approval_overdue'];

export function isLateEscalation(kind: string): boolean {
  return (LATE_ESCALATION_KINDS as readonly string[]).includes(kind);
}

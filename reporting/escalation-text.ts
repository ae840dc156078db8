import { fmtDate } from './format';
import type { EscalationEntry } from './model';

// One escalation in words, the same in every format of the report: whether the agency (or the
// reviewer) has remedied it since, and what the Service Center did about it, by whom.

export function describeEscalation(e: EscalationEntry): string {
  const state = e.open ? 'chưa khắc phục' : `đã khắc phục ${fmtDate(e.resolvedAt)}`;
  const handled = e.handled
    ? `; Trung tâm đã xử lý ${fmtDate(e.handled.at)} (${e.handled.personName}): ${e.handled.note}`
    : e.open
      ? '; Trung tâm chưa xử lý'
      : '';
  return `${e.label} (${state}${handled})`;
}

import { PAYLOAD_LIMITS } from './payload-limits';
import { visibleText } from './text';

// An escalation handled by the Service Center: a person of the campaign's Service Center says what
// was done about it (called the agency, wrote to its head, reported to the Chairman) in a note.
//
// Handling is not a step of any workflow: the workflows own the lifecycle (deadlines, reminders,
// raising and resolving escalations), and an escalation is a record they wrote. Saying what a person
// did about one changes no deadline, no stage and no timer, and must stay possible for a campaign-wide
// escalation and after an agency's workflow has ended. So the server appends it to the system of
// record itself: one audit row per escalation, keyed by the escalation, naming the person from the
// signed-in session. The escalation row stays exactly as its workflow wrote it.

/** The audit action of a handling (ACTION_DECLARATIONS.handleEscalation). */
export const HANDLE_ESCALATION_ACTION = 'handleEscalation';

/** One handling per escalation: the audit row's unique key. */
export function handlingKey(escalationId: string): string {
  return `escalation-handled:${escalationId}`;
}

export interface EscalationHandling {
  escalationId: string;
  note: string;
  personName: string;
  /** Campaign time, ISO. */
  at: string;
}

/** The note as typed, trimmed; or the Vietnamese message saying what to fix. */
export function checkHandlingNote(value: unknown): { note: string } | { error: string } {
  const note = visibleText(typeof value === 'string' ? value : '').trim();
  if (!note) return { error: 'Hãy ghi rõ đã xử lý cảnh báo này thế nào (ví dụ: đã gọi điện, đã có văn bản đôn đốc).' };
  if (note.length > PAYLOAD_LIMITS.longText)
    return { error: `Ghi chú dài quá ${PAYLOAD_LIMITS.longText.toLocaleString('vi-VN')} ký tự; hãy rút gọn.` };
  return { note };
}

/** The handling an audit row records, or undefined for a row of another shape. */
export function handlingFromAudit(row: {
  payload: unknown;
  personName: string | null;
  actor: string;
  at: Date;
}): EscalationHandling | undefined {
  const payload = row.payload as { escalationId?: unknown; note?: unknown } | null;
  if (typeof payload?.escalationId !== 'string' || typeof payload.note !== 'string') return undefined;
  return {
    escalationId: payload.escalationId,
    note: payload.note,
    personName: row.personName ?? row.actor,
    at: row.at.toISOString(),
  };
}

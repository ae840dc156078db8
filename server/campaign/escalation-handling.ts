import { isUniqueViolation } from '../../shared/unique-violation';
import { HANDLE_ESCALATION_ACTION, handlingFromAudit, handlingKey } from '../../domain/escalation-handling';
import { escalationLabel } from '../../domain/escalations';
import { formatInstant } from '../../domain/deadline-display';
import type { Database } from '../../prisma/database';
import { HttpError, notFound } from '../../shared/http-errors';

// Records that the Service Center handled an escalation (why this is a write of the server and not a
// workflow Update: domain/escalation-handling.ts). One audit row per escalation under a key derived
// from it: the same note sent twice (a double click, a retried request) records once; another note
// for an escalation already handled is refused, naming who handled it and when.

export interface HandleEscalationInput {
  campaignId: string;
  escalationId: string;
  note: string;
  person: { id: string; name: string; email: string };
  /** Campaign time. */
  at: Date;
}

export interface HandledEscalation {
  agencyCode: string | null;
  label: string;
  /** False when the same handling had been recorded before. */
  recorded: boolean;
}

export async function handleEscalation(db: Database, input: HandleEscalationInput): Promise<HandledEscalation> {
  const escalation = await db.escalation.findFirst({
    where: { id: input.escalationId, campaignId: input.campaignId },
    select: { id: true, kind: true, assignmentId: true, assignment: { select: { agencyCode: true } } },
  });
  if (!escalation) throw notFound(`Chiến dịch ${input.campaignId} không có cảnh báo này.`);
  const found = {
    agencyCode: escalation.assignment?.agencyCode ?? null,
    label: escalationLabel(escalation.kind),
  };
  const key = handlingKey(escalation.id);
  try {
    await db.auditEvent.create({
      data: {
        id: key,
        idempotencyKey: key,
        campaignId: input.campaignId,
        assignmentId: escalation.assignmentId,
        actor: input.person.email,
        personId: input.person.id,
        personName: input.person.name,
        action: HANDLE_ESCALATION_ACTION,
        payload: { escalationId: escalation.id, kind: escalation.kind, note: input.note },
        at: input.at,
      },
    });
    return { ...found, recorded: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const earlier = await db.auditEvent.findUniqueOrThrow({ where: { idempotencyKey: key } });
  const handling = handlingFromAudit(earlier);
  if (handling?.note === input.note && earlier.personId === input.person.id) return { ...found, recorded: false };
  throw new HttpError(
    409,
    'already_handled',
    `Cảnh báo này đã được ${handling?.personName ?? earlier.actor} xử lý lúc ${formatInstant(earlier.at)}` +
      `${handling ? ` với ghi chú: “${handling.note}”` : ''}. Không ghi thêm; hãy xem lại bảng điều hành.`,
  );
}

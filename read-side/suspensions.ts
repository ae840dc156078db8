import type { DatabaseTransaction } from '../prisma/database';

// Which agencies' deadlines are suspended now, read from the audit trail (every suspend and resume
// is one audit event), in one query for the whole campaign.

type Reader = Pick<DatabaseTransaction, 'auditEvent'>;

export interface OpenSuspension {
  since: string;
  by: string;
  reason: string;
  kind: string;
  workingDaysLeft: number;
}

/** Open suspensions by assignment ID. */
export async function openSuspensions(db: Reader, campaignId: string): Promise<Map<string, OpenSuspension>> {
  const events = await db.auditEvent.findMany({
    where: { campaignId, action: { in: ['suspend', 'resume'] }, assignmentId: { not: null } },
    select: { id: true, assignmentId: true, action: true, actor: true, at: true, payload: true },
  });
  // Put in time order here, not by the query: ordering there makes the database walk every audit
  // event of the campaign by time instead of the few suspend and resume events by their index.
  events.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
  const open = new Map<string, OpenSuspension>();
  for (const event of events) {
    if (event.action === 'resume') {
      open.delete(event.assignmentId!);
      continue;
    }
    const payload = (event.payload ?? {}) as { reason?: string; kind?: string; workingDaysLeft?: number };
    open.set(event.assignmentId!, {
      since: event.at.toISOString(),
      by: event.actor,
      reason: payload.reason ?? '',
      kind: payload.kind ?? 'submission',
      workingDaysLeft: payload.workingDaysLeft ?? 0,
    });
  }
  return open;
}

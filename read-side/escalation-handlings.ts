import type { DatabaseTransaction } from '../prisma/database';
import { HANDLE_ESCALATION_ACTION, handlingFromAudit, type EscalationHandling } from '../domain/escalation-handling';

// The escalations of a campaign the Service Center handled, by escalation: one indexed read of their
// audit rows (campaignId, action). The report reads it in its snapshot; the dashboard reads it on every
// request, so the person who just handled one sees it handled at once, whatever the age of the figures.

type Reader = Pick<DatabaseTransaction, 'auditEvent'>;

export async function readEscalationHandlings(
  db: Reader,
  campaignId: string,
): Promise<Map<string, EscalationHandling>> {
  const rows = await db.auditEvent.findMany({
    where: { campaignId, action: HANDLE_ESCALATION_ACTION },
    select: { payload: true, personName: true, actor: true, at: true },
  });
  return new Map(
    rows.flatMap((row) => {
      const handling = handlingFromAudit(row);
      return handling ? [[handling.escalationId, handling] as const] : [];
    }),
  );
}

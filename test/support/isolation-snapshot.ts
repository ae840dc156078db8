import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import type { ServerHarness } from './server-harness';

// Everything a refused request must leave as it was: every row an action writes (the access log of
// refusals aside) and the events of every workflow of the given campaigns (workflow tasks aside).

export async function everythingOf(
  server: ServerHarness,
  campaigns: readonly { id: string; agencies: readonly { code: string }[] }[],
): Promise<string> {
  const db = server.harness.database.db;
  const histories: Record<string, number> = {};
  for (const campaign of campaigns)
    for (const workflowId of [
      campaignWorkflowId(campaign.id),
      ...campaign.agencies.map((a) => agencyWorkflowId(campaign.id, a.code)),
    ])
      histories[workflowId] = ((await server.harness.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [])
        .filter((e) => !e.workflowTaskScheduledEventAttributes && !e.workflowTaskStartedEventAttributes)
        .filter((e) => !e.workflowTaskCompletedEventAttributes).length;
  const byId = { orderBy: { id: 'asc' } } as const;
  const tables = {
    campaigns: await db.campaign.findMany(byId),
    agencies: await db.agency.findMany({ orderBy: [{ campaignId: 'asc' }, { code: 'asc' }] }),
    assignments: await db.assignment.findMany(byId),
    submissions: await db.submission.findMany(byId),
    decisions: await db.reviewDecision.findMany(byId),
    escalations: await db.escalation.findMany(byId),
    notifications: await db.notification.findMany(byId),
    audit: await db.auditEvent.findMany(byId),
    supportRequests: await db.supportRequest.findMany(byId),
    catalogue: await db.catalogueEntry.count(),
    grants: await db.roleGrant.findMany(byId),
    people: await db.person.count(),
    directory: await db.directoryAgency.findMany({ orderBy: { code: 'asc' } }),
    calendar: await db.calendarAnnouncement.count(),
    deliveryFiles: await db.deliveryFile.count(),
  };
  return JSON.stringify({ tables, histories });
}

/** Waits until the set-up's background writes (notices, their mail) have settled; what everything then holds. */
export async function settledEverythingOf(server: ServerHarness, campaigns: Parameters<typeof everythingOf>[1]) {
  let previous = '';
  for (let i = 0; i < 60; i++) {
    const now = await everythingOf(server, campaigns);
    if (now === previous) return now;
    previous = now;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('the set-up never settled: rows kept changing for a minute');
}

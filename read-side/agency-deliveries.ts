import type { Database } from '../prisma/database';
import type { Delivery } from '../domain/deliverables/checker';
import type { AgencyDelivery, AgencyLatest, DeliveringAgency } from '../domain/deliverables/delivering-agency';
import { ACCEPTED_STAGES } from '../domain/stages';

// The deliveries of a campaign's agencies as stored (Submission.content): each agency's accepted
// delivery (its current version) or its latest one whatever its stage. Consolidation, the report and
// the dashboard read them here, in two queries whatever the number of agencies.

export interface AssignmentRow {
  id: string;
  agencyCode: string;
  currentVersion: number;
  agency: { name: string; kind?: string };
}

/** What a delivery reader selects of an assignment. */
export const ASSIGNMENT_FIELDS = {
  id: true,
  agencyCode: true,
  currentVersion: true,
  agency: { select: { name: true, kind: true } },
} as const;

/** Each assignment's delivery at a version: its current one, or its latest whatever its stage. */
async function deliveriesOf(db: Database, assignments: readonly AssignmentRow[], which: 'current' | 'latest') {
  const byId = new Map(assignments.map((a) => [a.id, a]));
  const submissions = await db.submission.findMany({
    where: { assignmentId: { in: [...byId.keys()] } },
    select: { assignmentId: true, version: true, content: true },
  });
  const chosen = new Map<string, { version: number; content: unknown }>();
  for (const s of submissions) {
    const a = byId.get(s.assignmentId)!;
    const wanted = which === 'current' ? s.version === a.currentVersion : s.version > (chosen.get(a.id)?.version ?? 0);
    if (wanted) chosen.set(a.id, s);
  }
  return (a: AssignmentRow) => chosen.get(a.id)?.content as Delivery | undefined;
}

const agencyOf = (a: AssignmentRow): DeliveringAgency => ({
  code: a.agencyCode,
  name: a.agency.name,
  kind: a.agency.kind ?? 'other',
});

/** The accepted deliveries of the given agencies. */
export async function acceptedDeliveries(
  db: Database,
  taken: readonly AssignmentRow[],
): Promise<AgencyDelivery<Delivery>[]> {
  const current = await deliveriesOf(db, taken, 'current');
  return taken.flatMap((a) => {
    const delivery = current(a);
    return delivery ? [{ agency: agencyOf(a), delivery }] : [];
  });
}

/** Every agency's latest delivery (none while it has delivered nothing). */
export async function latestDeliveries(
  db: Database,
  every: readonly AssignmentRow[],
): Promise<AgencyLatest<Delivery>[]> {
  const latestOf = await deliveriesOf(db, every, 'latest');
  return every.map((a) => ({ agency: agencyOf(a), delivery: latestOf(a) }));
}

/** A campaign's accepted deliveries (accepted, consolidated or approved) and every agency's latest. */
export async function campaignDeliveries(db: Database, campaignId: string) {
  const every = await db.assignment.findMany({
    where: { campaignId },
    select: { ...ASSIGNMENT_FIELDS, stage: true },
    orderBy: { agencyCode: 'asc' },
  });
  const accepted = every.filter((a) => (ACCEPTED_STAGES as readonly string[]).includes(a.stage));
  return {
    accepted: await acceptedDeliveries(db, accepted),
    latest: await latestDeliveries(db, every),
  };
}

import type { Database } from '../prisma/database';
import type { Delivery } from '../domain/deliverables/checker';
import type { DeliverableDeclaration } from '../domain/deliverables/declaration';
import type { AgencyDelivery, AgencyLatest } from '../domain/deliverables/delivering-agency';

// A consolidation round of a campaign that declares its deliverable: the accepted deliveries of the
// agencies the round takes, and every agency's latest delivery (who has not delivered which part),
// written as one workbook (./deliverable-workbook.ts) in the round's folder.

// exceljs is loaded by the first consolidation, not by every worker at start.
const workbook = () =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use, typed as the module
  require('./deliverable-workbook') as typeof import('./deliverable-workbook');

interface AssignmentRow {
  id: string;
  agencyCode: string;
  currentVersion: number;
  agency: { name: string; kind?: string };
}

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

const agencyOf = (a: AssignmentRow) => ({ code: a.agencyCode, name: a.agency.name, kind: a.agency.kind ?? 'other' });

/** The accepted deliveries of the agencies a round takes. */
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

/** Writes the round's workbook: the accepted deliveries, totals, files, and who has not delivered what. */
export async function exportDeliverableConsolidation(
  db: Database,
  dir: string,
  heading: { directive: string; title: string; at: string },
  declaration: DeliverableDeclaration,
  accepted: readonly AgencyDelivery<Delivery>[],
  everyAgency: readonly AssignmentRow[],
): Promise<{ xlsx: string; csv: string }> {
  const latest = await latestDeliveries(db, everyAgency);
  const { xlsx } = await workbook().exportConsolidation(dir, { heading, declaration, accepted, latest });
  return { xlsx, csv: '' };
}

/** Every agency with its latest delivery, or none yet: who has not delivered which part. */
export async function latestDeliveries(
  db: Database,
  everyAgency: readonly AssignmentRow[],
): Promise<AgencyLatest<Delivery>[]> {
  const latestOf = await deliveriesOf(db, everyAgency, 'latest');
  return everyAgency.map((a) => ({ agency: agencyOf(a), delivery: latestOf(a) }));
}

/** How many entries a round's deliveries make: a table's rows, or one per agency for a form. */
export function deliveryEntries(declaration: DeliverableDeclaration, accepted: readonly AgencyDelivery<Delivery>[]) {
  return declaration.kind === 'table'
    ? accepted.reduce((n, a) => n + ((a.delivery as { rows?: unknown[] }).rows?.length ?? 0), 0)
    : accepted.length;
}

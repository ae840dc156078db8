import type { Database } from '../prisma/database';
import type { Delivery } from '../domain/deliverables/checker';
import type { DeliverableDeclaration } from '../domain/deliverables/declaration';
import type { AgencyDelivery } from '../domain/deliverables/delivering-agency';
import { latestDeliveries, type AssignmentRow } from '../read-side/agency-deliveries';
import { FileStore } from '../shared/file-store';
import { exportDeliveredFiles } from './delivered-files-export';

export { acceptedDeliveries } from '../read-side/agency-deliveries';

// A consolidation round of a campaign that declares its deliverable: the accepted deliveries of the
// agencies the round takes, and every agency's latest delivery (who has not delivered which part),
// written as one workbook (./deliverable-workbook.ts) in the round's folder, with the accepted files.

// exceljs is loaded by the first consolidation, not by every worker at start.
const workbook = () =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use, typed as the module
  require('./deliverable-workbook') as typeof import('./deliverable-workbook');

/** Writes the round's workbook: the accepted deliveries, totals, files, and who has not delivered what. */
export async function exportDeliverableConsolidation(
  db: Database,
  dir: string,
  heading: { directive: string; title: string; at: string },
  declaration: DeliverableDeclaration,
  accepted: readonly AgencyDelivery<Delivery>[],
  everyAgency: readonly AssignmentRow[],
  /** The store of delivered files; without it the workbook indexes the files and none is copied. */
  filesDir?: string,
): Promise<{ xlsx: string; csv: string }> {
  const latest = await latestDeliveries(db, everyAgency);
  const exportedFiles = filesDir
    ? exportDeliveredFiles(new FileStore(filesDir), dir, declaration, accepted)
    : undefined;
  const { xlsx } = await workbook().exportConsolidation(dir, { heading, declaration, accepted, latest, exportedFiles });
  return { xlsx, csv: '' };
}

/** How many entries a round's deliveries make: a table's rows, or one per agency for a form. */
export function deliveryEntries(declaration: DeliverableDeclaration, accepted: readonly AgencyDelivery<Delivery>[]) {
  return declaration.kind === 'table'
    ? accepted.reduce((n, a) => n + ((a.delivery as { rows?: unknown[] }).rows?.length ?? 0), 0)
    : accepted.length;
}

import type { Database } from '../../prisma/database';
import { indicatorTotals, type FormDelivery } from '../../domain/deliverables';
import type { AgencyDelivery } from '../../domain/deliverables/delivering-agency';
import { agencyKindLabel } from '../../domain/deliverables/delivering-agency';
import { vietnameseNumber } from '../../domain/deliverables/values';
import { campaignDeclaration } from '../../read-side/delivery-review';
import { deliveryEntries } from '../../activities/deliverable-consolidation';
import { acceptedDeliveries, ASSIGNMENT_FIELDS, latestDeliveries } from '../../read-side/agency-deliveries';
import { consolidationWorkbook } from '../../activities/deliverable-workbook';

// What the approver decides on for a campaign that declares its deliverable: the consolidated
// deliveries (the agencies whose delivery was taken), a form's indicator totals for all agencies,
// and the consolidation workbook, built from the records as the worker wrote it.

/** The consolidated deliveries and their totals; undefined when the campaign takes the Article 4 list. */
export async function consolidatedDeliveries(db: Database, campaignId: string) {
  const declaration = await campaignDeclaration(db, campaignId);
  if (!declaration) return undefined;
  const taken = await db.assignment.findMany({
    where: { campaignId, catalogueRound: { not: null } },
    select: ASSIGNMENT_FIELDS,
  });
  const accepted = await acceptedDeliveries(db, taken);
  const totals =
    declaration.kind === 'form'
      ? indicatorTotals(declaration, accepted as AgencyDelivery<FormDelivery>[]).map((table) => {
          const all = table.groups.at(-1)!;
          return {
            title: `${table.label} (${table.aggregateLabel.toLocaleLowerCase('vi')}, ${all.agencies} cơ quan)`,
            columns: table.columns.map((c) => c.label),
            rows: table.indicators.map((indicator) => ({
              code: indicator.code,
              label: indicator.label,
              unit: indicator.unit,
              values: table.columns.map((c) => {
                const value = all.cells[indicator.code]?.[c.key]?.value;
                return value === undefined ? '—' : vietnameseNumber(value);
              }),
            })),
          };
        })
      : [];
  return {
    title: declaration.title,
    kind: declaration.kind,
    entries: deliveryEntries(declaration, accepted),
    agencies: accepted.map((a) => ({ name: a.agency.name, kind: agencyKindLabel(a.agency.kind) })),
    totals,
  };
}

/** The consolidation workbook of the campaign's declared deliverable, as of now. */
export async function consolidationXlsx(db: Database, campaignId: string, at: Date): Promise<Buffer> {
  const declaration = await campaignDeclaration(db, campaignId);
  if (!declaration) throw new Error(`Campaign ${campaignId} declares no deliverable.`);
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  const [taken, every] = await Promise.all([
    db.assignment.findMany({ where: { campaignId, catalogueRound: { not: null } }, select: ASSIGNMENT_FIELDS }),
    db.assignment.findMany({ where: { campaignId }, select: ASSIGNMENT_FIELDS }),
  ]);
  const workbook = consolidationWorkbook({
    heading: {
      directive: campaign.directiveNumber,
      title: campaign.title,
      at: (campaign.consolidatedAt ?? at).toISOString(),
    },
    declaration,
    accepted: await acceptedDeliveries(db, taken),
    latest: await latestDeliveries(db, every),
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

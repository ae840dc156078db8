import type { Database } from '../../prisma/database';
import { DOCUMENT_KIND_LABELS, type DocumentKind } from '../../domain/agency-list';
import type { CatalogueRow } from '../../domain/catalogue';
import { foldText } from '../../domain/list-quality';
import { catalogueWorkbook } from '../../activities/catalogue-export';
import { loadCampaignRow } from '../campaign-roles';

// The consolidated catalogue as the approver reads it: searched (without regard to diacritics or
// case, in code, procedure, document and agency names) and cut into pages on the server, and the
// same rows as the .xlsx formatted to print.

export const CATALOGUE_PAGE_SIZE = 50;

export interface CatalogueLine {
  number: number;
  procedureCode: string;
  procedureName: string;
  documentName: string;
  kindLabel: string;
  agencies: string[];
}

export interface CataloguePage {
  campaignId: string;
  consolidatedAt: Date | null;
  query: string;
  /** Rows in the whole catalogue, and rows that match the query. */
  total: number;
  matched: number;
  page: number;
  pages: number;
  lines: CatalogueLine[];
}

async function catalogueRows(
  db: Database,
  campaignId: string,
): Promise<{ rows: CatalogueRow[]; names: Map<string, string> }> {
  const [entries, agencies] = await Promise.all([
    db.catalogueEntry.findMany({ where: { campaignId }, orderBy: [{ procedureCode: 'asc' }, { documentKey: 'asc' }] }),
    db.agency.findMany({ where: { campaignId }, select: { code: true, name: true } }),
  ]);
  const rows = entries.map((e) => ({
    procedureCode: e.procedureCode,
    procedureName: e.procedureName,
    documentName: e.documentName,
    documentKey: e.documentKey,
    kind: e.kind as DocumentKind,
    agencyCodes: e.agencyCodes as string[],
  }));
  return { rows, names: new Map(agencies.map((a) => [a.code, a.name])) };
}

export async function cataloguePage(
  db: Database,
  campaignId: string,
  options: { query?: string; page?: number; pageSize?: number } = {},
): Promise<CataloguePage> {
  const campaign = await loadCampaignRow(db, campaignId);
  const { rows, names } = await catalogueRows(db, campaignId);
  const query = (options.query ?? '').trim();
  const needle = foldText(query).trim();
  const numbered = rows.map((row, i) => ({
    row,
    number: i + 1,
    agencies: row.agencyCodes.map((c) => names.get(c) ?? c),
  }));
  const matching = needle
    ? numbered.filter(({ row, agencies }) =>
        foldText([row.procedureCode, row.procedureName, row.documentName, ...agencies].join(' ')).includes(needle),
      )
    : numbered;
  const pageSize = options.pageSize ?? CATALOGUE_PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pages);
  return {
    campaignId,
    consolidatedAt: campaign.consolidatedAt,
    query,
    total: rows.length,
    matched: matching.length,
    page,
    pages,
    lines: matching.slice((page - 1) * pageSize, page * pageSize).map(({ row, number, agencies }) => ({
      number,
      procedureCode: row.procedureCode,
      procedureName: row.procedureName,
      documentName: row.documentName,
      kindLabel: DOCUMENT_KIND_LABELS[row.kind] ?? row.kind,
      agencies,
    })),
  };
}

/** The whole catalogue as an .xlsx, built from the stored rows (the same layout the consolidation exports). */
export async function catalogueXlsx(db: Database, campaignId: string): Promise<Buffer> {
  const campaign = await loadCampaignRow(db, campaignId);
  const { rows, names } = await catalogueRows(db, campaignId);
  const workbook = catalogueWorkbook(
    {
      campaignId,
      directive: campaign.directiveNumber,
      at: (campaign.consolidatedAt ?? new Date()).toISOString(),
    },
    rows,
    names,
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

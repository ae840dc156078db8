import type { Database } from '../prisma/database';
import { DOCUMENT_KIND_LABELS, agencyListSchema, type DocumentKind } from '../domain/agency-list';
import type { CatalogueRow } from '../domain/catalogue';
import { foldText } from '../domain/list-quality';
import { catalogueWorkbook, type AcceptedList } from '../activities/catalogue-export';
import { ACCEPTED_STAGES } from '../domain/stages';
import { loadCampaignRow } from './campaign-roles';
import { campaignNow } from '../domain/clock';

// The consolidated catalogue as the approver reads it: searched (without regard to diacritics or
// case, in code, procedure, document and agency names) and cut into pages on the server, and the
// same rows as the .xlsx formatted to print.

const CATALOGUE_PAGE_SIZE = 50;

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

interface NumberedRow {
  row: CatalogueRow;
  number: number;
  agencies: string[];
  /** Code, procedure, document and agency names, folded for search. */
  folded: string;
}

const kept = new WeakMap<Database, Map<string, { version: string; rows: NumberedRow[] }>>();

/**
 * The catalogue's rows numbered and folded for search, read again only when the catalogue or the
 * agencies' names may have changed: consolidation rewrites the rows and stamps `consolidatedAt` in
 * one transaction, and every agency write moves its `updatedAt`.
 */
async function numberedRows(db: Database, campaignId: string, consolidatedAt: Date | null): Promise<NumberedRow[]> {
  const [entries, agencies, renamed] = await Promise.all([
    db.catalogueEntry.count({ where: { campaignId } }),
    db.agency.count({ where: { campaignId } }),
    db.agency.findFirst({ where: { campaignId }, orderBy: { updatedAt: 'desc' }, select: { updatedAt: true } }),
  ]);
  const version = [consolidatedAt?.getTime(), entries, agencies, renamed?.updatedAt.getTime()].join(':');
  const byCampaign = kept.get(db) ?? new Map<string, { version: string; rows: NumberedRow[] }>();
  kept.set(db, byCampaign);
  const hit = byCampaign.get(campaignId);
  if (hit?.version === version) return hit.rows;
  const { rows, names } = await catalogueRows(db, campaignId);
  const numbered = rows.map((row, i) => {
    const agencies = row.agencyCodes.map((c) => names.get(c) ?? c);
    const folded = foldText([row.procedureCode, row.procedureName, row.documentName, ...agencies].join(' '));
    return { row, number: i + 1, agencies, folded };
  });
  byCampaign.set(campaignId, { version, rows: numbered });
  return numbered;
}

export async function cataloguePage(
  db: Database,
  campaignId: string,
  options: { query?: string; page?: number; pageSize?: number } = {},
): Promise<CataloguePage> {
  const campaign = await loadCampaignRow(db, campaignId);
  const numbered = await numberedRows(db, campaignId, campaign.consolidatedAt);
  const rows = numbered;
  const query = (options.query ?? '').trim();
  const needle = foldText(query).trim();
  const matching = needle ? numbered.filter(({ folded }) => folded.includes(needle)) : numbered;
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

/**
 * The lists the stored catalogue was merged from: each agency it names, at the version it was
 * accepted with (the rule consolidation applies), so the annex carries every column they filled in.
 */
async function catalogueLists(db: Database, campaignId: string, rows: CatalogueRow[]): Promise<AcceptedList[]> {
  const inCatalogue = new Set(rows.flatMap((row) => row.agencyCodes));
  const submissions = await db.submission.findMany({
    where: { assignment: { campaignId, stage: { in: [...ACCEPTED_STAGES] } } },
    select: { version: true, content: true, assignment: { select: { agencyCode: true, currentVersion: true } } },
  });
  return submissions
    .filter((s) => s.version === s.assignment.currentVersion && inCatalogue.has(s.assignment.agencyCode))
    .map((s) => ({ agencyCode: s.assignment.agencyCode, list: agencyListSchema.parse(s.content) }));
}

/**
 * The whole catalogue as an .xlsx laid out as the decision's annex (the consolidation's layout); once
 * approved it names the decision it goes with.
 */
export async function catalogueXlsx(db: Database, campaignId: string, realNow: Date = new Date()): Promise<Buffer> {
  const campaign = await loadCampaignRow(db, campaignId);
  const { rows, names } = await catalogueRows(db, campaignId);
  const workbook = catalogueWorkbook(
    {
      campaignId,
      directive: campaign.directiveNumber,
      at: (campaign.consolidatedAt ?? campaignNow(campaign.definition, realNow)).toISOString(),
      decision:
        campaign.decisionNumber && campaign.decisionDate
          ? { number: campaign.decisionNumber, date: campaign.decisionDate }
          : undefined,
    },
    await catalogueLists(db, campaignId, rows),
    names,
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

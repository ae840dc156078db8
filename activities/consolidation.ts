import type { ActingPerson } from '../domain/actor-proof';
import path from 'node:path';
import { Prisma } from '../generated/prisma-sqlite/client';
import type { Database } from '../prisma/database';
import { agencyListSchema } from '../domain/agency-list';
import type { ConsolidationSummary } from '../workflows/campaign/messages';
import { mergeLists } from '../domain/catalogue';
import { auditRowOnce } from './audit';
import { campaignWorkflowId } from '../domain/campaign-input';
import {
  CONSOLIDATION_FIELDS,
  inCatalogueAtConsolidation,
  missingAtConsolidation,
  withinOwnDeadline,
} from '../domain/consolidation';
import { roundFolder, takenByRound } from '../domain/rounds';
import { openSuspensions } from '../read-side/suspensions';
import { foundMissingBefore, MISSING_AT_CONSOLIDATION as MISSING } from '../read-side/rounds';
import type { AcceptedList } from './catalogue-export';
import { campaignDeclaration } from '../read-side/delivery-review';
import { acceptedDeliveries, deliveryEntries, exportDeliverableConsolidation } from './deliverable-consolidation';

// One consolidation round: round 1 takes every accepted list; a later round (tổng hợp bổ sung) the
// lists accepted since, of agencies that were within their own deadline when the earlier rounds
// closed. Each consolidation's files go to <exportDir>/<campaignId>/lan-<n>/ (n counts consolidations,
// so a draft sent back keeps its folder), and are written again as the annex of the decision that
// approves them.

// exceljs (the catalogue's .xlsx) is loaded by the first consolidation, not by every worker at start.
const catalogueExport = () =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use, typed as the module
  require('./catalogue-export') as typeof import('./catalogue-export');

export interface ConsolidateInput {
  campaignId: string;
  /** Counts every consolidation (a send-back's again included): it keys the records. */
  round: number;
  /** The catalogue's round (domain/rounds.ts); 1 when absent. */
  catalogueRound?: number;
  by: string;
  person?: ActingPerson;
  at: string;
  directive: string;
  /** 'later': the round's files are written by exportConsolidation after the Update answered. */
  files?: 'later';
}

const missingKey = (campaignId: string, round: number, agencyCode: string) =>
  `${campaignId}:${MISSING}:${round}:${agencyCode}`;

/** The current version of each assignment's list. */
async function currentLists(
  db: Database,
  assignments: { id: string; agencyCode: string; currentVersion: number }[],
): Promise<AcceptedList[]> {
  const byId = new Map(assignments.map((a) => [a.id, a]));
  const submissions = await db.submission.findMany({
    where: { assignmentId: { in: [...byId.keys()] } },
    select: { assignmentId: true, version: true, content: true },
  });
  return submissions
    .filter((s) => byId.get(s.assignmentId)?.currentVersion === s.version)
    .map((s) => ({ agencyCode: byId.get(s.assignmentId)!.agencyCode, list: agencyListSchema.parse(s.content) }));
}

type ConsolidationRows = ReturnType<typeof mergeLists>;

/**
 * The round's catalogue, the lists it took and the campaign's status, with the audit row, in one
 * transaction; a round that makes no catalogue writes the audit row alone.
 */
async function recordCatalogue(
  db: Database,
  input: ConsolidateInput,
  round: number,
  made: { catalogue: boolean; rows: ConsolidationRows; taken: { id: string }[]; agencies: number },
): Promise<void> {
  const { campaignId, at } = input;
  await db.$transaction([
    ...(made.catalogue
      ? [
          db.catalogueEntry.deleteMany({ where: { campaignId } }),
          db.catalogueEntry.createMany({
            data: made.rows.map((row) => ({
              id: `${campaignId}|${row.procedureCode}|${row.documentKey}`,
              campaignId,
              procedureCode: row.procedureCode,
              procedureName: row.procedureName,
              documentName: row.documentName,
              documentKey: row.documentKey,
              kind: row.kind,
              agencyCodes: row.agencyCodes,
            })),
          }),
          db.assignment.updateMany({
            where: { id: { in: made.taken.map((a) => a.id) } },
            data: { catalogueRound: round },
          }),
          db.campaign.update({
            where: { id: campaignId },
            data: { status: 'consolidated', consolidatedAt: new Date(at) },
          }),
        ]
      : []),
    auditRowOnce(db, {
      key: `${campaignWorkflowId(campaignId)}:consolidate:${input.round}`,
      campaignId,
      actor: input.by,
      person: input.person,
      action: 'consolidate',
      payload: { round: input.round, catalogueRound: round, agencies: made.agencies },
      at,
    }),
  ]);
}

/** One escalation per agency missing at this consolidation, raised once (a retry finds its key). */
async function escalateMissing(
  db: Database,
  input: ConsolidateInput,
  round: number,
  missing: { id: string; agencyCode: string; stage: string }[],
): Promise<void> {
  const { campaignId, at, round: attempt } = input;
  const keys = missing.map((a) => missingKey(campaignId, attempt, a.agencyCode));
  const existing = new Set(
    (await db.escalation.findMany({ where: { idempotencyKey: { in: keys } }, select: { idempotencyKey: true } })).map(
      (e) => e.idempotencyKey,
    ),
  );
  const fresh = missing.filter((_, i) => !existing.has(keys[i]!));
  if (fresh.length === 0) return;
  await db.escalation.createMany({
    data: fresh.map((a) => {
      const key = missingKey(campaignId, attempt, a.agencyCode);
      return {
        id: key,
        idempotencyKey: key,
        campaignId,
        assignmentId: a.id,
        kind: MISSING,
        target: 'agency',
        raisedAt: new Date(at),
        evidence: { stage: a.stage, round: attempt, catalogueRound: round } as Prisma.InputJsonValue,
      };
    }),
  });
}

type ApprovedDecision = { decisionNumber: string; decisionDate: string };

interface ExportRoundInput {
  campaignId: string;
  catalogueRound: number;
  /** The consolidation's number: its folder. */
  round: number;
  at: string;
  decision?: ApprovedDecision;
}

/** Where a consolidation reads and writes: the database, the catalogues' folder, the delivered files. */
interface ConsolidationStore {
  db: Database;
  exportDir: string;
  filesDir?: string;
}

export function createConsolidation(db: Database, exportDir: string, filesDir?: string) {
  const store: ConsolidationStore = { db, exportDir, filesDir };
  return {
    consolidate: (input: ConsolidateInput) => consolidate(store, input),
    exportApproved: (
      campaignId: string,
      round: number,
      decision: ApprovedDecision,
      consolidation?: { round: number; at: string },
    ) => exportApproved(store, campaignId, round, decision, consolidation),
    exportRound: (input: ExportRoundInput) => exportRound(store, input),
  };
}

/**
 * Each assignment with its agency's name and kind, the campaign's agencies read apart: a relation
 * read binds one value per assignment, and SQLite takes at most 999 in one statement.
 */
async function withAgencies<T extends { agencyCode: string }>(
  db: Database,
  campaignId: string,
  assignments: T[],
): Promise<(T & { agency: { name: string; kind: string } })[]> {
  const agencies = await db.agency.findMany({
    where: { campaignId },
    select: { code: true, name: true, kind: true },
  });
  const byCode = new Map(agencies.map(({ code, name, kind }) => [code, { name, kind }]));
  return assignments.map((a) => ({ ...a, agency: byCode.get(a.agencyCode)! }));
}

/** Builds the round's catalogue from its accepted lists, writes it and its files, escalates the missing. */
async function consolidate(store: ConsolidationStore, input: ConsolidateInput): Promise<ConsolidationSummary> {
  const { db, exportDir, filesDir } = store;
  const { campaignId, at } = input;
  const round = input.catalogueRound ?? 1;
  const attempt = input.round;
  const [assignments, suspended, closedBefore] = await Promise.all([
    withAgencies(
      db,
      campaignId,
      await db.assignment.findMany({
        where: { campaignId },
        select: { ...CONSOLIDATION_FIELDS, catalogueRound: true },
      }),
    ),
    openSuspensions(db, campaignId),
    foundMissingBefore(db, campaignId, round),
  ]);
  const taken = assignments.filter(
    (a) =>
      inCatalogueAtConsolidation(a.stage) &&
      takenByRound({ catalogueRound: a.catalogueRound, foundMissing: closedBefore.has(a.id) }, round),
  );
  // A campaign that declares its deliverable consolidates deliveries; otherwise Article 4 lists.
  const declaration = await campaignDeclaration(db, campaignId);
  const lists = declaration ? [] : await currentLists(db, taken);
  const accepted = declaration ? await acceptedDeliveries(db, taken) : [];
  const rows = mergeLists(lists);
  const agencies = declaration ? accepted.length : lists.length;
  // A later round with no new list changes nothing but finds who is missing now.
  const makesCatalogue = round === 1 || agencies > 0;

  await recordCatalogue(db, input, round, { catalogue: makesCatalogue, rows, taken, agencies });

  // Agencies whose own deadline still runs are not missing (withinOwnDeadline): a later round is theirs.
  const owing = assignments.filter((a) => missingAtConsolidation(a.stage) && !closedBefore.has(a.id));
  const within = (a: (typeof owing)[number]) =>
    withinOwnDeadline({ ...a, suspended: suspended.has(a.id) }, new Date(at));
  const missing = owing.filter((a) => !within(a));
  const pending = owing.filter(within);
  await escalateMissing(db, input, round, missing);

  const folder = path.join(exportDir, campaignId, roundFolder(attempt));
  const files =
    !makesCatalogue || input.files === 'later'
      ? { xlsx: '', csv: '' }
      : declaration
        ? await exportDeliverableConsolidation(
            db,
            folder,
            await headingOf(db, campaignId, at),
            declaration,
            accepted,
            assignments,
            filesDir,
          )
        : await catalogueExport().exportCatalogue(
            folder,
            { campaignId, directive: input.directive, at, round, ...(await firstDecision(db, campaignId, round)) },
            lists,
            new Map(assignments.map((a) => [a.agencyCode, a.agency.name])),
          );
  return {
    round: attempt,
    catalogueRound: round,
    at,
    by: input.by,
    procedures: new Set(rows.map((row) => row.procedureCode)).size,
    entries: declaration ? deliveryEntries(declaration, accepted) : rows.length,
    agencies,
    missing: missing.map((a) => a.agencyCode),
    pending: pending.map((a) => a.agencyCode),
    files,
  };
}

/** A declared deliverable's workbook heading: the directive and its subject, the consolidation's instant. */
async function headingOf(db: Database, campaignId: string, at: string) {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  return { directive: campaign.directiveNumber, title: campaign.title, at };
}

/** The number of the campaign's last consolidation, from its audit rows. */
async function lastConsolidation(db: Database, campaignId: string): Promise<number> {
  const rows = await db.auditEvent.findMany({
    where: { campaignId, action: 'consolidate', assignmentId: null },
    select: { idempotencyKey: true },
  });
  return Math.max(1, ...rows.map((row) => Number(row.idempotencyKey.split(':').at(-1)) || 0));
}

/** For a supplementary round: the first decision it supplements. */
async function firstDecision(
  db: Database,
  campaignId: string,
  round: number,
): Promise<{ firstDecision?: { number: string; date: Date } }> {
  if (round <= 1) return {};
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  return campaign.decisionNumber && campaign.decisionDate
    ? { firstDecision: { number: campaign.decisionNumber, date: campaign.decisionDate } }
    : {};
}

/**
 * The round's files once approved: the same catalogue, now headed "Ban hành kèm theo Quyết định số
 * … ngày … của Chủ tịch UBND tỉnh" (the draft line replaced), a later round's naming the first
 * decision it supplements. Written again whole by a retry.
 */
async function exportApproved(
  store: ConsolidationStore,
  campaignId: string,
  round: number,
  decision: ApprovedDecision,
  /** The consolidation approved, as the campaign workflow recorded it: its folder's number and instant. */
  consolidation?: { round: number; at: string },
): Promise<void> {
  const { db } = store;
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  const consolidatedAt = consolidation?.at ?? campaign.consolidatedAt?.toISOString();
  if (!consolidatedAt) return;
  const folder = consolidation?.round ?? (await lastConsolidation(db, campaignId));
  await exportRound(store, { campaignId, catalogueRound: round, round: folder, at: consolidatedAt, decision });
}

/**
 * A consolidation round's files from what it took (the lists or deliveries of the agencies it
 * marked with its catalogue round), under the decision once approved. Written again whole by a retry.
 */
async function exportRound(store: ConsolidationStore, input: ExportRoundInput): Promise<{ xlsx: string; csv: string }> {
  const { db, exportDir, filesDir } = store;
  const { campaignId, catalogueRound, decision } = input;
  const folder = path.join(exportDir, campaignId, roundFolder(input.round));
  const assignments = await withAgencies(
    db,
    campaignId,
    await db.assignment.findMany({
      where: { campaignId, catalogueRound },
      select: { id: true, agencyCode: true, currentVersion: true },
    }),
  );
  const declaration = await campaignDeclaration(db, campaignId);
  if (declaration) {
    const every = await withAgencies(
      db,
      campaignId,
      await db.assignment.findMany({
        where: { campaignId },
        select: { id: true, agencyCode: true, currentVersion: true },
      }),
    );
    return exportDeliverableConsolidation(
      db,
      folder,
      await headingOf(db, campaignId, input.at),
      declaration,
      await acceptedDeliveries(db, assignments),
      every,
      filesDir,
    );
  }
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  return catalogueExport().exportCatalogue(
    folder,
    {
      campaignId,
      directive: campaign.directiveNumber,
      at: input.at,
      round: catalogueRound,
      ...(decision && {
        decision: { number: decision.decisionNumber, date: new Date(`${decision.decisionDate}T00:00:00+07:00`) },
      }),
      ...(await firstDecision(db, campaignId, catalogueRound)),
    },
    await currentLists(db, assignments),
    new Map(assignments.map((a) => [a.agencyCode, a.agency.name])),
  );
}

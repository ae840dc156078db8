import { nationalCode, normalizeName, type AgencyList, type DocumentKind } from './agency-list';

// Consolidation: every accepted list merged into the province-wide catalogue, one row per
// procedure and document, deduplicated, with the agencies that listed it. Pure, so it is unit-tested
// on its own and used by the consolidation activity.

export interface CatalogueRow {
  procedureCode: string;
  procedureName: string;
  documentName: string;
  documentKey: string;
  kind: DocumentKind;
  agencyCodes: string[];
}

export function mergeLists(lists: { agencyCode: string; list: AgencyList }[]): CatalogueRow[] {
  const rows = new Map<string, CatalogueRow>();
  // Agency order decides whose wording names a shared row, so the result never depends on read order.
  const ordered = [...lists].sort((a, b) => a.agencyCode.localeCompare(b.agencyCode));
  for (const { agencyCode, list } of ordered) {
    for (const procedure of list.procedures) {
      const procedureCode = nationalCode(procedure.code);
      for (const document of procedure.documents) {
        const documentKey = normalizeName(document.name);
        const key = `${procedureCode}|${documentKey}`;
        const row = rows.get(key);
        if (row) {
          if (!row.agencyCodes.includes(agencyCode)) row.agencyCodes.push(agencyCode);
        } else {
          rows.set(key, {
            procedureCode,
            procedureName: procedure.name.replace(/\s+/g, ' '),
            documentName: document.name.replace(/\s+/g, ' '),
            documentKey,
            kind: document.kind,
            agencyCodes: [agencyCode],
          });
        }
      }
    }
  }
  return [...rows.values()]
    .map((row) => ({ ...row, agencyCodes: [...row.agencyCodes].sort() }))
    .sort((a, b) => a.procedureCode.localeCompare(b.procedureCode) || a.documentKey.localeCompare(b.documentKey));
}

/** One paper one agency proposes, with every column the agency filled in. */
export interface AnnexLine {
  procedureCode: string;
  procedureName: string;
  field?: string;
  level?: string;
  documentName: string;
  kind: DocumentKind;
  basis?: string;
  note?: string;
}

export interface AnnexGroup {
  agencyCode: string;
  agencyName: string;
  lines: AnnexLine[];
}

/**
 * The catalogue as the decision's annex: one line per agency × procedure × document, grouped by
 * agency (by name, as a reader looks one up), so no cell ever holds a list of agencies.
 */
export function annexGroups(
  lists: { agencyCode: string; list: AgencyList }[],
  agencyNames: Map<string, string>,
): AnnexGroup[] {
  const byAgency = new Map<string, AnnexGroup>();
  for (const { agencyCode, list } of lists) {
    const group = byAgency.get(agencyCode) ?? {
      agencyCode,
      agencyName: agencyNames.get(agencyCode) ?? agencyCode,
      lines: [],
    };
    byAgency.set(agencyCode, group);
    // The same list read twice adds nothing: a paper is keyed as the catalogue keys it.
    const seen = new Set(group.lines.map((l) => `${l.procedureCode}|${normalizeName(l.documentName)}`));
    for (const procedure of list.procedures) {
      const procedureCode = nationalCode(procedure.code);
      for (const document of procedure.documents) {
        const key = `${procedureCode}|${normalizeName(document.name)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        group.lines.push({
          procedureCode,
          procedureName: procedure.name.replace(/\s+/g, ' '),
          field: procedure.field,
          level: procedure.level,
          documentName: document.name.replace(/\s+/g, ' '),
          kind: document.kind,
          basis: document.basis,
          note: document.note,
        });
      }
    }
  }
  return [...byAgency.values()]
    .map((group) => ({
      ...group,
      // Stable within an agency: by procedure code, papers in the order the agency listed them.
      lines: group.lines
        .map((line, i) => ({ line, i }))
        .sort((a, b) => a.line.procedureCode.localeCompare(b.line.procedureCode) || a.i - b.i)
        .map(({ line }) => line),
    }))
    .sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'vi') || a.agencyCode.localeCompare(b.agencyCode));
}

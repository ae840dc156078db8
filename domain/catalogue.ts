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

import { inAgencyOrder, type AgencyLatest, type DeliveringAgency } from './delivering-agency';
import type { Delivery } from './checker';
import type { DeliverableDeclaration } from './declaration';
import type { FormDelivery } from './form-check';
import type { FormDeclaration } from './form';
import { cellName, formParts } from './form-parts';
import type { TableDeclaration } from './table';
import type { TableDelivery } from './table-check';
import { isEmpty } from './value-check';

// Who has not delivered which part: for every agency of the campaign, from its latest delivery (or
// none), the required parts still missing — a form's required field, indicator cell or file field;
// a table's rows, or a required column left empty in some rows — each named in Vietnamese as the
// checker names it. Pure; bounded: an agency lists at most `listedParts` parts and counts the rest.

export const MISSING_PARTS_LIMITS = { listedParts: 50 } as const;

export interface MissingPart {
  section?: string;
  field?: string;
  indicator?: string;
  column?: string;
  /** What is missing, where, as people read it. */
  label: string;
}

export interface AgencyMissing {
  agency: DeliveringAgency;
  /** Nothing delivered yet: the whole deliverable is missing. */
  nothing: boolean;
  /** The first `listedParts` missing parts (one "Chưa nộp" part when nothing was delivered). */
  parts: MissingPart[];
  /** Missing parts past those listed. */
  more: number;
}

export interface MissingSummary {
  /** Agencies with something missing, in the one agency order; complete agencies are left out. */
  agencies: AgencyMissing[];
  /** How many agencies that delivered miss each part (those that delivered nothing are `nothing`). */
  byPart: { label: string; agencies: number }[];
  complete: number;
  nothing: number;
}

type PartCheck = { part: MissingPart; missing: (delivery: Delivery) => boolean | number };

function formChecks(declaration: FormDeclaration): PartCheck[] {
  const fieldsOf = (d: Delivery) => (d as FormDelivery).fields ?? {};
  return formParts(declaration).flatMap((part): PartCheck[] => {
    const at = { section: part.section, field: part.field.key };
    if (part.type === 'value')
      return part.field.required
        ? [{ part: { ...at, label: `${part.where}: chưa điền` }, missing: (d) => isEmpty(fieldsOf(d)[part.field.key]) }]
        : [];
    if (part.type === 'file')
      return part.field.required
        ? [
            {
              part: { ...at, label: `${part.where}: chưa đính kèm tệp` },
              missing: (d) => {
                const files = fieldsOf(d)[part.field.key];
                return !Array.isArray(files) || files.length === 0;
              },
            },
          ]
        : [];
    const field = part.field;
    if (!field.required) return [];
    return field.indicators.flatMap((indicator) =>
      field.columns.map((column) => ({
        part: {
          ...at,
          indicator: indicator.code,
          column: column.key,
          label: `${part.where}, ${cellName(field, indicator.code, column.key)}: chưa điền`,
        },
        missing: (d: Delivery) => {
          const table = fieldsOf(d)[field.key] as Record<string, Record<string, unknown> | undefined> | undefined;
          const value = table !== null && typeof table === 'object' ? table[indicator.code]?.[column.key] : undefined;
          return typeof value !== 'number';
        },
      })),
    );
  });
}

function tableChecks(declaration: TableDeclaration): PartCheck[] {
  const rowsOf = (d: Delivery) => {
    const rows = (d as TableDelivery).rows;
    return Array.isArray(rows) ? rows : [];
  };
  return [
    { part: { label: `Bảng "${declaration.title}": chưa có dòng nào` }, missing: (d) => rowsOf(d).length === 0 },
    ...declaration.columns
      .filter((c) => c.required)
      .map((column) => ({
        part: { column: column.key, label: `Cột "${column.label}": còn trống` },
        missing: (d: Delivery) => rowsOf(d).filter((row) => isEmpty(row?.[column.key])).length,
      })),
  ];
}

/** The required parts each agency has not delivered, from its latest delivery. */
export function missingParts(
  declaration: DeliverableDeclaration,
  agencies: readonly AgencyLatest<Delivery>[],
): MissingSummary {
  const checks = declaration.kind === 'form' ? formChecks(declaration) : tableChecks(declaration);
  const counts = checks.map(() => 0);
  const summary: MissingSummary = { agencies: [], byPart: [], complete: 0, nothing: 0 };
  for (const { agency, delivery } of inAgencyOrder(agencies)) {
    if (delivery === undefined) {
      summary.nothing += 1;
      summary.agencies.push({ agency, nothing: true, parts: [{ label: 'Chưa nộp' }], more: 0 });
      continue;
    }
    const parts: MissingPart[] = [];
    let more = 0;
    checks.forEach(({ part, missing }, i) => {
      const result = missing(delivery);
      if (result === false || result === 0) return;
      counts[i]! += 1;
      const shown = typeof result === 'number' ? { ...part, label: `${part.label} ở ${result} dòng` } : part;
      if (parts.length < MISSING_PARTS_LIMITS.listedParts) parts.push(shown);
      else more += 1;
    });
    if (parts.length === 0) summary.complete += 1;
    else summary.agencies.push({ agency, nothing: false, parts, more });
  }
  summary.byPart = checks
    .map(({ part }, i) => ({ label: part.label, agencies: counts[i]! }))
    .filter((p) => p.agencies > 0);
  return summary;
}

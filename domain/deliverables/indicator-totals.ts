import { AGENCY_KIND_LABELS, AGENCY_KIND_ORDER, type AgencyKind } from '../agency-kinds';
import { agencyKind, type AgencyDelivery } from './delivering-agency';
import {
  addDecimal,
  compareDecimal,
  decimalNumber,
  decimalText,
  divideDecimal,
  toDecimal,
  ZERO,
  type Decimal,
} from './exact-decimal';
import type { FormDelivery } from './form-check';
import type { AGGREGATIONS, FormDeclaration, IndicatorsField } from './form';
import { formParts } from './form-parts';

// The indicator tables of a form added up over the agencies' accepted deliveries: for every table,
// indicator and column, the aggregate the declaration names (sum, average, min, max) by kind of
// agency and over all of them, with how many agencies gave a value. Pure and deterministic: the
// order deliveries come in changes nothing, and sums are exact (see exact-decimal.ts). Work is one
// pass over the deliveries' cells, bounded by the declaration's limits.

export type Aggregation = (typeof AGGREGATIONS)[number];

export const AGGREGATION_LABELS: Record<Aggregation, string> = {
  sum: 'Tổng',
  average: 'Trung bình',
  min: 'Nhỏ nhất',
  max: 'Lớn nhất',
};

/** Every agency, whatever its kind. */
export const ALL_AGENCIES = 'all';
const ALL_AGENCIES_LABEL = 'Tất cả cơ quan';

export interface CellTotal {
  /** The declared aggregate of the values given; absent when no agency gave one. */
  value?: number;
  /** Agencies whose value counted. */
  agencies: number;
  /** The exact sum of those values as decimal text ("0" when none): past 2^53 it stays exact here. */
  exactSum: string;
}

export interface GroupTotals {
  kind: AgencyKind | typeof ALL_AGENCIES;
  label: string;
  /** Agencies of the group whose delivery was read (with or without values in this table). */
  agencies: number;
  /** indicator code → column key → total. */
  cells: Record<string, Record<string, CellTotal>>;
}

export interface IndicatorTableTotals {
  section: string;
  sectionTitle: string;
  field: string;
  label: string;
  aggregate: Aggregation;
  aggregateLabel: string;
  columns: { key: string; label: string; type: 'integer' | 'number' }[];
  indicators: { code: string; label: string; unit: string }[];
  /** The kinds that delivered, in AGENCY_KINDS order, then all agencies. */
  groups: GroupTotals[];
}

interface Accumulator {
  count: number;
  sum: Decimal;
  min?: Decimal;
  max?: Decimal;
}

function accumulate(into: Accumulator, value: Decimal): void {
  into.count += 1;
  into.sum = addDecimal(into.sum, value);
  if (into.min === undefined || compareDecimal(value, into.min) < 0) into.min = value;
  if (into.max === undefined || compareDecimal(value, into.max) > 0) into.max = value;
}

function total(acc: Accumulator, aggregate: Aggregation): CellTotal {
  const cell: CellTotal = { agencies: acc.count, exactSum: decimalText(acc.sum) };
  if (acc.count === 0) return cell;
  const value =
    aggregate === 'sum'
      ? decimalNumber(acc.sum)
      : aggregate === 'average'
        ? divideDecimal(acc.sum, acc.count)
        : decimalNumber(aggregate === 'min' ? acc.min! : acc.max!);
  return { ...cell, value };
}

function tableTotals(
  field: IndicatorsField,
  deliveries: readonly AgencyDelivery<FormDelivery>[],
): Map<AgencyKind, { agencies: number; cells: Accumulator[][] }> {
  const byKind = new Map<AgencyKind, { agencies: number; cells: Accumulator[][] }>();
  const fresh = () => field.indicators.map(() => field.columns.map(() => ({ count: 0, sum: ZERO })));
  for (const { agency, delivery } of deliveries) {
    const kind = agencyKind(agency.kind);
    let group = byKind.get(kind);
    if (!group) byKind.set(kind, (group = { agencies: 0, cells: fresh() }));
    group.agencies += 1;
    const table = delivery.fields?.[field.key];
    if (table === null || typeof table !== 'object' || Array.isArray(table)) continue;
    field.indicators.forEach((indicator, i) => {
      const row = table[indicator.code];
      if (row === null || typeof row !== 'object') return;
      field.columns.forEach((column, c) => {
        const value = row[column.key];
        if (typeof value === 'number' && Number.isFinite(value)) accumulate(group.cells[i]![c]!, toDecimal(value));
      });
    });
  }
  return byKind;
}

/** Totals of every indicator table of the form over the accepted deliveries. */
export function indicatorTotals(
  declaration: FormDeclaration,
  deliveries: readonly AgencyDelivery<FormDelivery>[],
): IndicatorTableTotals[] {
  return formParts(declaration).flatMap((part) => {
    if (part.type !== 'indicators') return [];
    const { field } = part;
    const byKind = tableTotals(field, deliveries);
    const all = {
      agencies: deliveries.length,
      cells: field.indicators.map((_, i) =>
        field.columns.map((_, c) => {
          const sum: Accumulator = { count: 0, sum: ZERO };
          for (const group of byKind.values()) {
            const one = group.cells[i]![c]!;
            if (one.count === 0) continue;
            sum.count += one.count;
            sum.sum = addDecimal(sum.sum, one.sum);
            if (sum.min === undefined || compareDecimal(one.min!, sum.min) < 0) sum.min = one.min;
            if (sum.max === undefined || compareDecimal(one.max!, sum.max) > 0) sum.max = one.max;
          }
          return sum;
        }),
      ),
    };
    const group = (
      kind: AgencyKind | typeof ALL_AGENCIES,
      label: string,
      data: { agencies: number; cells: Accumulator[][] },
    ): GroupTotals => ({
      kind,
      label,
      agencies: data.agencies,
      cells: Object.fromEntries(
        field.indicators.map((indicator, i) => [
          indicator.code,
          Object.fromEntries(
            field.columns.map((column, c) => [column.key, total(data.cells[i]![c]!, field.aggregate)]),
          ),
        ]),
      ),
    });
    return [
      {
        section: part.section,
        sectionTitle: part.sectionTitle,
        field: field.key,
        label: field.label,
        aggregate: field.aggregate,
        aggregateLabel: AGGREGATION_LABELS[field.aggregate],
        columns: field.columns.map((c) => ({ key: c.key, label: c.label, type: c.type })),
        indicators: field.indicators.map((i) => ({ code: i.code, label: i.label, unit: i.unit })),
        groups: [
          ...AGENCY_KIND_ORDER.filter((kind) => byKind.has(kind)).map((kind) =>
            group(kind, AGENCY_KIND_LABELS[kind], byKind.get(kind)!),
          ),
          group(ALL_AGENCIES, ALL_AGENCIES_LABEL, all),
        ],
      },
    ];
  });
}

import { AGENCY_KIND_LABELS, AGENCY_KIND_ORDER, type AgencyKind } from '../agency-kinds';

// The agencies whose deliveries consolidation reads: each with its code, name and kind, its accepted
// delivery, or its latest one (or none yet). Every output lists agencies in one order: by kind as
// AGENCY_KINDS lists them, then by code, whatever order they were read in.

export interface DeliveringAgency {
  code: string;
  name: string;
  /** One of AGENCY_KINDS; anything else is read as `other`. */
  kind: string;
}

/** An agency and the delivery the reviewer accepted. */
export interface AgencyDelivery<D> {
  agency: DeliveringAgency;
  delivery: D;
}

/** An agency of the campaign and its latest delivery, absent while it has delivered nothing. */
export interface AgencyLatest<D> {
  agency: DeliveringAgency;
  delivery?: D;
}

export function agencyKind(kind: string): AgencyKind {
  return (AGENCY_KIND_ORDER as readonly string[]).includes(kind) ? (kind as AgencyKind) : 'other';
}

export function agencyKindLabel(kind: string): string {
  return AGENCY_KIND_LABELS[agencyKind(kind)];
}

const KIND_ORDER = new Map<string, number>(AGENCY_KIND_ORDER.map((kind, i) => [kind, i]));

function compareAgencies(a: DeliveringAgency, b: DeliveringAgency): number {
  const byKind = KIND_ORDER.get(agencyKind(a.kind))! - KIND_ORDER.get(agencyKind(b.kind))!;
  return byKind !== 0 ? byKind : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** Agencies in the one order every output uses (a copy; the input is left as it was). */
export function inAgencyOrder<T extends { agency: DeliveringAgency }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareAgencies(a.agency, b.agency));
}

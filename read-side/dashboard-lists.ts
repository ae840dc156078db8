import { agencyDistrict } from '../domain/agency-district';
import { DEADLINE_STATUSES, DEADLINE_STATUS_LABELS, type DeadlineStatusClass } from '../domain/deadline-status';
import { AGENCY_KINDS } from '../domain/agency-input';
import { foldText } from '../domain/list-quality';
import {
  AGENCY_KIND_LABELS,
  type AgencyKind,
  type AgencyRow,
  type AttentionRow,
  type EscalationEntry,
} from '../reporting/model';
import type { EscalationHandling } from '../domain/escalation-handling';
import type { PersonActionCount } from './actions';
import type { Dashboard } from './dashboard';

// The Service Center's dashboard lists, filtered on the server by what the query string asks: free
// text on an agency's name or code, its kind (level), its district, its colour status. The page and
// the .xlsx exports read the same lists with the same filter, so a download holds what the page shows.

export interface ListFilter {
  /** Free text, matched without diacritics against the agency's name and code. */
  text?: string;
  kind?: AgencyKind;
  district?: string;
  status?: DeadlineStatusClass;
  /** "Who did what" lists people, not agencies: free text on a person's name or e-mail. */
  person?: string;
}

/** The query parameters of the filter (Vietnamese, as in the address bar). */
export const FILTER_PARAMS = { text: 'tim', kind: 'cap', district: 'huyen', status: 'mau', person: 'nguoi' } as const;

const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | undefined =>
  value && (values as readonly string[]).includes(value) ? (value as T) : undefined;

/** The filter a query asks for; unknown values are left out (the form only offers known ones). */
export function filterOf(query: Record<string, string | undefined>): ListFilter {
  const text = query[FILTER_PARAMS.text]?.trim().slice(0, 200);
  const person = query[FILTER_PARAMS.person]?.trim().slice(0, 200);
  return {
    ...(text && { text }),
    ...(person && { person }),
    ...(oneOf(AGENCY_KINDS, query[FILTER_PARAMS.kind]) && { kind: query[FILTER_PARAMS.kind] as AgencyKind }),
    ...(query[FILTER_PARAMS.district]?.trim() && { district: query[FILTER_PARAMS.district]!.trim() }),
    ...(oneOf(DEADLINE_STATUSES, query[FILTER_PARAMS.status]) && {
      status: query[FILTER_PARAMS.status] as DeadlineStatusClass,
    }),
  };
}

/** The filter as query parameters (empty ones left out), to carry it to the next page and the downloads. */
export function filterQuery(filter: ListFilter): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(FILTER_PARAMS) as (keyof ListFilter)[])
      .filter((key) => filter[key])
      .map((key) => [FILTER_PARAMS[key], String(filter[key])]),
  );
}

/** What the filter says, in words: shown above the lists and in each .xlsx. */
export function describeFilter(filter: ListFilter): string {
  const parts = [
    filter.text && `tìm “${filter.text}”`,
    filter.kind && `loại ${AGENCY_KIND_LABELS[filter.kind]}`,
    filter.district && `thuộc ${filter.district}`,
    filter.status && `tình trạng hạn ${DEADLINE_STATUS_LABELS[filter.status]}`,
    filter.person && `người thực hiện “${filter.person}”`,
  ].filter(Boolean);
  return parts.length > 0 ? `Lọc: ${parts.join(', ')}.` : 'Không lọc.';
}

export interface AgencyFacts {
  code: string;
  name: string;
  kind: AgencyKind;
  kindLabel: string;
  district?: string;
  status?: DeadlineStatusClass;
  statusLabel: string;
}

function factsOf(row: AgencyRow): AgencyFacts {
  return {
    code: row.code,
    name: row.name,
    kind: row.kind,
    kindLabel: row.kindLabel,
    district: agencyDistrict(row),
    status: row.deadlineStatus?.status,
    statusLabel: row.deadlineStatus ? DEADLINE_STATUS_LABELS[row.deadlineStatus.status] : '',
  };
}

function agencyMatches(filter: ListFilter, facts: AgencyFacts | undefined): boolean {
  if (!facts) return false;
  if (filter.text) {
    const needle = foldText(filter.text).trim();
    if (!foldText(`${facts.name} ${facts.code}`).includes(needle) && !facts.code.includes(filter.text)) return false;
  }
  if (filter.kind && facts.kind !== filter.kind) return false;
  if (filter.district && facts.district !== filter.district) return false;
  if (filter.status && facts.status !== filter.status) return false;
  return true;
}

export interface EscalationListRow {
  id: string;
  agency: AgencyFacts;
  label: string;
  raisedAt: string;
  deadline: string | null;
  open: boolean;
  handled: { at: string; personName: string; note: string } | null;
}

export interface PendingExtensionRow {
  agency: AgencyFacts;
  requestedAt: string;
  requestedBy: string;
  requestedDeadline: string;
  answerDeadline: string;
  reason: string;
}

export interface DashboardLists {
  late: (AttentionRow & { agency: AgencyFacts })[];
  perfunctory: (AttentionRow & { agency: AgencyFacts })[];
  /** Open and not yet handled by the Service Center: what it has to act on. */
  toHandle: EscalationListRow[];
  /** Handled by the Service Center, newest handling first. */
  handled: EscalationListRow[];
  /** Extension requests waiting for the Service Center's answer, the nearest answer deadline first. */
  pendingExtensions: PendingExtensionRow[];
  actions: PersonActionCount[];
}

/** The choices of the filter form: kinds present in the campaign, its districts, every colour status. */
export function filterChoices(dashboard: Dashboard) {
  const facts = dashboard.report.agencies.map(factsOf);
  return {
    kinds: AGENCY_KINDS.filter((kind) => facts.some((f) => f.kind === kind)).map((kind) => ({
      value: kind,
      label: AGENCY_KIND_LABELS[kind],
    })),
    districts: [...new Set(facts.flatMap((f) => (f.district ? [f.district] : [])))].sort((a, b) =>
      a.localeCompare(b, 'vi'),
    ),
    statuses: DEADLINE_STATUSES.map((status) => ({ value: status, label: DEADLINE_STATUS_LABELS[status] })),
  };
}

/**
 * `handlings`: the handlings read now (read-side/escalation-handlings.ts), newer than the dashboard's
 * figures may be; without it, those the dashboard was built with.
 */
export function dashboardLists(
  dashboard: Dashboard,
  filter: ListFilter,
  handlings?: ReadonlyMap<string, EscalationHandling>,
): DashboardLists {
  const { report } = dashboard;
  const facts = new Map(report.agencies.map((row) => [row.code, factsOf(row)]));
  const keep = (code: string) => agencyMatches(filter, facts.get(code));
  const handlingOf = (e: EscalationEntry) => {
    if (!handlings) return e.handled;
    const found = handlings.get(e.id);
    return found ? { at: found.at, personName: found.personName, note: found.note } : null;
  };
  const attention = report.attention
    .filter((row) => keep(row.code))
    .map((row) => ({ ...row, agency: facts.get(row.code)! }));
  const escalations = report.agencies
    .filter((row) => keep(row.code))
    .flatMap((row) =>
      row.escalations.map((e) => ({
        id: e.id,
        agency: facts.get(row.code)!,
        label: e.label,
        raisedAt: e.raisedAt,
        deadline: e.deadline,
        open: e.open,
        handled: handlingOf(e),
      })),
    );
  const byRaised = (x: EscalationListRow, y: EscalationListRow) =>
    x.raisedAt.localeCompare(y.raisedAt) || x.agency.code.localeCompare(y.agency.code);
  const byPerson = (row: PersonActionCount) =>
    !filter.person || foldText(`${row.personName} ${row.email ?? ''}`).includes(foldText(filter.person).trim());
  return {
    late: attention.filter((row) => row.late),
    perfunctory: attention.filter((row) => row.perfunctory),
    toHandle: escalations.filter((e) => e.open && !e.handled).sort(byRaised),
    handled: escalations
      .filter((e) => e.handled)
      .sort((x, y) => y.handled!.at.localeCompare(x.handled!.at) || byRaised(x, y)),
    pendingExtensions: report.extensions.agencies
      .filter((agency) => keep(agency.code))
      .flatMap((agency) =>
        agency.requests
          .filter((request) => request.status === 'pending')
          .map((request) => ({
            agency: facts.get(agency.code)!,
            requestedAt: request.requestedAt,
            requestedBy: request.requestedBy,
            requestedDeadline: request.requestedDeadline,
            answerDeadline: request.answerDeadline,
            reason: request.reason,
          })),
      )
      .sort((x, y) => x.answerDeadline.localeCompare(y.answerDeadline) || x.agency.code.localeCompare(y.agency.code)),
    actions: report.actionCounts.filter(byPerson),
  };
}

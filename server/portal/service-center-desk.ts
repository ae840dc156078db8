import type { EscalationHandling } from '../../domain/escalation-handling';
import type { Dashboard } from '../../read-side/dashboard';
import {
  dashboardLists,
  describeFilter,
  filterChoices,
  filterOf,
  filterQuery,
  FILTER_PARAMS,
  type DashboardLists,
} from '../../read-side/dashboard-lists';
import { EXPORT_OF_LIST } from './list-exports';

// What the dashboard's lists need on the page: the filter asked for (and its form's choices), each
// list paged with links that keep the filter and the other lists' pages, and each list's .xlsx link
// carrying the same filter.

/** Rows of each dashboard list on one page; the rest are a page away (and in the list's .xlsx). */
const LIST_PAGE_SIZE = 50;
/** Each list's page parameter, which is also its heading's anchor. */
const LIST_PAGES = {
  pendingExtensions: 'giaHan',
  toHandle: 'canhBao',
  handled: 'daXuLy',
  late: 'tre',
  perfunctory: 'doiPho',
  actions: 'aiLamGi',
} as const satisfies Record<keyof DashboardLists, string>;

export interface ListPage<T> {
  rows: T[];
  total: number;
  page: number;
  pages: number;
  previous?: string;
  next?: string;
  xlsx: string;
}

export function deskView(
  dashboard: Dashboard,
  query: Record<string, string | undefined>,
  path: string,
  handlings?: ReadonlyMap<string, EscalationHandling>,
) {
  const filter = filterOf(query);
  const kept = filterQuery(filter);
  const lists = dashboardLists(dashboard, filter, handlings);
  const page = <K extends keyof DashboardLists>(list: K): ListPage<DashboardLists[K][number]> => {
    const param = LIST_PAGES[list];
    const rows = lists[list] as DashboardLists[K][number][];
    const pages = Math.max(1, Math.ceil(rows.length / LIST_PAGE_SIZE));
    const current = Math.min(Math.max(1, Math.floor(Number(query[param])) || 1), pages);
    const href = (n: number) => {
      const otherPages = Object.fromEntries(
        Object.values(LIST_PAGES)
          .filter((p) => p !== param && query[p])
          .map((p) => [p, query[p]!]),
      );
      return `${path}?${new URLSearchParams({ ...kept, ...otherPages, [param]: String(n) })}#${param}`;
    };
    const search = new URLSearchParams(kept).toString();
    return {
      rows: rows.slice((current - 1) * LIST_PAGE_SIZE, current * LIST_PAGE_SIZE),
      total: rows.length,
      page: current,
      pages,
      previous: current > 1 ? href(current - 1) : undefined,
      next: current < pages ? href(current + 1) : undefined,
      xlsx: `${path}/tai-xuong/${EXPORT_OF_LIST[list]}${search ? `?${search}` : ''}`,
    };
  };
  return {
    filter,
    filterParams: FILTER_PARAMS,
    filterText: describeFilter(filter),
    filtered: Object.keys(kept).length > 0,
    choices: filterChoices(dashboard),
    lists: {
      pendingExtensions: page('pendingExtensions'),
      toHandle: page('toHandle'),
      handled: page('handled'),
      late: page('late'),
      perfunctory: page('perfunctory'),
      actions: page('actions'),
    },
  };
}

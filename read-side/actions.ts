import type { DatabaseTransaction } from '../prisma/database';
import type { CampaignClock } from '../domain/clock';
import { ACTION_LABELS, CHANNEL_LABELS, ROLE_LABELS, type Action, type Role } from '../domain/access';
import { actionOfAuditRow, onlyRoleOf, SERVER_ONLY_ACTIONS } from '../domain/audit-actions';
import { escapeHtml as h, escapeMarkdown as m } from '../shared/escape';
import { fmtInstant, fmtNumber } from '../reporting/format';

// Who did what, from the workflows' own audit rows: every row that names the person whose signed
// proof the workflow verified, stamped by the workflow in campaign time (a rehearsal's compressed
// timeline included), so it reads beside the deadlines with no clock conversion. The role and the
// channel the person acted through come from the server's trail (AccessEvent) of the same person
// and action; actions only the server sees (launch, role grants, report schedules) come from that
// trail, mapped onto the campaign's clock. Reads (status, report) are not actions.

type Reader = Pick<DatabaseTransaction, 'auditEvent' | 'accessEvent' | 'person'>;

export interface ActionEntry {
  at: string;
  personId: string | null;
  personName: string;
  email: string | null;
  role: string | null;
  roleLabel: string;
  channel: string;
  channelLabel: string;
  action: string;
  actionLabel: string;
  agencyCode: string | null;
}

/** One person's count of one action, first and last time in campaign time. */
export interface PersonActionCount {
  personId: string;
  personName: string;
  email: string | null;
  roleLabel: string;
  channelLabel: string;
  action: string;
  actionLabel: string;
  count: number;
  first: string;
  last: string;
}

export interface WhoDidWhat {
  /** Every action up to the instant. */
  total: number;
  /** The people who acted, counted per person and action, most frequent first within a person. */
  people: PersonActionCount[];
  /** The newest actions, oldest first. */
  recent: ActionEntry[];
}

export interface WhoDidWhatOptions {
  /** Only actions on these agencies (an agency member's view). */
  agencyCodes?: readonly string[];
  /** How many of the newest actions to list. */
  recent?: number;
}

const OTHER_ACTION_LABELS: Record<string, string> = { grant: 'cấp quyền', revoke: 'thu hồi quyền' };

function roleLabel(role: string | null): string {
  if (!role) return '—';
  return ROLE_LABELS[role as Role] ?? role;
}

export function actionLabel(action: string): string {
  return ACTION_LABELS[action as Action] ?? OTHER_ACTION_LABELS[action] ?? action;
}

const channelLabel = (channel: string) => CHANNEL_LABELS[channel] ?? channel;

type TrailGroups = Awaited<ReturnType<Reader['accessEvent']['groupBy']>>;

/** Roles and channels each person used for each action, from the server's trail. */
function trailOf(groups: TrailGroups) {
  const trail = new Map<string, { roles: Set<string>; channels: Set<string> }>();
  for (const g of groups) {
    const key = `${g.personId}:${g.action}`;
    const entry = trail.get(key) ?? { roles: new Set(), channels: new Set() };
    if (g.role) entry.roles.add(g.role);
    entry.channels.add(g.channel);
    trail.set(key, entry);
  }
  return (personId: string, action: string) => {
    const used = trail.get(`${personId}:${action}`);
    const roles = used && used.roles.size > 0 ? [...used.roles] : [onlyRoleOf(action)].filter((r) => r !== undefined);
    const channels = used ? [...used.channels] : [];
    return {
      role: roles.length === 1 ? roles[0]! : null,
      roleLabel: roles.length === 0 ? '—' : roles.map(roleLabel).join(', '),
      channel: channels.join(', ') || '—',
      channelLabel: channels.map(channelLabel).join(', ') || '—',
    };
  };
}

/**
 * Who did what in the campaign up to the campaign instant `at`: the people counted per person and
 * action, and the newest actions. Bounded: the counts are grouped by the database, the list is
 * limited to `recent` rows.
 */
export async function readWhoDidWhat(
  db: Reader,
  campaignId: string,
  at: Date,
  clock: CampaignClock,
  options: WhoDidWhatOptions = {},
): Promise<WhoDidWhat> {
  const recentCount = options.recent ?? 20;
  const realEnd = new Date(clock.realAt(at.getTime()));
  const [counted, newest, trailGroups, serverNewest] = await readActionRows(
    db,
    campaignId,
    at,
    realEnd,
    recentCount,
    options,
  );
  // Actions only the server sees name no agency: not an agency member's.
  const withServerOnly = !options.agencyCodes;
  const trail = trailOf(trailGroups);
  const serverCounted = withServerOnly
    ? trailGroups.filter((g) => (SERVER_ONLY_ACTIONS as readonly string[]).includes(g.action))
    : [];
  const onClock = (real: Date) => new Date(clock.at(real.getTime()));
  const ids = [
    ...new Set([...counted, ...serverCounted].map((g) => g.personId).filter((id): id is string => id !== null)),
  ];
  const people = new Map(
    (await db.person.findMany({ where: { id: { in: ids } } })).map((p) => [p.id, { name: p.name, email: p.email }]),
  );
  const nameInRows = new Map(newest.map((r) => [r.personId, r.personName]));
  const who = (personId: string, fallback?: string | null) => ({
    personName: people.get(personId)?.name ?? fallback ?? nameInRows.get(personId) ?? '—',
    email: people.get(personId)?.email ?? null,
  });

  const countRows = [
    ...counted.map((g) => ({ ...g, action: actionOfAuditRow(g.action), first: g._min.at!, last: g._max.at! })),
    ...serverCounted.map((g) => ({ ...g, first: onClock(g._min.at!), last: onClock(g._max.at!) })),
  ];
  const merged = mergeCounts(countRows, who, trail);
  const entry = (personId: string, name: string | null, action: string, when: Date, agencyCode: string | null) => ({
    at: when.toISOString(),
    personId,
    ...who(personId, name),
    ...trail(personId, action),
    action,
    actionLabel: actionLabel(action),
    agencyCode,
  });
  const recent = [
    ...newest.map((r) =>
      entry(r.personId!, r.personName, actionOfAuditRow(r.action), r.at, r.assignment?.agencyCode ?? null),
    ),
    ...serverNewest.map((e) => entry(e.personId!, null, e.action, onClock(e.at), e.agencyCode)),
  ]
    .sort((x, y) => x.at.localeCompare(y.at))
    .slice(-recentCount);
  const counts = merged.sort(
    (x, y) => x.personName.localeCompare(y.personName, 'vi') || y.count - x.count || x.action.localeCompare(y.action),
  );
  return { total: counts.reduce((sum, c) => sum + c.count, 0), people: counts, recent };
}

/** The audit rows counted per person and action, the newest, and the server's own trail of them. */
function readActionRows(
  db: Reader,
  campaignId: string,
  at: Date,
  realEnd: Date,
  recentCount: number,
  options: WhoDidWhatOptions,
) {
  const rows = {
    campaignId,
    personId: { not: null },
    at: { lte: at },
    ...(options.agencyCodes && { assignment: { agencyCode: { in: [...options.agencyCodes] } } }),
  };
  const serverOnly = { in: [...SERVER_ONLY_ACTIONS] };
  const trailRows = { campaignId, outcome: 'done', personId: { not: null }, at: { lte: realEnd } };
  // Actions only the server sees name no agency: not an agency member's.
  const withServerOnly = !options.agencyCodes;
  return Promise.all([
    db.auditEvent.groupBy({
      by: ['personId', 'action'],
      where: rows,
      _count: { _all: true },
      _min: { at: true },
      _max: { at: true },
    }),
    db.auditEvent.findMany({
      where: rows,
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: recentCount,
      select: {
        at: true,
        personId: true,
        personName: true,
        action: true,
        assignment: { select: { agencyCode: true } },
      },
    }),
    db.accessEvent.groupBy({
      by: ['personId', 'action', 'role', 'channel'],
      where: trailRows,
      _count: { _all: true },
      _min: { at: true },
      _max: { at: true },
    }),
    withServerOnly
      ? db.accessEvent.findMany({
          where: { ...trailRows, action: serverOnly },
          orderBy: [{ at: 'desc' }, { id: 'desc' }],
          take: recentCount,
        })
      : [],
  ]);
}

interface CountRow {
  personId: string | null;
  action: string;
  _count: { _all: number };
  first: Date;
  last: Date;
}

/** One count per person and action: two rows of the workflows may stand for one action (a grant and a refusal are both an answer). */
function mergeCounts(
  countRows: CountRow[],
  who: (personId: string) => { personName: string; email: string | null },
  trail: ReturnType<typeof trailOf>,
): PersonActionCount[] {
  const merged = new Map<string, PersonActionCount>();
  for (const g of countRows) {
    const personId = g.personId!;
    const key = `${personId}:${g.action}`;
    const known = merged.get(key);
    const first = g.first.toISOString();
    const last = g.last.toISOString();
    if (known) {
      known.count += g._count._all;
      if (first < known.first) known.first = first;
      if (last > known.last) known.last = last;
      continue;
    }
    const { roleLabel: role, channelLabel: channel } = trail(personId, g.action);
    merged.set(key, {
      personId,
      ...who(personId),
      roleLabel: role,
      channelLabel: channel,
      action: g.action,
      actionLabel: actionLabel(g.action),
      count: g._count._all,
      first,
      last,
    });
  }
  return [...merged.values()];
}

/** One line per action, as `campaign status` prints it. */
export function describeAction(a: ActionEntry): string {
  const who = a.email ? `${a.personName} <${a.email}>` : a.personName;
  return `${fmtInstant(a.at)}  ${who} (${a.roleLabel}, ${a.channelLabel}): ${a.actionLabel}${a.agencyCode ? ` — ${a.agencyCode}` : ''}`;
}

/** One line per person and action, as `campaign status` prints it. */
export function describeCount(c: PersonActionCount): string {
  const who = c.email ? `${c.personName} <${c.email}>` : c.personName;
  return `${who} (${c.roleLabel}, ${c.channelLabel}): ${c.actionLabel} × ${fmtNumber(c.count)}, lần cuối ${fmtInstant(c.last)}`;
}

const ACTIONS_SECTION_TITLE = '6. Ai đã làm gì (theo nhật ký của từng hồ sơ)';
/** The newest actions a report lists; the counts cover them all. */
export const REPORT_RECENT_ACTIONS = 100;
const COUNT_HEADER = ['Người thực hiện', 'Email', 'Vai trò', 'Kênh', 'Thao tác', 'Số lần', 'Lần đầu', 'Lần cuối'];
const RECENT_HEADER = ['Thời điểm', 'Người thực hiện', 'Vai trò', 'Kênh', 'Thao tác', 'Cơ quan'];

/** The report's part of who did what: the counts, the total, and the newest actions (oldest first). */
export interface ActionsSection {
  actionTotal: number;
  actionCounts: PersonActionCount[];
  actions: ActionEntry[];
}

function countRows(section: ActionsSection): string[][] {
  return section.actionCounts.map((c) => [
    c.personName,
    c.email ?? '—',
    c.roleLabel,
    c.channelLabel,
    c.actionLabel,
    fmtNumber(c.count),
    fmtInstant(c.first),
    fmtInstant(c.last),
  ]);
}

function recentRows(section: ActionsSection): string[][] {
  return [...section.actions]
    .reverse()
    .map((a) => [fmtInstant(a.at), a.personName, a.roleLabel, a.channelLabel, a.actionLabel, a.agencyCode ?? '—']);
}

function note(section: ActionsSection): string {
  if (section.actionTotal === 0) return 'Chưa có ai thao tác trong chiến dịch.';
  const people = new Set(section.actionCounts.map((c) => c.personId)).size;
  return `${fmtNumber(section.actionTotal)} thao tác của ${fmtNumber(people)} người, theo giờ của chiến dịch.`;
}

function recentNote(section: ActionsSection): string {
  const shown = section.actions.length;
  return shown < section.actionTotal
    ? `${fmtNumber(shown)} thao tác mới nhất, mới nhất trước.`
    : 'Tất cả thao tác, mới nhất trước.';
}

export function actionsSectionMarkdown(section: ActionsSection): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const table = (header: string[], body: string[][]) =>
    [line(header), line(header.map(() => '---')), ...body.map((r) => line(r.map(m)))].join('\n');
  const parts = [`## ${ACTIONS_SECTION_TITLE}`, note(section)];
  if (section.actionTotal > 0)
    parts.push(table(COUNT_HEADER, countRows(section)), recentNote(section), table(RECENT_HEADER, recentRows(section)));
  return parts.join('\n\n');
}

export function actionsSectionHtml(section: ActionsSection): string {
  const table = (caption: string, header: string[], body: string[][]) =>
    `<table><caption>${h(caption)}</caption><thead><tr>${header.map((c) => `<th scope="col">${h(c)}</th>`).join('')}</tr></thead><tbody>\n${body
      .map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`)
      .join('\n')}\n</tbody></table>`;
  const tables =
    section.actionTotal === 0
      ? ''
      : `${table('Số thao tác theo người và loại thao tác', COUNT_HEADER, countRows(section))}\n<p>${h(recentNote(section))}</p>\n${table('Thao tác mới nhất', RECENT_HEADER, recentRows(section))}`;
  return `<section>\n<h2>${h(ACTIONS_SECTION_TITLE)}</h2>\n<p>${h(note(section))}</p>\n${tables}\n</section>`;
}

import type { DatabaseTransaction } from '../prisma/database';
import type { CampaignClock } from '../domain/clock';
import { ACTION_LABELS, CHANNEL_LABELS, ROLE_LABELS, type Action, type Role } from '../domain/access';
import { escapeHtml as h, escapeMarkdown as m } from '../shared/escape';
import { fmtInstant, fmtNumber } from '../reporting/format';

// Who did what: every action taken through the dondoc server for the campaign, with the real person
// (name and e-mail), the role they acted in, the channel and the Update ID, read from the server's
// audit rows (AccessEvent). Reads (status, report) are not actions and are left out.

type Reader = Pick<DatabaseTransaction, 'accessEvent' | 'person'>;

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
  updateId: string | null;
  clientAddress: string | null;
}

const OTHER_ACTION_LABELS: Record<string, string> = { grant: 'cấp quyền', revoke: 'thu hồi quyền' };
const READS = ['status', 'report'];

/** A role's short name: the label without its English key in brackets. */
export function roleLabel(role: string | null): string {
  if (!role) return '—';
  return (ROLE_LABELS[role as Role] ?? role).replace(/\s*\([^)]*\)$/, '');
}

export function actionLabel(action: string): string {
  return ACTION_LABELS[action as Action] ?? OTHER_ACTION_LABELS[action] ?? action;
}

/**
 * The campaign's actions done up to the campaign instant `at`, oldest first, dated in campaign time.
 * The server stamps actions with the real clock; the campaign's clock maps the window and the dates
 * onto the campaign's timeline (a rehearsal's compressed one), so they read beside its deadlines.
 */
export async function readActions(
  db: Reader,
  campaignId: string,
  at: Date,
  clock: CampaignClock,
): Promise<ActionEntry[]> {
  const realEnd = new Date(clock.realAt(at.getTime()));
  const events = await db.accessEvent.findMany({
    where: { campaignId, outcome: 'done', at: { lte: realEnd }, action: { notIn: READS } },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  });
  const ids = [...new Set(events.map((e) => e.personId).filter((id): id is string => id !== null))];
  const people = new Map(
    (await db.person.findMany({ where: { id: { in: ids } } })).map((p) => [p.id, { name: p.name, email: p.email }]),
  );
  return events.map((e) => {
    const person = e.personId ? people.get(e.personId) : undefined;
    return {
      at: new Date(clock.at(e.at.getTime())).toISOString(),
      personId: e.personId,
      personName: person?.name ?? '—',
      email: person?.email ?? null,
      role: e.role,
      roleLabel: roleLabel(e.role),
      channel: e.channel,
      channelLabel: CHANNEL_LABELS[e.channel] ?? e.channel,
      action: e.action,
      actionLabel: actionLabel(e.action),
      agencyCode: e.agencyCode,
      updateId: e.updateId,
      clientAddress: e.clientAddress,
    };
  });
}

/** One line per action, as `campaign status` prints it. */
export function describeAction(a: ActionEntry): string {
  const who = a.email ? `${a.personName} <${a.email}>` : a.personName;
  return `${fmtInstant(a.at)}  ${who} (${a.roleLabel}, ${a.channelLabel}): ${a.actionLabel}${a.agencyCode ? ` — ${a.agencyCode}` : ''}`;
}

export const ACTIONS_SECTION_TITLE = '6. Ai đã làm gì (thao tác qua máy chủ dondoc)';
/** The newest actions shown in HTML and Markdown; the JSON has them all. */
const SHOWN = 100;
const HEADER = ['Thời điểm', 'Người thực hiện', 'Email', 'Vai trò', 'Kênh', 'Thao tác', 'Cơ quan'];

function rows(actions: ActionEntry[]): string[][] {
  return actions
    .slice(-SHOWN)
    .reverse()
    .map((a) => [
      fmtInstant(a.at),
      a.personName,
      a.email ?? '—',
      a.roleLabel,
      a.channelLabel,
      a.actionLabel,
      a.agencyCode ?? '—',
    ]);
}

function note(actions: ActionEntry[]): string {
  if (actions.length === 0) return 'Chưa có thao tác nào qua máy chủ dondoc.';
  const shown = Math.min(actions.length, SHOWN);
  return `${fmtNumber(actions.length)} thao tác; ${shown < actions.length ? `${fmtNumber(shown)} thao tác mới nhất` : 'tất cả'}, mới nhất trước.`;
}

export function actionsSectionMarkdown(actions: ActionEntry[]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const parts = [`## ${ACTIONS_SECTION_TITLE}`, note(actions)];
  if (actions.length > 0)
    parts.push([line(HEADER), line(HEADER.map(() => '---')), ...rows(actions).map((r) => line(r.map(m)))].join('\n'));
  return parts.join('\n\n');
}

export function actionsSectionHtml(actions: ActionEntry[]): string {
  const table =
    actions.length === 0
      ? ''
      : `<table><thead><tr>${HEADER.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>\n${rows(actions)
          .map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`)
          .join('\n')}\n</tbody></table>`;
  return `<section>\n<h2>${h(ACTIONS_SECTION_TITLE)}</h2>\n<p>${h(note(actions))}</p>\n${table}\n</section>`;
}

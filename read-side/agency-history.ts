import type { Database } from '../prisma/database';
import { ACTION_LABELS, type Action } from '../domain/access';
import { deadlineDay } from '../domain/deadline-display';
import { escalationLabel } from '../domain/escalations';
import { DEADLINE_LABELS, type DeadlineKind } from '../domain/stages';
import { assignmentId } from '../temporal/workflow-ids';

// An agency's whole history as the Service Center reads it: every row its workflow recorded
// (submissions, returns, reminders, extensions and requests, support, suspensions, calendar changes,
// withdrawal) and every escalation raised about it, newest first. The workflows stamp their rows in
// campaign time, so the history reads beside the campaign's deadlines with no conversion.

export interface AgencyHistoryEntry {
  at: Date;
  /** What happened, in a few words ("Gia hạn", "Nhắc việc"). */
  label: string;
  /** Who acted: a person's name, or "Hệ thống" for what the rules did on their own. */
  by: string;
  /** The details worth reading: the new deadline, the reason, the note. */
  text: string;
}

/** Rows read at most: an agency's history is a few dozen rows; a runaway one stays bounded. */
const HISTORY_LIMIT = 500;

type Payload = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const day = (value: unknown) => (typeof value === 'string' && value ? deadlineDay(value) : '');
const deadlineName = (kind: unknown) => DEADLINE_LABELS[kind as DeadlineKind] ?? 'thời hạn';
const sentence = (...parts: string[]) => parts.filter(Boolean).join(' ');
/** A person's action by its one declared name (domain/access.ts), as a heading. */
const named = (action: Action) => capitalize(ACTION_LABELS[action]);

/** Each recorded action as people read it: its label and the details its payload carries. */
const DESCRIBE: Record<string, { label: string; text: (p: Payload) => string }> = {
  assign: {
    label: 'Giao nhiệm vụ',
    text: (p) => sentence(p.submissionDeadline ? `Hạn nộp ${day(p.submissionDeadline)}.` : ''),
  },
  submit: { label: named('submit'), text: (p) => (p.version ? `Phiên bản ${String(p.version)}.` : '') },
  return: {
    label: named('returnList'),
    text: (p) => text((p.reasons as { overall?: unknown } | undefined)?.overall),
  },
  accept: { label: named('acceptList'), text: () => '' },
  consolidate: { label: named('consolidate'), text: () => '' },
  approve: { label: named('approve'), text: () => '' },
  send_back: { label: named('sendBack'), text: () => '' },
  cancel: { label: named('cancel'), text: (p) => text(p.reason) },
  withdraw: { label: 'Rút khỏi chiến dịch', text: (p) => text(p.reason) },
  remind: {
    label: named('remind'),
    text: (p) => sentence(`Về ${deadlineName(p.kind)} ${day(p.deadline)}.`, text(p.note)),
  },
  extend: {
    label: named('extendDeadline'),
    text: (p) => {
      const kind = (p.kind as DeadlineKind | undefined) ?? 'submission';
      return sentence(`${capitalize(deadlineName(kind))} mới: ${day(p[`${kind}Deadline`])}.`, text(p.reason));
    },
  },
  extension_request: {
    label: named('requestExtension'),
    text: (p) =>
      sentence(
        `Đến ${day(p.requestedDeadline)}.`,
        text(p.reason),
        p.answerDeadline ? `Hạn trả lời ${day(p.answerDeadline)}.` : '',
      ),
  },
  extension_grant: {
    label: 'Chấp thuận gia hạn',
    text: (p) => sentence(`${capitalize(deadlineName(p.kind))} mới: ${day(p.grantedDeadline)}.`, text(p.answer)),
  },
  extension_refuse: { label: 'Không chấp thuận gia hạn', text: (p) => text(p.answer) },
  escalate: { label: named('escalate'), text: (p) => text(p.reason) },
  support_request: { label: named('support'), text: (p) => text(p.question) },
  support_answer: { label: 'Trả lời hỗ trợ', text: (p) => text(p.answer) },
  suspend: {
    label: named('suspendDeadline'),
    text: (p) => sentence(`${capitalize(deadlineName(p.kind))} ${day(p.deadline)} tạm dừng.`, text(p.reason)),
  },
  resume: {
    label: named('resumeDeadline'),
    text: (p) => sentence(`${capitalize(deadlineName(p.kind))} mới: ${day(p.deadline)}.`, text(p.note)),
  },
  calendar: {
    label: 'Thay đổi lịch làm việc',
    text: (p) => sentence(p.version ? `Lịch làm việc phiên bản ${String(p.version)}.` : '', text(p.basis)),
  },
};

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** The agency's history in campaign time, newest first. */
export async function agencyHistory(
  db: Database,
  campaignId: string,
  agencyCode: string,
): Promise<AgencyHistoryEntry[]> {
  const id = assignmentId(campaignId, agencyCode);
  const [rows, escalations] = await Promise.all([
    db.auditEvent.findMany({
      where: { assignmentId: id },
      select: { action: true, actor: true, personName: true, payload: true, at: true },
      orderBy: { at: 'desc' },
      take: HISTORY_LIMIT,
    }),
    db.escalation.findMany({
      where: { assignmentId: id },
      select: { kind: true, raisedAt: true, resolvedAt: true, deadline: true },
      orderBy: { raisedAt: 'desc' },
      take: HISTORY_LIMIT,
    }),
  ]);
  const entries: AgencyHistoryEntry[] = rows
    // A manual escalation is listed once, from the escalation it raised, with its reason from the row.
    .map((row) => {
      const described = DESCRIBE[row.action];
      const payload = (row.payload ?? {}) as Payload;
      return {
        at: row.at,
        label: described?.label ?? row.action,
        by: row.personName ?? (row.actor === 'system' ? 'Hệ thống' : row.actor),
        text: described?.text(payload) ?? '',
      };
    });
  for (const e of escalations.filter((e) => e.kind !== 'manual'))
    entries.push({
      at: e.raisedAt,
      label: 'Cảnh báo',
      by: 'Hệ thống',
      text: sentence(
        `${escalationLabel(e.kind)}${e.deadline ? ` (thời hạn ${deadlineDay(e.deadline)})` : ''}.`,
        e.resolvedAt ? 'Đã khắc phục.' : '',
      ),
    });
  return entries.sort((x, y) => y.at.getTime() - x.at.getTime()).slice(0, HISTORY_LIMIT);
}

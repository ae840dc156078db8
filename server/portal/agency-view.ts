import {
  describeExtension,
  EXTENSION_AUDIT_ACTIONS,
  EXTENSION_STATUS_LABELS,
  extensionPolicy,
  extensionRequestsFromAudit,
  type ExtensionPolicy,
  type ExtensionRequest,
} from '../../domain/extension-requests';
import type { CampaignPolicy } from '../../domain/policy';
import type { Database } from '../../prisma/database';
import { agencyPagePath } from '../../domain/page-links';
import { assignmentId } from '../../temporal/workflow-ids';
import { describeDeadlineStatus, type DeadlineStatus } from '../../domain/deadline-status';
import { DEADLINE_LABELS, STAGE_LABELS, type Stage } from '../../domain/stages';
import { loadDeadlineStatusRule } from '../../read-side/deadline-status-rule';
import { returnReasonsSchema, type ReturnReasons } from '../../workflows/agency/messages';
import { loadCampaignRow } from '../../read-side/campaign-roles';
import { collectionClosedNotice } from '../../domain/collection';
import { laterRoundNotice } from '../../domain/rounds';
import { collectionFacts } from '../../read-side/rounds';
import { notFound } from '../../shared/http-errors';
import { listForReview, type ListForReview } from '../../read-side/list-review';
import { CALENDAR_FRAGMENT, calendarLine, latestCalendarVersion, type CalendarLine } from './calendar-view';
import { campaignNow } from '../../domain/clock';

// What an agency member reads about their assignments: each with its deadline, working days left
// and colour status (domain/deadline-status.ts), and one agency's page with its list, the reviewer's
// reasons beside the lines, the history of versions and decisions, and its support requests.

export interface TaskSummary {
  campaignId: string;
  campaignTitle: string;
  directiveNumber: string;
  agencyCode: string;
  agencyName: string;
  stageLabel: string;
  version: number;
  href: string;
  status: DeadlineStatus | null;
  statusText: string;
  deadlineLabel?: string;
  deadline?: string;
  /** The working-day calendar the deadline counts on, described on the agency's page at `calendarHref`. */
  calendar: CalendarLine;
  calendarHref: string;
}

function statusFields(status: DeadlineStatus | null) {
  return {
    status,
    statusText: status ? describeDeadlineStatus(status) : 'Không tính hạn',
    deadlineLabel: status?.deadline ? DEADLINE_LABELS[status.deadline.kind] : undefined,
    deadline: status?.deadline?.at,
  };
}

/** The assignments of the agencies a person works for, by campaign, the most urgent first. */
export async function tasksOf(
  db: Database,
  grants: readonly { role: string; campaignId: string; agencyCode: string }[],
  /** The server's real now: each campaign reads it through its own clock. */
  realNow: Date,
): Promise<TaskSummary[]> {
  const ids = grants.filter((g) => g.role === 'agency').map((g) => assignmentId(g.campaignId, g.agencyCode));
  if (ids.length === 0) return [];
  const rows = await db.assignment.findMany({
    where: { id: { in: ids } },
    include: { agency: true, campaign: true },
    orderBy: [{ campaignId: 'asc' }, { agencyCode: 'asc' }],
  });
  const byCampaign = new Map<string, typeof rows>();
  for (const row of rows) byCampaign.set(row.campaignId, [...(byCampaign.get(row.campaignId) ?? []), row]);
  const tasks: TaskSummary[] = [];
  const latest = await latestCalendarVersion(db);
  for (const [, assignments] of byCampaign) {
    const campaign = assignments[0]!.campaign;
    const calendar = calendarLine(campaign, latest);
    const statusOf = await loadDeadlineStatusRule(
      db,
      campaign,
      campaignNow(campaign.definition, realNow),
      assignments.map((a) => a.id),
    );
    for (const a of assignments)
      tasks.push({
        campaignId: a.campaignId,
        campaignTitle: campaign.title,
        directiveNumber: campaign.directiveNumber,
        agencyCode: a.agencyCode,
        agencyName: a.agency.name,
        stageLabel: STAGE_LABELS[a.stage as Stage] ?? a.stage,
        version: a.currentVersion,
        href: agencyPagePath(a.campaignId, a.agencyCode),
        ...statusFields(statusOf(a)),
        calendar,
        calendarHref: `${agencyPagePath(a.campaignId, a.agencyCode)}#${CALENDAR_FRAGMENT}`,
      });
  }
  const urgency = (t: TaskSummary) => (t.deadline ? Date.parse(t.deadline) : Number.MAX_SAFE_INTEGER);
  return tasks.sort((x, y) => urgency(x) - urgency(y) || x.agencyName.localeCompare(y.agencyName, 'vi'));
}

export interface HistoryEntry {
  at: Date;
  text: string;
  /** The reviewer's reasons, for a return. */
  reasons?: ReturnReasons;
  /** The version sent, for a submission (downloadable as .xlsx). */
  version?: number;
}

export interface AgencyPage extends ListForReview {
  campaignTitle: string;
  directiveNumber: string;
  stageReason: string | null;
  returnCount: number;
  deadlines: { submission: Date; resubmission: Date | null; review: Date | null };
  status: DeadlineStatus | null;
  statusText: string;
  deadlineLabel?: string;
  deadline?: string;
  history: HistoryEntry[];
  /** Set when collection is closed for this agency: what its page says instead of inviting a list. */
  collectionClosed?: string;
  /** Within its own deadline after a consolidation: its accepted list goes into the next round. */
  laterRound?: string;
  /** Extension requests, oldest first. */
  extensions: (ExtensionRequest & { statusLabel: string })[];
  extensionPolicy: ExtensionPolicy;
  support: {
    question: string;
    askedBy: string;
    askedAt: Date;
    answer: string | null;
    answeredBy: string | null;
    answeredAt: Date | null;
  }[];
}

const DECISION_TEXT: Record<string, string> = { returned: 'trả lại', accepted: 'chấp nhận' };

/** How a version reached dondoc, as the history says it. */
const SOURCE_TEXT: Record<string, string> = {
  form: 'điền trên trang',
  json: 'dữ liệu JSON',
  xlsx: 'tệp .xlsx',
  csv: 'tệp .csv',
};

export async function agencyPage(db: Database, campaignId: string, agencyCode: string, now: Date): Promise<AgencyPage> {
  const id = assignmentId(campaignId, agencyCode);
  const row = await db.assignment.findUnique({ where: { id } });
  if (!row) throw notFound(`Chiến dịch ${campaignId} không có cơ quan ${agencyCode}.`);
  const campaign = await loadCampaignRow(db, campaignId);
  const [list, submissions, decisions, support, statusOf, extensionRows, collection] = await Promise.all([
    listForReview(db, campaignId, agencyCode),
    db.submission.findMany({ where: { assignmentId: id }, orderBy: { version: 'asc' } }),
    db.reviewDecision.findMany({ where: { assignmentId: id }, include: { submission: true } }),
    db.supportRequest.findMany({ where: { assignmentId: id }, orderBy: { askedAt: 'desc' } }),
    loadDeadlineStatusRule(db, campaign, now, [id]),
    db.auditEvent.findMany({
      where: { assignmentId: id, action: { in: [...EXTENSION_AUDIT_ACTIONS] } },
      select: { action: true, actor: true, at: true, payload: true },
    }),
    collectionFacts(db, campaign, id),
  ]);
  const extensions = extensionRequestsFromAudit(extensionRows);
  const history: HistoryEntry[] = [
    ...submissions.map((s) => ({
      at: s.submittedAt,
      text: `${s.submittedBy} nộp phiên bản ${s.version} (${SOURCE_TEXT[s.source] ?? `tệp ${s.source}`}).`,
      version: s.version,
    })),
    ...decisions.map((d) => ({
      at: d.decidedAt,
      text: `${d.reviewer} ${DECISION_TEXT[d.decision] ?? d.decision} phiên bản ${d.submission.version}.`,
      ...(d.decision === 'returned' && { reasons: returnReasonsSchema.safeParse(d.reasons).data }),
    })),
    ...support.flatMap((r) => [
      { at: r.askedAt, text: `${r.askedBy} hỏi hỗ trợ: ${r.question}` },
      ...(r.answeredAt ? [{ at: r.answeredAt, text: `${r.answeredBy ?? ''} trả lời: ${r.answer ?? ''}` }] : []),
    ]),
    ...extensions.flatMap(describeExtension).map((entry) => ({ at: new Date(entry.at), text: entry.text })),
  ].sort((x, y) => y.at.getTime() - x.at.getTime());
  return {
    ...list,
    campaignTitle: campaign.title,
    directiveNumber: campaign.directiveNumber,
    stageReason: row.stageReason,
    returnCount: row.returnCount,
    deadlines: {
      submission: row.submissionDeadline,
      resubmission: row.resubmissionDeadline,
      review: row.reviewDeadline,
    },
    ...statusFields(statusOf(row)),
    history,
    collectionClosed: collectionClosedNotice(collection, row.stage),
    ...(['assigned', 'returned', 'submitted', 'resubmitted'].includes(row.stage) && {
      laterRound: laterRoundNotice(collection),
    }),
    extensions: extensions.map((r) => ({ ...r, statusLabel: EXTENSION_STATUS_LABELS[r.status] })),
    extensionPolicy: extensionPolicy(
      ((campaign as { definition?: unknown }).definition as { policy?: Partial<CampaignPolicy> } | null)?.policy,
    ),
    support: support.map((r) => ({
      question: r.question,
      askedBy: r.askedBy,
      askedAt: r.askedAt,
      answer: r.answer,
      answeredBy: r.answeredBy,
      answeredAt: r.answeredAt,
    })),
  };
}

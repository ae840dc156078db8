import type { DatabaseTransaction } from '../prisma/database';
import { campaignCalendar } from '../domain/calendar/vietnam';
import { createDeadlineStatusCalculator, dueSoonWorkingDays, type DeadlineStatus } from '../domain/deadline-status';
import { isLate, type LatenessFacts } from '../domain/lateness';
import type { WorkCalendar } from '../domain/working-days';
import { openSuspensions } from './suspensions';
import { loadAnnouncementRows } from './calendar-version';
import type { Announcement } from '../domain/calendar/announcements';

// The facts the one lateness rule (domain/lateness.ts isLate) needs for a whole campaign, read in
// three queries: its calendar, its open escalations, its suspended deadlines. The admin script's
// `--late`, the portal's queues and bulk actions all ask through here.

type Reader = Pick<DatabaseTransaction, 'escalation' | 'auditEvent' | 'calendarAnnouncement'>;

export interface LateRuleCampaign {
  id: string;
  directiveDate: Date;
  submissionDeadline: Date;
  definition: unknown;
  /** The calendar version its agencies count on (1, the law's, when absent). */
  calendarVersion?: number;
}

export interface StoredAssignment {
  id: string;
  stage: string;
  overdue: boolean;
  submissionDeadline: Date;
  resubmissionDeadline: Date | null;
  reviewDeadline: Date | null;
}

export function calendarOf(
  campaign: LateRuleCampaign,
  dates: Date[],
  announcements: readonly Announcement[] = [],
): WorkCalendar {
  const kind = (campaign.definition as { calendar?: unknown } | null)?.calendar;
  return campaignCalendar(
    typeof kind === 'string' ? kind : undefined,
    [campaign.directiveDate, campaign.submissionDeadline, ...dates],
    { all: announcements, version: campaign.calendarVersion ?? 1 },
  );
}

export function deadlinesOf(assignment: StoredAssignment): LatenessFacts['deadlines'] {
  return {
    submission: assignment.submissionDeadline,
    resubmission: assignment.resubmissionDeadline,
    review: assignment.reviewDeadline,
  };
}

export interface CampaignFacts {
  calendar: WorkCalendar;
  /** The lateness facts of one of the campaign's assignments. */
  factsOf(assignment: StoredAssignment): LatenessFacts;
  /** Late by the one rule at `now`. */
  isLate(assignment: StoredAssignment): boolean;
  /** The colour status (còn hạn, sắp đến hạn, quá hạn, …) at `now`. */
  statusOf(assignment: StoredAssignment, lastSubmittedAt: Date | null): DeadlineStatus | null;
}

/**
 * The campaign's calendar, open escalations and suspensions, read once, for the rules at `now`.
 * `only` narrows the escalations read to some assignments (one page of a queue); the facts of any
 * other assignment are then incomplete, so ask only about those.
 */
export async function loadCampaignFacts(
  db: Reader,
  campaign: LateRuleCampaign,
  now: Date,
  only?: readonly string[],
): Promise<CampaignFacts> {
  // Three independent reads, asked at once (on PostgreSQL, three connections of the pool).
  const [open, suspended, announcements] = await Promise.all([
    db.escalation.findMany({
      where: { campaignId: campaign.id, resolvedAt: null, assignmentId: only ? { in: [...only] } : { not: null } },
      select: { assignmentId: true, kind: true, deadline: true },
    }),
    openSuspensions(db, campaign.id),
    loadAnnouncementRows(db),
  ]);
  const openByAssignment = openEscalationsByAssignment(open);
  const calendar = calendarOf(campaign, [now], announcements);
  const offsets = (campaign.definition as { policy?: { reminderOffsets?: number[] } } | null)?.policy?.reminderOffsets;
  const status = createDeadlineStatusCalculator(calendar, now, { dueSoonWorkingDays: dueSoonWorkingDays(offsets) });
  const factsOf = (a: StoredAssignment): LatenessFacts => ({
    stage: a.stage,
    deadlines: deadlinesOf(a),
    overdue: a.overdue,
    suspended: suspended.has(a.id),
    openEscalations: openByAssignment.get(a.id) ?? [],
  });
  return {
    calendar,
    factsOf,
    isLate: (a) => isLate(factsOf(a), now, calendar),
    statusOf: (a, lastSubmittedAt) => status({ ...factsOf(a), lastSubmittedAt }),
  };
}

/** Which of the campaign's agencies are late at `now`, by the one rule. */
export async function loadLateRule(
  db: Reader,
  campaign: LateRuleCampaign,
  now: Date,
): Promise<(assignment: StoredAssignment) => boolean> {
  return (await loadCampaignFacts(db, campaign, now)).isLate;
}

/** Open escalations grouped by the assignment they are on. */
export function openEscalationsByAssignment(
  open: { assignmentId: string | null; kind: string; deadline: Date | null }[],
): Map<string, LatenessFacts['openEscalations']> {
  const byAssignment = new Map<string, LatenessFacts['openEscalations'][number][]>();
  for (const e of open) {
    if (!e.assignmentId) continue;
    const list = byAssignment.get(e.assignmentId) ?? [];
    list.push({ kind: e.kind, deadline: e.deadline });
    byAssignment.set(e.assignmentId, list);
  }
  return byAssignment;
}

import type { DatabaseTransaction } from '../prisma/database';
import {
  createDeadlineStatusCalculator,
  dueSoonWorkingDays,
  type DeadlineStatus,
  type DeadlineStatusFacts,
} from '../domain/deadline-status';
import {
  calendarOf,
  deadlinesOf,
  openEscalationsByAssignment,
  type LateRuleCampaign,
  type StoredAssignment,
} from './late-rule';
import { loadAnnouncementRows } from './calendar-version';
import { openSuspensions } from './suspensions';

// The facts the colour status (domain/deadline-status.ts) needs for a whole campaign, in a few set
// queries: the calendar (with its official announcements, as the late rule reads it), open escalations, suspensions, and when each agency last sent its list.
// The admin script's `campaign status` and the portal ask through here; the report builds the same
// facts from its snapshot.

type Reader = Pick<DatabaseTransaction, 'escalation' | 'auditEvent' | 'submission' | 'calendarAnnouncement'>;

/** "Sắp đến hạn" from the campaign policy's first reminder (the definition as stored). */
export function dueSoonOf(campaign: Pick<LateRuleCampaign, 'definition'>): number {
  const offsets = (campaign.definition as { policy?: { reminderOffsets?: unknown } } | null)?.policy?.reminderOffsets;
  return dueSoonWorkingDays(
    Array.isArray(offsets) && offsets.every((n) => typeof n === 'number') ? (offsets as number[]) : undefined,
  );
}

/**
 * The status of the campaign's agencies at `now`. `only` narrows the reads to some assignments
 * (an agency member's page); without it the whole campaign is read.
 */
export async function loadDeadlineStatusRule(
  db: Reader,
  campaign: LateRuleCampaign,
  now: Date,
  only?: readonly string[],
): Promise<(assignment: StoredAssignment) => DeadlineStatus | null> {
  const narrow = only ? { in: [...only] } : { not: null };
  const [open, suspended, last, announcements] = await Promise.all([
    db.escalation.findMany({
      where: { campaignId: campaign.id, resolvedAt: null, assignmentId: narrow },
      select: { assignmentId: true, kind: true, deadline: true },
    }),
    openSuspensions(db, campaign.id),
    db.submission.groupBy({
      by: ['assignmentId'],
      where: { assignment: { campaignId: campaign.id }, ...(only && { assignmentId: { in: [...only] } }) },
      _max: { submittedAt: true },
    }),
    loadAnnouncementRows(db),
  ]);
  const openByAssignment = openEscalationsByAssignment(open);
  const lastSubmittedAt = new Map(last.map((row) => [row.assignmentId, row._max.submittedAt ?? null]));
  const status = createDeadlineStatusCalculator(calendarOf(campaign, [now], announcements), now, {
    dueSoonWorkingDays: dueSoonOf(campaign),
  });
  return (a) =>
    status({
      stage: a.stage,
      deadlines: deadlinesOf(a),
      overdue: a.overdue,
      suspended: suspended.has(a.id),
      openEscalations: openByAssignment.get(a.id) ?? [],
      lastSubmittedAt: lastSubmittedAt.get(a.id) ?? null,
    } satisfies DeadlineStatusFacts);
}

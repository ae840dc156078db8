import type { Database } from '../prisma/database';
import { IN_REVIEW_STAGES, STAGE_LABELS, type Stage } from '../domain/stages';
import type { DeadlineStatus } from '../domain/deadline-status';
import { loadCampaignFacts } from './late-rule';
import { loadCampaignRow } from './campaign-roles';

// The reviewer's queue: every list waiting for review, the most urgent review deadline first (then
// by agency code), cut into pages by the database so a page reads only its own rows.

const REVIEW_QUEUE_PAGE_SIZE = 50;

export interface QueueEntry {
  code: string;
  name: string;
  stage: Stage;
  stageLabel: string;
  version: number;
  returnCount: number;
  submittedAt: Date | null;
  reviewDeadline: Date | null;
  /** Late by the one rule (domain/lateness.ts): here, the review itself is late. */
  late: boolean;
  /** The colour status of the review deadline (domain/deadline-status.ts). */
  status: DeadlineStatus | null;
}

export interface QueuePage {
  entries: QueueEntry[];
  /** Lists waiting in the whole queue. */
  total: number;
  page: number;
  pages: number;
  /** Position in the queue of the page's first entry (from 1). */
  first: number;
}

export async function reviewQueuePage(
  db: Database,
  campaignId: string,
  at: Date,
  options: { page?: number; pageSize?: number } = {},
): Promise<QueuePage> {
  const where = { campaignId, stage: { in: [...IN_REVIEW_STAGES] } };
  const pageSize = options.pageSize ?? REVIEW_QUEUE_PAGE_SIZE;
  const asked = Math.min(Math.max(1, Math.floor(options.page ?? 1) || 1), 1_000_000);
  const readPage = (page: number) =>
    db.assignment.findMany({
      where,
      select: {
        id: true,
        agencyCode: true,
        stage: true,
        overdue: true,
        returnCount: true,
        currentVersion: true,
        submissionDeadline: true,
        resubmissionDeadline: true,
        reviewDeadline: true,
      },
      orderBy: [{ reviewDeadline: { sort: 'asc', nulls: 'last' } }, { agencyCode: 'asc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  // The campaign, the count and the page asked for at once; a page past the end is read again as the last.
  const [campaign, total, asRead] = await Promise.all([
    loadCampaignRow(db, campaignId),
    db.assignment.count({ where }),
    readPage(asked),
  ]);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(asked, pages);
  const waiting = page === asked ? asRead : await readPage(page);
  // Names, latest submissions and lateness facts of the page's agencies, asked at once.
  const [agencies, submissions, facts] = await Promise.all([
    db.agency.findMany({
      where: { campaignId, code: { in: waiting.map((a) => a.agencyCode) } },
      select: { code: true, name: true },
    }),
    db.submission.groupBy({
      by: ['assignmentId'],
      where: { assignmentId: { in: waiting.map((a) => a.id) } },
      _max: { submittedAt: true },
    }),
    loadCampaignFacts(
      db,
      campaign,
      at,
      waiting.map((a) => a.id),
    ),
  ]);
  const names = new Map(agencies.map((a) => [a.code, a.name]));
  const submittedAt = new Map(submissions.map((s) => [s.assignmentId, s._max.submittedAt]));
  const entries = waiting.map((a) => ({
    code: a.agencyCode,
    name: names.get(a.agencyCode) ?? a.agencyCode,
    stage: a.stage as Stage,
    stageLabel: STAGE_LABELS[a.stage as Stage] ?? a.stage,
    version: a.currentVersion,
    returnCount: a.returnCount,
    submittedAt: submittedAt.get(a.id) ?? null,
    reviewDeadline: a.reviewDeadline,
    late: facts.isLate(a),
    status: facts.statusOf(a, submittedAt.get(a.id) ?? null),
  }));
  return { entries, total, page, pages, first: (page - 1) * pageSize + 1 };
}

/** The whole queue in order, every page at once. */
export async function reviewQueue(db: Database, campaignId: string, at: Date): Promise<QueueEntry[]> {
  return (await reviewQueuePage(db, campaignId, at, { pageSize: Number.MAX_SAFE_INTEGER })).entries;
}

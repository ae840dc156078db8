import type { ActingPerson } from '../domain/actor-proof';
import { Prisma } from '../generated/prisma-sqlite/client';
import type { Database } from '../prisma/database';
import { isUniqueViolation } from '../shared/unique-violation';
import { idempotencyConflict, recordDifferences } from './stored-record';
import { auditRow } from './audit';
import { outboxRows, type NotifyInput } from './notifications/outbox';
import { NO_SMTP, type RowDelivery } from './notifications/row-delivery';
import type { OutboxRelay } from './notifications/relay';
import { completeWithCampaignPeople, createCampaignPeopleLookup } from './notifications/campaign-people';
import { logger } from '../shared/logger';
import type { AgencyRef } from '../domain/agency-input';

// Every transition of an agency workflow lands here, as one transaction keyed by
// `<workflowId>:<seq>`: a retried or duplicated activity finds its audit row and writes nothing.

export interface AssignmentRecord {
  workflowId: string;
  campaignId: string;
  assignmentId: string;
  agency: AgencyRef;
  stage: string;
  stageReason?: string;
  reviewer: string;
  submissionDeadline: string;
  at: string;
  /**
   * The assignment's notice, written in the same transaction after the assignment row and delivered
   * by the outbox relay: registration needs no notify activity (and the notice can never precede
   * the row it refers to).
   */
  notifications?: NotifyInput[];
}

export interface TransitionRecord {
  workflowId: string;
  campaignId: string;
  assignmentId: string;
  /** Position of this transition in the workflow; 0 is the assignment itself. */
  seq: number;
  action: string;
  actor: string;
  /** The person who acted, from the actor proof the workflow verified. */
  person?: ActingPerson;
  fromStage: string;
  toStage: string;
  at: string;
  submission?: { version: number; content: unknown; source: string; findings?: unknown };
  decision?: { version: number; decision: 'accepted' | 'returned'; reasons?: unknown };
  /** Assignment fields that change with this event (deadlines move, returns count up). */
  assignment?: AssignmentChanges;
  /** Extra facts for the audit trail (reason of a withdrawal or an extension...). */
  details?: Record<string, unknown>;
  /**
   * The notifications this event causes, written to the outbox in the same transaction (the
   * transactional outbox): a recorded event always has its messages recorded. The notify activity
   * that follows only delivers them.
   */
  notifications?: NotifyInput[];
  /**
   * The notifications are due at once to the outbox relay (nudged after the commit), as an
   * assignment's are; without it they wait for the notify activity the workflow runs after this one.
   */
  relayNotices?: boolean;
}

/**
 * Outbox rows of the event; a malformed message is left to the notify activity, which names it.
 * `relayed` rows are due at once to the outbox relay (or skipped when this worker has no channel for
 * them, as the notify activity would mark them), the others wait for their notify activity.
 */
function notificationWrites(
  db: Database,
  notifications: NotifyInput[] = [],
  publicUrl?: string,
  relayed?: Pick<RowDelivery, 'canDeliver'>,
): Prisma.PrismaPromise<unknown>[] {
  const delivery = (channel: string) =>
    !relayed
      ? {}
      : relayed.canDeliver(channel)
        ? { nextAttemptAt: new Date() }
        : { status: 'skipped', lastError: NO_SMTP };
  return notifications.flatMap((message) => {
    try {
      return outboxRows(message, publicUrl).map((data) =>
        db.notification.create({ data: { ...data, ...delivery(data.channel) } }),
      );
    } catch (error) {
      logger.warn(
        { key: message.key, kind: message.kind, error: (error as Error).message },
        'notification not written with its transition',
      );
      return [];
    }
  });
}

/** Without a relay of its own a record's relayed rows are still due to one (any worker's picks them up). */
const unrelayed: Pick<RowDelivery, 'canDeliver'> = { canDeliver: () => true };

/** How a record's relayed rows are written: due to this worker's relay, or to any worker's. */
const relayedDelivery = (options: TransitionActivityOptions) => options.outbox?.delivery ?? unrelayed;

export interface AssignmentChanges {
  stageReason?: string | null;
  submissionDeadline?: string;
  resubmissionDeadline?: string | null;
  reviewDeadline?: string | null;
  returnCount?: number;
  overdue?: boolean;
}

function toAssignmentData(changes: AssignmentChanges = {}) {
  const date = (value: string | null | undefined) =>
    value === undefined ? undefined : value === null ? null : new Date(value);
  return {
    stageReason: changes.stageReason,
    submissionDeadline: changes.submissionDeadline ? new Date(changes.submissionDeadline) : undefined,
    resubmissionDeadline: date(changes.resubmissionDeadline),
    reviewDeadline: date(changes.reviewDeadline),
    returnCount: changes.returnCount,
    overdue: changes.overdue,
  };
}

function auditPayload(record: TransitionRecord): Record<string, unknown> | undefined {
  const payload = {
    ...(record.submission ? { version: record.submission.version } : {}),
    ...(record.decision?.reasons ? { reasons: record.decision.reasons } : {}),
    ...(record.assignment ?? {}),
    ...(record.details ?? {}),
  };
  return Object.keys(payload).length > 0 ? payload : undefined;
}

function submissionId(assignmentId: string, version: number): string {
  return `${assignmentId}#v${version}`;
}

export function auditKey(workflowId: string, seq: number): string {
  return `${workflowId}:${seq}`;
}

/**
 * Runs the writes as one batch transaction, once: every event carries a unique key (the audit row,
 * the submission version...), so a retried activity hits a unique violation and writes nothing.
 * A batch (not an interactive transaction) keeps SQLite's single writer busy for the least time.
 * On a collision `differences` compares what is stored with what this call meant to write: a retry
 * finds the same record; anything else (a reset workflow reusing its keys with other facts) fails
 * loudly and is not retried, instead of being dropped as "already done".
 */
async function once(
  db: Database,
  writes: Prisma.PrismaPromise<unknown>[],
  differences: () => Promise<string[]>,
): Promise<boolean> {
  try {
    await db.$transaction(writes);
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const found = await differences();
    if (found.length === 0) return false;
    throw idempotencyConflict(found);
  }
}

/** How the stored event under `key` differs from `record` (its time aside: a retry may run later). */
async function transitionDifferences(db: Database, key: string, record: TransitionRecord): Promise<string[]> {
  const found = recordDifferences('audit', await db.auditEvent.findUnique({ where: { idempotencyKey: key } }), {
    assignmentId: record.assignmentId,
    actor: record.actor,
    action: record.action,
    fromStage: record.fromStage,
    toStage: record.toStage,
    payload: auditPayload(record) ?? null,
  });
  if (record.submission) {
    const id = submissionId(record.assignmentId, record.submission.version);
    found.push(
      ...recordDifferences('submission', await db.submission.findUnique({ where: { id } }), {
        content: record.submission.content,
        source: record.submission.source,
        submittedBy: record.actor,
      }),
    );
  }
  if (record.decision) {
    const id = `${submissionId(record.assignmentId, record.decision.version)}:decision`;
    found.push(
      ...recordDifferences('decision', await db.reviewDecision.findUnique({ where: { id } }), {
        decision: record.decision.decision,
        reasons: record.decision.reasons ?? null,
        reviewer: record.actor,
      }),
    );
  }
  return found;
}

export interface TransitionActivityOptions {
  /** The address people open (DONDOC_PUBLIC_URL); each message links to its page there. */
  publicUrl?: string;
  /** Delivers the assignment's notices (without it they are written and left pending). */
  outbox?: { delivery: RowDelivery; relay: OutboxRelay };
}

type CampaignPeople = ReturnType<typeof createCampaignPeopleLookup>;

export function createTransitionActivities(db: Database, options: TransitionActivityOptions = {}) {
  const people = createCampaignPeopleLookup(db);
  return {
    recordAssignment: (record: AssignmentRecord) => recordAssignment(db, people, options, record),
    recordTransition: (record: TransitionRecord) => recordTransition(db, people, options, record),
  };
}

/** A new assignment: its agency, its row, its first audit row and its notices, written once. */
async function recordAssignment(
  db: Database,
  people: CampaignPeople,
  options: TransitionActivityOptions,
  record: AssignmentRecord,
): Promise<boolean> {
  const key = auditKey(record.workflowId, 0);
  const agency = { name: record.agency.name, kind: record.agency.kind, email: record.agency.email ?? null };
  const assignment = {
    campaignId: record.campaignId,
    agencyCode: record.agency.code,
    workflowId: record.workflowId,
  };
  const audit = {
    assignmentId: record.assignmentId,
    action: 'assign',
    toStage: record.stage,
    payload: record.stageReason ? { reason: record.stageReason } : null,
  };
  const notices = await Promise.all((record.notifications ?? []).map((n) => completeWithCampaignPeople(n, people)));
  const written = await once(
    db,
    [
      db.agency.upsert({
        // Per campaign: another campaign reusing the code keeps its own name and e-mail.
        where: { campaignId_code: { campaignId: record.campaignId, code: record.agency.code } },
        create: { campaignId: record.campaignId, code: record.agency.code, ...agency },
        update: agency,
      }),
      db.assignment.create({
        data: {
          id: record.assignmentId,
          campaignId: record.campaignId,
          agencyCode: record.agency.code,
          workflowId: record.workflowId,
          stage: record.stage,
          stageReason: record.stageReason ?? null,
          reviewer: record.reviewer,
          submissionDeadline: new Date(record.submissionDeadline),
        },
      }),
      auditRow(db, {
        key,
        campaignId: record.campaignId,
        assignmentId: record.assignmentId,
        actor: 'system',
        action: 'assign',
        toStage: record.stage,
        ...(record.stageReason && { payload: { reason: record.stageReason } }),
        at: record.at,
      }),
      ...notificationWrites(db, notices, options.publicUrl, relayedDelivery(options)),
    ],
    async () => [
      ...recordDifferences(
        'assignment',
        await db.assignment.findUnique({ where: { id: record.assignmentId } }),
        assignment,
      ),
      ...recordDifferences('audit', await db.auditEvent.findUnique({ where: { idempotencyKey: key } }), audit),
    ],
  );
  if (notices.length > 0) options.outbox?.relay.nudge();
  return written;
}

/** A transition: its audit row, the submission or decision it carries, the assignment's new stage, its notices. */
async function recordTransition(
  db: Database,
  people: CampaignPeople,
  options: TransitionActivityOptions,
  record: TransitionRecord,
): Promise<boolean> {
  const key = auditKey(record.workflowId, record.seq);
  const at = new Date(record.at);
  const writes: Prisma.PrismaPromise<unknown>[] = [
    // First: a retry fails here at once, on the audit row's unique key.
    auditRow(db, {
      key,
      campaignId: record.campaignId,
      assignmentId: record.assignmentId,
      actor: record.actor,
      person: record.person,
      action: record.action,
      fromStage: record.fromStage,
      toStage: record.toStage,
      payload: auditPayload(record),
      at: record.at,
    }),
  ];
  writes.push(...carriedWrites(db, record, at));
  writes.push(
    db.assignment.update({
      where: { id: record.assignmentId },
      data: {
        ...toAssignmentData(record.assignment),
        stage: record.toStage,
        lastTransitionSeq: record.seq,
        ...(record.submission ? { currentVersion: record.submission.version } : {}),
      },
    }),
    ...notificationWrites(
      db,
      await Promise.all((record.notifications ?? []).map((n) => completeWithCampaignPeople(n, people))),
      options.publicUrl,
      record.relayNotices ? relayedDelivery(options) : undefined,
    ),
  );
  const written = await once(db, writes, () => transitionDifferences(db, key, record));
  if (record.relayNotices && record.notifications?.length) options.outbox?.relay.nudge();
  return written;
}

/** The submission a transition carries, or the review decision, as rows. */
function carriedWrites(db: Database, record: TransitionRecord, at: Date): Prisma.PrismaPromise<unknown>[] {
  const writes: Prisma.PrismaPromise<unknown>[] = [];
  if (record.submission) {
    writes.push(
      db.submission.create({
        data: {
          id: submissionId(record.assignmentId, record.submission.version),
          assignmentId: record.assignmentId,
          version: record.submission.version,
          content: record.submission.content as Prisma.InputJsonValue,
          source: record.submission.source,
          findings: (record.submission.findings ?? Prisma.JsonNull) as Prisma.InputJsonValue,
          submittedBy: record.actor,
          submittedAt: at,
        },
      }),
    );
  }
  if (record.decision) {
    const decidedSubmission = submissionId(record.assignmentId, record.decision.version);
    writes.push(
      db.reviewDecision.create({
        data: {
          id: `${decidedSubmission}:decision`,
          assignmentId: record.assignmentId,
          submissionId: decidedSubmission,
          decision: record.decision.decision,
          reasons: (record.decision.reasons ?? Prisma.JsonNull) as Prisma.InputJsonValue,
          reviewer: record.actor,
          decidedAt: at,
        },
      }),
    );
  }
  return writes;
}

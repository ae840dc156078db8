import type { Client } from '@temporalio/client';
import { join, sqltag as sql } from '@prisma/client/runtime/client';
import type { Database } from '../prisma/database';
import { campaignWorkflowId } from '../domain/campaign-input';
import { parseWorkflowId } from '../temporal/workflow-ids';
import { insertRows } from '../prisma/insert-rows';

// The registry of the workflow runs dondoc started (WorkflowRun), which the launch writes and the
// workers and the server read, and the record of runs it did not start (TamperedRun).

/** The workflow types a launch starts: their activities record only for a registered run. */
export const REGISTERED_WORKFLOW_TYPES: ReadonlySet<string> = new Set(['agencyWorkflow', 'campaignWorkflow']);

const CHUNK = 500;

/** Registers workflows before they are started (idempotent: a re-launch keeps the runs it has). */
export async function registerWorkflows(db: Database, workflowIds: readonly string[]): Promise<void> {
  const at = new Date();
  const rows = workflowIds.map((workflowId) => {
    const parsed = parseWorkflowId(workflowId);
    if (!parsed) throw new Error(`Mã workflow không đúng dạng: ${workflowId}`);
    const { campaignId, agencyCode = null } = parsed;
    return { workflowId, campaignId, agencyCode, runId: null, createdAt: at, updatedAt: at };
  });
  await insertRows(db, 'WorkflowRun', rows, { ignoreConflictOn: ['workflowId'] });
}

/**
 * Records the run a start returned. A registered workflow whose run is already another one was
 * started by someone else in between: that run is recorded as tampered and the started one kept.
 */
export async function recordStartedRun(db: Database, workflowId: string, runId: string, workflowType: string) {
  const claimed = await db.workflowRun.updateMany({ where: { workflowId, runId: null }, data: { runId } });
  if (claimed.count === 1) return;
  const row = await db.workflowRun.findUnique({ where: { workflowId } });
  if (!row) throw new Error(`Workflow ${workflowId} chưa được đăng ký trước khi khởi chạy.`);
  if (row.runId === runId) return;
  await recordTamperedRun(db, {
    workflowId,
    runId: row.runId!,
    workflowType,
    reason: 'Một lượt chạy khác đã được khởi chạy trước dondoc với cùng mã hồ sơ.',
  });
  await db.workflowRun.update({ where: { workflowId }, data: { runId } });
}

export interface StartedRun {
  workflowId: string;
  runId: string;
  workflowType: string;
}

interface WaitingRun {
  run: StartedRun;
  done: () => void;
  failed: (error: unknown) => void;
}

/**
 * Records the runs a launch starts, many to a transaction: while one batch commits, the runs started
 * meanwhile gather for the next (one commit per batch instead of one per agency), and a start need
 * not wait for its record (a worker's first activity waits for it: worker/run-admission.ts). A run
 * another run claimed first takes `recordStartedRun`'s way; each caller is answered for its own run.
 */
export class StartedRunRecorder {
  private readonly waiting: WaitingRun[] = [];
  private readonly recorded: Promise<void>[] = [];
  private writing = false;
  /** Set once the launch waits for its records: nothing more to gather for. */
  private flushing = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly db: Database,
    private readonly maxBatch = CHUNK,
    /**
     * How long a batch waits for more runs before it is written: starts return a few milliseconds
     * apart, and each statement costs the launching process about as much CPU as a start does. Kept
     * below the interval at which a worker's first activity looks for its run (run-admission.ts).
     */
    private readonly gatherMs = 20,
  ) {}

  /** Queues the run; the promise settles once it is written (a caller need not wait: see `settled`). */
  record(run: StartedRun): Promise<void> {
    const recorded = new Promise<void>((done, failed) => {
      this.waiting.push({ run, done, failed });
      if (this.waiting.length >= this.maxBatch) this.wake?.();
      void this.drain();
    });
    recorded.catch(() => undefined); // reported by `settled` when the caller does not wait for it
    this.recorded.push(recorded);
    return recorded;
  }

  /** Resolves once every run queued so far is written; rejects with the first that could not be. */
  async settled(): Promise<void> {
    this.flushing = true;
    this.wake?.();
    await Promise.all(this.recorded);
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        if (this.waiting.length < this.maxBatch && !this.flushing) await this.gather();
        await this.write(this.waiting.splice(0, this.maxBatch));
      }
    } finally {
      this.writing = false;
    }
  }

  /** Waits `gatherMs` for a fuller batch; a full batch or a waiting launch ends the wait early. */
  private gather(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.wake?.(), this.gatherMs);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private async write(batch: WaitingRun[]): Promise<void> {
    let claimed: Set<string>;
    try {
      claimed = await claimRuns(
        this.db,
        batch.map(({ run }) => run),
      );
    } catch (error) {
      batch.forEach((entry) => entry.failed(error));
      return;
    }
    for (const { run, done, failed } of batch) {
      if (claimed.has(runKey(run))) done();
      else await recordStartedRun(this.db, run.workflowId, run.runId, run.workflowType).then(done, failed);
    }
  }
}

const runKey = (run: { workflowId: string; runId: string | null }) => JSON.stringify([run.workflowId, run.runId]);

/** Claims each registered workflow still without a run for its run, in one statement; the claims made. */
async function claimRuns(db: Database, runs: StartedRun[]): Promise<Set<string>> {
  const values = join(runs.map((run) => sql`(${run.workflowId}, ${run.runId})`));
  // VALUES names its columns column1, column2 on both databases.
  const claimed = await db.$queryRaw<{ workflowId: string; runId: string }[]>`
    UPDATE "WorkflowRun" SET "runId" = v.column2, "updatedAt" = ${new Date()}
    FROM (VALUES ${values}) AS v
    WHERE "WorkflowRun"."workflowId" = v.column1 AND "WorkflowRun"."runId" IS NULL
    RETURNING "WorkflowRun"."workflowId", "WorkflowRun"."runId"`;
  return new Set(claimed.map(runKey));
}

/** The run the server addresses for a workflow, or undefined when dondoc has not started it. */
export async function registeredRunId(db: Database, workflowId: string): Promise<string | undefined> {
  const row = await db.workflowRun.findUnique({ where: { workflowId }, select: { runId: true } });
  return row?.runId ?? undefined;
}

export async function recordTamperedRun(
  db: Database,
  run: { workflowId: string; runId: string; workflowType: string; reason: string },
): Promise<void> {
  const id = `${run.workflowId}/${run.runId}`;
  const now = new Date();
  await db.tamperedRun.upsert({
    where: { id },
    create: {
      id,
      ...run,
      campaignId: parseWorkflowId(run.workflowId)?.campaignId ?? null,
      firstSeenAt: now,
      lastSeenAt: now,
    },
    update: { lastSeenAt: now, attempts: { increment: 1 } },
  });
}

/**
 * Data written before runs were registered (a `.data/` folder the demo launcher resumes): every
 * campaign and agency it holds with no registration takes the run its workflow has now as its own.
 * Only the launcher runs this, before its worker and server start, so nothing else starts runs then.
 */
export async function adoptUnregisteredRuns(db: Database, client: Client): Promise<number> {
  const registered = new Set(
    (await db.workflowRun.findMany({ select: { workflowId: true } })).map((r) => r.workflowId),
  );
  const known = [
    ...(await db.campaign.findMany({ select: { id: true } })).map((c) => campaignWorkflowId(c.id)),
    ...(await db.assignment.findMany({ select: { workflowId: true } })).map((a) => a.workflowId),
  ].filter((workflowId) => !registered.has(workflowId));
  let adopted = 0;
  for (const workflowId of known) {
    const description = await client.workflow
      .getHandle(workflowId)
      .describe()
      .catch(() => undefined);
    if (!description) continue;
    await registerWorkflows(db, [workflowId]);
    await db.workflowRun.update({ where: { workflowId }, data: { runId: description.runId } });
    adopted++;
  }
  return adopted;
}

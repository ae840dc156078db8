import { setTimeout as sleep } from 'node:timers/promises';
import { fc } from '@fast-check/jest';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { agencyStateQuery, type AgencyState } from '../../workflows/agency/messages';
import { expectNoProblems, foreignLines, missingNames, shortError } from './bad-input-checks';
import { type UpdateCase } from './bad-inputs/updates';
import { later, preview } from './bad-inputs/values';
import { createHarness, setUpLater, type Harness } from './harness';
import type { TestDatabaseKind } from './test-env';

// Agency workflows on the real server, worker and database that bad Updates are sent to, and what
// "left nothing behind" means for one: still running, same state, same rows, no Update in its
// history, no failed workflow task.

export const SERVICE_CENTER = 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh';
export const REVIEWER = 'so-tttt';
export const AGENCY_ACTOR = 'Sở Tư pháp';
const STATE_KEYS = [
  'stage',
  'stageReason',
  'version',
  'returnCount',
  'deadlines',
  'activeDeadline',
  'escalations',
  'supportRequests',
  'lastAction',
] as const;
const stateOf = (state: AgencyState) => Object.fromEntries(STATE_KEYS.map((key) => [key, state[key]]));

export interface Target {
  workflowId: string;
  /** The open support request of a prepared target. */
  requestId?: string;
  handle: WorkflowHandle;
  acceptedBefore: number;
  state: Record<string, unknown>;
  rows: Record<string, unknown>;
}

/** A harness with a worker, and the agency workflows of a file's bad-Update properties. */
export function useUpdateTargets(kind: TestDatabaseKind) {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness(kind);
    await harness.startWorker();
  });
  afterAll(async () => {
    await harness?.close();
  });

  /** What the database holds for one agency: must not move while bad requests are refused. */
  async function rowsOf(workflowId: string): Promise<Record<string, unknown>> {
    const db = harness.database.db;
    const assignment = await db.assignment.findUnique({ where: { workflowId } });
    if (!assignment) return { assignment: null };
    const where = { assignmentId: assignment.id };
    const { stage, currentVersion, returnCount, stageReason, lastTransitionSeq } = assignment;
    return {
      assignment: { stage, currentVersion, returnCount, stageReason, lastTransitionSeq },
      submissions: await db.submission.count({ where }),
      decisions: await db.reviewDecision.count({ where }),
      escalations: await db.escalation.count({ where }),
      supportRequests: await db.supportRequest.count({ where }),
      supportAnswers: await db.supportRequest.count({ where: { ...where, answeredAt: { not: null } } }),
      notifications: await db.notification.count({ where }),
      audit: (await db.auditEvent.findMany({ where, select: { action: true } })).map((e) => e.action).sort(),
    };
  }

  /** Waits until the agency's rows stop changing (the assignment and its notifications are written in the background). */
  async function settledRows(workflowId: string, ready: (rows: Record<string, unknown>) => boolean) {
    let previous = '';
    for (let i = 0; i < 120; i++) {
      const rows = await rowsOf(workflowId);
      const text = JSON.stringify(rows);
      if (rows.assignment !== null && ready(rows) && text === previous) return rows;
      previous = text;
      await sleep(250);
    }
    throw new Error(`the rows of ${workflowId} never settled: ${previous}`);
  }

  async function history(handle: WorkflowHandle) {
    const events = (await handle.fetchHistory()).events ?? [];
    return {
      accepted: events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length,
      failedTasks: events.filter((e) => e.workflowTaskFailedEventAttributes).length,
    };
  }

  async function snapshot(workflowId: string, ready: (rows: Record<string, unknown>) => boolean): Promise<Target> {
    const handle = harness.client.workflow.getHandle(workflowId);
    const rows = await settledRows(workflowId, ready);
    return {
      workflowId,
      handle,
      acceptedBefore: (await history(handle)).accepted,
      state: stateOf(await handle.query(agencyStateQuery)),
      rows,
    };
  }

  /** An agency workflow, prepared; rows settled. */
  async function makeTarget(
    prepare?: (handle: WorkflowHandle) => Promise<unknown>,
    ready = (r: Record<string, unknown>) => r.notifications === 1,
  ) {
    const { workflowId } = await harness.startAgency({ serviceCenter: SERVICE_CENTER });
    await prepare?.(harness.client.workflow.getHandle(workflowId));
    return snapshot(workflowId, ready);
  }

  /** Still running, same state, same rows, no Update in its history, no failed workflow task. */
  async function changesOf(target: Target): Promise<string[]> {
    const problems: string[] = [];
    const status = (await target.handle.describe()).status.name;
    if (status !== 'RUNNING') problems.push(`${target.workflowId}: ${status}`);
    const state = stateOf(await target.handle.query(agencyStateQuery));
    if (JSON.stringify(state) !== JSON.stringify(target.state))
      problems.push(`${target.workflowId}: agencyState ${preview(target.state, 300)} → ${preview(state, 300)}`);
    const rows = await rowsOf(target.workflowId);
    if (JSON.stringify(rows) !== JSON.stringify(target.rows))
      problems.push(`${target.workflowId}: rows ${preview(target.rows, 300)} → ${preview(rows, 300)}`);
    const { accepted, failedTasks } = await history(target.handle);
    if (accepted !== target.acceptedBefore)
      problems.push(`${target.workflowId}: ${accepted - target.acceptedBefore} Update(s) accepted`);
    if (failedTasks > 0) problems.push(`${target.workflowId}: ${failedTasks} failed workflow task(s)`);
    return problems;
  }

  /**
   * Sends bad Updates to one workflow; one that a bug let through changed it, so it is retired
   * (and checked no further) and the next case, or the shrinking, goes to a fresh one.
   */
  function updateProperty(make: () => Promise<Target>) {
    let current: Promise<Target> | undefined;
    let latest: Target | undefined;
    const targets: Promise<Target>[] = [];
    const retired = new Set<string>();
    const target = () => (current ??= (targets.push(make().then((t) => (latest = t))), targets.at(-1)!));
    return {
      target,
      latest: () => latest,
      async send(c: UpdateCase): Promise<void> {
        const t = await target();
        const outcome = await t.handle.executeUpdate<unknown, [unknown]>(c.update, { args: [c.payload] }).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        const context = `${c.update} ${c.mutation}: ${c.what}`;
        if ('value' in outcome) {
          retired.add(t.workflowId);
          current = undefined;
          expectNoProblems([`accepted: ${preview(outcome.value, 200)}`], context);
        }
        const { error } = outcome as { error: unknown };
        if (!(error instanceof WorkflowUpdateFailedError))
          return expectNoProblems([`not rejected by the validator: ${shortError(error)}`], context);
        const message = String(error.cause?.message ?? '');
        const foreign = foreignLines(message);
        expectNoProblems(
          [
            ...(foreign.length > 0 || message.trim() === ''
              ? [`not Vietnamese: ${preview(foreign[0] ?? message)}`]
              : []),
            ...missingNames(message, c.expect),
          ],
          context,
        );
      },
      async unchanged(): Promise<void> {
        const live = (await Promise.all(targets)).filter((t) => !retired.has(t.workflowId));
        expect(live.length).toBeGreaterThan(0);
        expect((await Promise.all(live.map(changesOf))).flat()).toEqual([]);
      },
    };
  }

  /** Properties on separate workflows at once (each sends its cases one by one, and shrinks on its own). */
  async function inStreams(
    streams: number,
    runs: number,
    make: () => Promise<Target>,
    cases: (target: () => Target) => fc.Arbitrary<UpdateCase>,
  ) {
    const properties = Array.from({ length: streams }, () => updateProperty(make));
    await Promise.all(properties.map((p) => p.target()));
    await Promise.all(
      properties.map((p) =>
        fc.assert(
          fc.asyncProperty(
            later(() => cases(() => p.latest()!)),
            (c) => p.send(c),
          ),
          { numRuns: Math.ceil(runs / streams) },
        ),
      ),
    );
    for (const p of properties) await p.unchanged();
    return properties;
  }

  return {
    harness: setUpLater('the harness', () => harness),
    rowsOf,
    snapshot,
    makeTarget,
    changesOf,
    inStreams,
  };
}

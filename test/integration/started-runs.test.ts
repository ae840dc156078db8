import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { registerWorkflows, StartedRunRecorder } from '../../shared/workflow-runs';
import { uniqueId, useTestDatabase } from '../support/harness';
import { createTestDatabase } from '../support/test-database';
import { testDatabases } from '../support/test-env';

// A launch records the runs it started in batches: each caller is answered for its own run, a run
// someone else started first is recorded as tampered with, and an unregistered one fails alone.

describe.each(testDatabases())('the runs a launch started, recorded in batches (%s)', (kind) => {
  const database = useTestDatabase(kind);

  test('every run recorded, concurrent callers sharing commits; a taken one is tampered, an unregistered one fails alone', async () => {
    const { db } = database;
    const campaignId = uniqueId('batches');
    const ids = Array.from({ length: 120 }, (_, i) => agencyWorkflowId(campaignId, `xa-${i}`));
    await registerWorkflows(db, ids);
    // Someone else's run reached the registry of one workflow first.
    await db.workflowRun.update({ where: { workflowId: ids[7]! }, data: { runId: 'run-around-the-server' } });
    const recorder = new StartedRunRecorder(db, 16);
    const claims = jest.spyOn(db, '$queryRaw');
    const unregistered = agencyWorkflowId(campaignId, 'not-registered');
    const outcomes = await Promise.allSettled([
      ...ids.map((workflowId, i) => recorder.record({ workflowId, runId: `run-${i}`, workflowType: 'agencyWorkflow' })),
      recorder.record({ workflowId: unregistered, runId: 'run-x', workflowType: 'agencyWorkflow' }),
    ]);

    expect(outcomes.slice(0, ids.length).every((o) => o.status === 'fulfilled')).toBe(true);
    // 121 runs in batches of at most 16, one claiming statement each: the first alone, then full ones.
    expect(claims.mock.calls.length).toBeGreaterThan(1);
    expect(claims.mock.calls.length).toBeLessThanOrEqual(1 + Math.ceil(121 / 16));
    claims.mockRestore();
    const failed = outcomes.at(-1)!;
    expect(failed.status).toBe('rejected');
    expect(String((failed as PromiseRejectedResult).reason)).toContain('chưa được đăng ký');

    const rows = await db.workflowRun.findMany({ where: { campaignId }, orderBy: { workflowId: 'asc' } });
    const runOf = new Map(rows.map((row) => [row.workflowId, row.runId]));
    ids.forEach((workflowId, i) => expect(runOf.get(workflowId)).toBe(`run-${i}`));
    const tampered = await db.tamperedRun.findMany({ where: { campaignId } });
    expect(tampered.map((t) => [t.workflowId, t.runId])).toEqual([[ids[7], 'run-around-the-server']]);
  });

  test('runs queued without waiting: settled once all are written, and it names a run that could not be', async () => {
    const { db } = database;
    const campaignId = uniqueId('unawaited');
    const ids = Array.from({ length: 40 }, (_, i) => agencyWorkflowId(campaignId, `xa-${i}`));
    await registerWorkflows(db, ids);
    const recorder = new StartedRunRecorder(db, 8);
    ids.forEach(
      (workflowId, i) => void recorder.record({ workflowId, runId: `r${i}`, workflowType: 'agencyWorkflow' }),
    );
    await recorder.settled();
    expect(await db.workflowRun.count({ where: { campaignId, runId: { not: null } } })).toBe(40);

    void recorder.record({
      workflowId: agencyWorkflowId(campaignId, 'nobody'),
      runId: 'x',
      workflowType: 'agencyWorkflow',
    });
    await expect(recorder.settled()).rejects.toThrow(/chưa được đăng ký/);
  });

  test('runs started a few milliseconds apart share a statement; a launch that waits for them ends the gathering', async () => {
    const { db } = database;
    const campaignId = uniqueId('gathered');
    const ids = Array.from({ length: 6 }, (_, i) => agencyWorkflowId(campaignId, `xa-${i}`));
    await registerWorkflows(db, ids);
    const claims = jest.spyOn(db, '$queryRaw');
    const recorder = new StartedRunRecorder(db, 500, 60_000);
    for (const [i, workflowId] of ids.entries()) {
      void recorder.record({ workflowId, runId: `g${i}`, workflowType: 'agencyWorkflow' });
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const waited = performance.now();
    await recorder.settled();
    // Not the minute the recorder would gather for: settled() writes what it has at once.
    expect(performance.now() - waited).toBeLessThan(10_000);
    expect(claims.mock.calls.length).toBe(1);
    claims.mockRestore();
    expect(await db.workflowRun.count({ where: { campaignId, runId: { not: null } } })).toBe(6);
  });

  test('a batch that fails (the database gone) fails each of its callers, and the next batch is written again', async () => {
    const gone = await createTestDatabase(kind);
    await gone.drop();
    const recorder = new StartedRunRecorder(gone.db);
    const run = (i: number) => ({ workflowId: `w-${i}`, runId: `r-${i}`, workflowType: 'agencyWorkflow' });
    const first = await Promise.allSettled([recorder.record(run(1)), recorder.record(run(2))]);
    expect(first.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    // Not wedged: a later run is tried (and fails) on its own.
    await expect(recorder.record(run(3))).rejects.toThrow();
  });
});

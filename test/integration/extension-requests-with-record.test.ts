import { auditKey } from '../../activities/transitions';
import fs from 'node:fs';
import { Worker } from '@temporalio/worker';
import { WORK_CALENDAR_NONE } from '../../domain/working-days';
import {
  agencyStateQuery,
  answerExtensionUpdate,
  requestExtensionUpdate,
  submitListUpdate,
} from '../../workflows/agency/messages';
import { startCompressedAgency } from '../support/compressed-clock';
import { eventually } from '../support/eventually';
import { takeAuditKey, refusedByRecord } from '../support/taken-audit-key';
import { useHarness } from '../support/harness';
import { justiceDepartmentList } from '../support/sample-lists';
import { saveHistory } from '../support/histories';
import { ENV_WORKFLOW_BUNDLE, required, testDatabases } from '../support/test-env';

// Extension requests and the system of record: the state query shows the requests the records hold,
// after a transition whose record was refused (the state went back to the record) as before it, and a
// request whose own record was refused is not kept: the agency may ask again, as its first request;
// nor is an answer whose record was refused: the request waits for its answer again.

// Monday 04/03/2024 00:30 on a slow campaign clock (one day = 60 s): the whole test runs on Monday.
const START = Date.parse('2024-03-04T00:30:00+07:00');
const DEADLINE = '2024-03-08T23:59:59+07:00';

describe.each(testDatabases())('extension requests with their records on %s', (kind) => {
  const harness = useHarness(kind);

  const start = () =>
    startCompressedAgency(
      harness,
      { start: START, secondsPerDay: 60 },
      {
        submissionDeadline: DEADLINE,
        calendar: WORK_CALENDAR_NONE,
        contacts: { serviceCenterEmail: 'ttpv@example.gov.vn' },
        policy: { extensionMaxWorkingDays: 5, extensionRequestLimit: 1 },
      },
    );

  test('after a transition whose record was refused, a new request and its answer show in the state query', async () => {
    const { workflowId, handle } = await start();
    const taken = await takeAuditKey(harness.database.db, workflowId, 1);
    await refusedByRecord(handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] }));
    expect((await handle.query(agencyStateQuery)).stage).toBe('assigned');
    await taken.free();

    const asked = await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ deadline: '2024-03-13', reason: 'Chờ ý kiến của Bộ Tư pháp' }],
    });
    expect((await handle.query(agencyStateQuery)).extensionRequests).toEqual([
      expect.objectContaining({ id: asked.id, status: 'pending', reason: 'Chờ ý kiến của Bộ Tư pháp' }),
    ]);

    await handle.executeUpdate(answerExtensionUpdate, {
      args: [{ requestId: asked.id, decision: 'refuse', reason: 'Thời hạn đã công bố từ đầu' }],
    });
    const state = await handle.query(agencyStateQuery);
    expect(state.extensionRequests).toEqual([
      expect.objectContaining({ id: asked.id, status: 'refused', answer: 'Thời hạn đã công bố từ đầu' }),
    ]);
    expect(state.extensionPolicy).toMatchObject({ maxRequests: 1, maxWorkingDays: 5 });
  }, 60_000);

  test('a request or an answer whose own record was refused is not kept: asked again, answered again', async () => {
    const { workflowId, handle } = await start();
    const db = harness.database.db;
    const taken = await takeAuditKey(harness.database.db, workflowId, 1);
    await refusedByRecord(
      handle.executeUpdate(requestExtensionUpdate, { args: [{ deadline: '2024-03-12', reason: 'Lần đầu' }] }),
    );
    const after = await handle.query(agencyStateQuery);
    expect(after.extensionRequests).toEqual([]);
    expect(after.lastAction).toBeUndefined();
    await taken.free();

    // One request per agency in this campaign: the refused one did not count.
    const asked = await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ deadline: '2024-03-13', reason: 'Chờ ý kiến của Bộ Tư pháp' }],
    });
    expect(asked).toMatchObject({ id: expect.stringMatching(/#extension-1$/), status: 'pending' });
    expect((await handle.query(agencyStateQuery)).extensionRequests).toEqual([
      expect.objectContaining({ id: asked.id, reason: 'Chờ ý kiến của Bộ Tư pháp' }),
    ]);
    const audit = await db.auditEvent.findMany({
      where: { assignment: { workflowId }, action: 'extension_request' },
    });
    expect(audit.map((row) => [row.idempotencyKey, (row.payload as { id?: string }).id])).toEqual([
      [auditKey(workflowId, 1), asked.id],
    ]);

    // The Service Center's answer is refused by its record in turn: the request waits again, the
    // deadline stays; then it is answered.
    const answerKey = await takeAuditKey(harness.database.db, workflowId, 2);
    const grant = { requestId: asked.id, decision: 'grant' as const, deadline: '2024-03-12' };
    await refusedByRecord(handle.executeUpdate(answerExtensionUpdate, { args: [grant] }));
    const unanswered = await handle.query(agencyStateQuery);
    expect(unanswered.extensionRequests).toEqual([expect.objectContaining({ id: asked.id, status: 'pending' })]);
    expect(unanswered.extensionRequests![0]).not.toHaveProperty('decidedBy');
    expect(unanswered.activeDeadline).toEqual({ kind: 'submission', at: DEADLINE });
    await answerKey.free();
    expect(await handle.executeUpdate(answerExtensionUpdate, { args: [grant] })).toMatchObject({ status: 'granted' });
    expect((await handle.query(agencyStateQuery)).activeDeadline).toEqual({
      kind: 'submission',
      at: new Date('2024-03-12T23:59:59.999+07:00').toISOString(),
    });

    // Kept for the replay test (DONDOC_RECORD_HISTORIES=1): the gate's path, a request and an answer taken back.
    await eventually(async () => expect((await handle.describe()).raw.pendingActivities ?? []).toHaveLength(0));
    const history = await saveHistory(handle, 'agency-unrecorded-extension-request');
    await Worker.runReplayHistory(
      { workflowBundle: { code: fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8') } },
      history,
      workflowId,
    );
  }, 60_000);
});

import { auditKey } from '../../activities/transitions';
import fs from 'node:fs';
import { Worker } from '@temporalio/worker';
import {
  agencyStateQuery,
  answerSupportUpdate,
  extendDeadlineUpdate,
  remindNowUpdate,
  requestSupportUpdate,
} from '../../workflows/agency/messages';
import { changeCalendarUpdate } from '../../workflows/agency/calendar-messages';
import { resumeDeadlineUpdate, suspendDeadlineUpdate } from '../../workflows/agency/suspension-messages';
import { eventually } from '../support/eventually';
import { saveHistory } from '../support/histories';
import { useHarness } from '../support/harness';
import { takeAgencyAuditKey, takeAuditKey, refusedByRecord } from '../support/taken-audit-key';
import { ENV_WORKFLOW_BUNDLE, required, testDatabases } from '../support/test-env';

// A deadline the Service Center moves, suspends or resumes, a calendar change, a reminder on demand,
// a support request or its answer changes the agency's state only with its record: when the system of record refuses the
// record, the Update fails and the deadline, the suspension, the calendar, the requests and the last
// action stay what the database says; once the conflict is gone, the same action goes through.

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe.each(testDatabases())('agency changes with their records on %s', (kind) => {
  const harness = useHarness(kind);

  test('a refused deadline change, reminder or support request leaves the state as recorded', async () => {
    const { workflowId } = await harness.startAgency({ submissionDeadline: inDays(20) });
    const handle = harness.client.workflow.getHandle(workflowId);
    const db = harness.database.db;
    const recorded = async () => {
      const state = await handle.query(agencyStateQuery);
      const row = await db.assignment.findUniqueOrThrow({ where: { workflowId } });
      return {
        deadline: state.activeDeadline,
        suspension: state.suspension,
        calendarVersion: state.calendarVersion,
        lastAction: state.lastAction,
        recordedDeadline: row.submissionDeadline.toISOString(),
      };
    };
    const untouched = await recorded();
    expect(untouched.recordedDeadline).toBe(untouched.deadline?.at);

    // Seq 1 is taken: the extension, then the suspension, then the calendar change are refused.
    const first = await takeAuditKey(db, workflowId, 1);
    const extension = { deadline: inDays(30), reason: 'Cơ quan xin gia hạn' };
    await refusedByRecord(handle.executeUpdate(extendDeadlineUpdate, { args: [extension] }));
    expect(await recorded()).toEqual(untouched);
    await refusedByRecord(
      handle.executeUpdate(suspendDeadlineUpdate, { args: [{ reason: 'Chờ hướng dẫn của Bộ Tư pháp' }] }),
    );
    expect(await recorded()).toEqual(untouched);
    const calendar = { version: 2, daysOff: [inDays(5).slice(0, 10)], basis: 'Thông báo 123/TB-BNV' };
    await refusedByRecord(handle.executeUpdate(changeCalendarUpdate, { args: [calendar] }));
    expect(await recorded()).toEqual(untouched);
    await first.free();

    // Recorded now: the suspension holds, and is asked again (not "already suspended").
    await handle.executeUpdate(suspendDeadlineUpdate, { args: [{ reason: 'Chờ hướng dẫn của Bộ Tư pháp' }] });
    const suspended = await recorded();
    expect(suspended.suspension).toMatchObject({ reason: 'Chờ hướng dẫn của Bộ Tư pháp' });

    // The resume's record (seq 2) is refused: still suspended, the deadline where it was.
    const second = await takeAuditKey(db, workflowId, 2);
    await refusedByRecord(handle.executeUpdate(resumeDeadlineUpdate, { args: [{}] }));
    expect(await recorded()).toEqual(suspended);
    await second.free();
    await handle.executeUpdate(resumeDeadlineUpdate, { args: [{}] });
    expect((await recorded()).suspension).toBeUndefined();

    // The extension and the calendar change go through once asked again.
    const moved = await handle.executeUpdate(extendDeadlineUpdate, { args: [extension] });
    expect(moved.submission).toBe(new Date(extension.deadline).toISOString());
    expect(await handle.executeUpdate(changeCalendarUpdate, { args: [calendar] })).toMatchObject({ version: 2 });
    const after = await recorded();
    expect(after).toMatchObject({ calendarVersion: 2, recordedDeadline: moved.submission });
    const actions = await db.auditEvent.findMany({
      where: { assignment: { workflowId }, action: { in: ['extend', 'suspend', 'resume', 'calendar'] } },
    });
    expect(actions.map((row) => row.action).sort()).toEqual(['calendar', 'extend', 'resume', 'suspend']);

    // A reminder on demand refused by its record: the last action stays, and the next one takes its number.
    const fifth = await takeAuditKey(db, workflowId, 5);
    await refusedByRecord(handle.executeUpdate(remindNowUpdate, { args: [{ note: 'Nhắc sau cuộc họp' }] }));
    expect(await recorded()).toEqual(after);
    await fifth.free();
    await handle.executeUpdate(remindNowUpdate, { args: [{ note: 'Nhắc sau cuộc họp' }] });
    expect(await db.auditEvent.findUniqueOrThrow({ where: { idempotencyKey: auditKey(workflowId, 5) } })).toMatchObject(
      { action: 'remind' },
    );

    // A support request, then its answer, refused by their records: asked again, answered again.
    const { id: assignmentId } = await db.assignment.findUniqueOrThrow({ where: { workflowId } });
    const requestId = `${assignmentId}#support-1`;
    const question = { question: 'TTHC 1.002421 có phải số hóa ý kiến của Hội công chứng viên không?' };
    const asked = await takeAgencyAuditKey(db, workflowId, `${requestId}:asked`);
    await refusedByRecord(handle.executeUpdate(requestSupportUpdate, { args: [question] }));
    expect((await handle.query(agencyStateQuery)).supportRequests).toEqual([]);
    await asked.free();
    expect(await handle.executeUpdate(requestSupportUpdate, { args: [question] })).toEqual({ requestId });
    const answer = { requestId, answer: 'Có, theo Phụ lục của Công văn 751.' };
    const answered = await takeAgencyAuditKey(db, workflowId, `${requestId}:answered`);
    await refusedByRecord(handle.executeUpdate(answerSupportUpdate, { args: [answer] }));
    expect((await handle.query(agencyStateQuery)).supportRequests).toEqual([{ id: requestId, answered: false }]);
    expect(await db.supportRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ answer: null });
    await answered.free();
    await handle.executeUpdate(answerSupportUpdate, { args: [answer] });
    expect((await handle.query(agencyStateQuery)).supportRequests).toEqual([{ id: requestId, answered: true }]);

    // Kept for the replay test (DONDOC_RECORD_HISTORIES=1): the gate's path, six changes taken back.
    await eventually(async () => expect((await handle.describe()).raw.pendingActivities ?? []).toHaveLength(0));
    const history = await saveHistory(handle, 'agency-unrecorded-change');
    await Worker.runReplayHistory(
      { workflowBundle: { code: fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8') } },
      history,
      workflowId,
    );
  }, 60_000);
});

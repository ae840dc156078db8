import { ApplicationFailure } from '@temporalio/common';
import { createTransitionActivities, type AssignmentRecord, type TransitionRecord } from '../../activities/transitions';
import { uniqueId } from '../support/harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { testDatabases } from '../support/test-env';
import { createCampaignRow } from '../support/campaign-row';

// A transition's unique keys make a retry write nothing; a different record under the same keys
// (a reset workflow re-running with other facts) fails loudly, is not retried, and changes nothing.

describe.each(testDatabases())('idempotent transitions on %s', (kind) => {
  let database: TestDatabase;
  let campaignId: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    campaignId = uniqueId('idem');
    await createCampaignRow(database.db, campaignId);
  });
  afterAll(() => database?.drop());

  const assignment = (code: string, overrides: Partial<AssignmentRecord> = {}): AssignmentRecord => ({
    workflowId: `campaign:${campaignId}:agency:${code}`,
    campaignId,
    assignmentId: `${campaignId}/${code}`,
    agency: { code, name: 'Sở Tư pháp', kind: 'department' },
    stage: 'assigned',
    reviewer: 'Sở TTTT',
    submissionDeadline: '2024-03-04T23:59:59+07:00',
    at: '2024-02-07T08:00:00+07:00',
    ...overrides,
  });

  const submit = (code: string, documentName: string, actor = code): TransitionRecord => ({
    workflowId: `campaign:${campaignId}:agency:${code}`,
    campaignId,
    assignmentId: `${campaignId}/${code}`,
    seq: 1,
    action: 'submit',
    actor,
    fromStage: 'assigned',
    toStage: 'submitted',
    at: '2024-02-10T09:00:00+07:00',
    submission: {
      version: 1,
      source: 'json',
      content: {
        procedures: [{ code: '1.000001', name: 'Thủ tục', documents: [{ name: documentName, kind: 'ket_qua' }] }],
      },
    },
    assignment: { reviewDeadline: '2024-02-17T23:59:59+07:00' },
  });

  async function conflict(work: Promise<unknown>): Promise<ApplicationFailure> {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'IdempotencyConflict', nonRetryable: true });
    return error as ApplicationFailure;
  }

  test('a retry of the same transition writes nothing and reports "already done"', async () => {
    const activities = createTransitionActivities(database.db);
    expect(await activities.recordAssignment(assignment('so-tu-phap'))).toBe(true);
    expect(await activities.recordAssignment(assignment('so-tu-phap'))).toBe(false);
    expect(await activities.recordTransition(submit('so-tu-phap', 'Giấy phép'))).toBe(true);
    // Even later (a retry after a delay) it is the same transition.
    expect(
      await activities.recordTransition({ ...submit('so-tu-phap', 'Giấy phép'), at: '2024-02-10T09:05:00+07:00' }),
    ).toBe(false);
    expect(
      await database.db.auditEvent.count({ where: { campaignId, assignmentId: `${campaignId}/so-tu-phap` } }),
    ).toBe(2);
  });

  test('the same keys with a different submission, actor or stage fail loudly and change nothing', async () => {
    const activities = createTransitionActivities(database.db);
    await activities.recordAssignment(assignment('so-y-te'));
    await activities.recordTransition(submit('so-y-te', 'Giấy phép'));

    const content = await conflict(activities.recordTransition(submit('so-y-te', 'Giấy chứng nhận')));
    expect(content.message).toContain('submission.content');
    const actor = await conflict(activities.recordTransition(submit('so-y-te', 'Giấy phép', 'nguoi-khac')));
    expect(actor.message).toContain('audit.actor');
    await conflict(activities.recordTransition({ ...submit('so-y-te', 'Giấy phép'), toStage: 'accepted' }));
    await conflict(
      activities.recordAssignment(assignment('so-y-te', { stage: 'returned', stageReason: 'Rà soát lại' })),
    );

    const stored = await database.db.submission.findUniqueOrThrow({ where: { id: `${campaignId}/so-y-te#v1` } });
    expect(JSON.stringify(stored.content)).toContain('Giấy phép');
    expect(await database.db.auditEvent.count({ where: { assignmentId: `${campaignId}/so-y-te` } })).toBe(2);
    expect((await database.db.assignment.findUniqueOrThrow({ where: { id: `${campaignId}/so-y-te` } })).stage).toBe(
      'submitted',
    );
  });

  test('a collision on a key other than the audit row (a submission version taken by another event) fails loudly', async () => {
    const activities = createTransitionActivities(database.db);
    await activities.recordAssignment(assignment('ubnd-binh-son'));
    await activities.recordTransition(submit('ubnd-binh-son', 'Giấy phép'));
    const error = await conflict(activities.recordTransition({ ...submit('ubnd-binh-son', 'Giấy phép'), seq: 2 }));
    expect(error.message).toContain('audit: not stored');
  });
});

import fs from 'node:fs';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { acceptListUpdate, agencyStateQuery, submitListUpdate, withdrawUpdate } from '../../workflows/agency/messages';
import { takeAuditKey } from '../support/taken-audit-key';
import { saveHistory } from '../support/histories';
import { useHarness } from '../support/harness';
import { justiceDepartmentList } from '../support/sample-lists';
import { ENV_WORKFLOW_BUNDLE, required, testDatabases } from '../support/test-env';

// A workflow's state changes only with its record: when the system of record refuses a transition
// (its idempotency key already holds another record), the Update fails and the agency's state stays
// what the database says; once the conflict is gone, the same action goes through. A refused final
// transition (a withdrawal) leaves the run going, as the agency's state says.

describe.each(testDatabases())('state with its record (%s)', (kind) => {
  const harness = useHarness(kind);

  test('a refused record leaves the stage as it was; the next attempt is recorded', async () => {
    const { workflowId } = await harness.startAgency();
    const handle = harness.client.workflow.getHandle(workflowId);
    const db = harness.database.db;
    await handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    // Another record already holds the key the acceptance will be written under.
    const taken = await takeAuditKey(db, workflowId, 2);

    const refused = await handle.executeUpdate(acceptListUpdate, { args: [{}] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(JSON.stringify((refused as WorkflowUpdateFailedError).cause)).toMatch(
      /IdempotencyConflict|idempotency key/i,
    );
    expect((await handle.query(agencyStateQuery)).stage).toBe('submitted');
    expect((await db.assignment.findUniqueOrThrow({ where: { workflowId } })).stage).toBe('submitted');

    await taken.free();
    const receipt = await handle.executeUpdate(acceptListUpdate, { args: [{}] });
    expect(receipt.stage).toBe('accepted');
    expect((await db.assignment.findUniqueOrThrow({ where: { workflowId } })).stage).toBe('accepted');
    expect((await handle.query(agencyStateQuery)).stage).toBe('accepted');
  });

  test('a refused withdrawal leaves the run going, the agency assigned; the next attempt ends it', async () => {
    const { workflowId } = await harness.startAgency();
    const handle = harness.client.workflow.getHandle(workflowId);
    const db = harness.database.db;
    const taken = await takeAuditKey(db, workflowId, 1);

    const reason = 'Sáp nhập vào Sở Nội vụ';
    const refused = await handle.executeUpdate(withdrawUpdate, { args: [{ reason }] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    // The run still serves the agency: it answers, and it has not ended.
    expect((await handle.query(agencyStateQuery)).stage).toBe('assigned');
    expect((await handle.describe()).status.name).toBe('RUNNING');

    await taken.free();
    expect(await handle.executeUpdate(withdrawUpdate, { args: [{ reason }] })).toMatchObject({ stage: 'withdrawn' });
    await handle.result();
    expect((await db.assignment.findUniqueOrThrow({ where: { workflowId } })).stage).toBe('withdrawn');

    // Kept for the replay test (DONDOC_RECORD_HISTORIES=1): the gate's path, a refused end that went on.
    const history = await saveHistory(handle, 'agency-refused-withdrawal');
    await Worker.runReplayHistory(
      { workflowBundle: { code: fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8') } },
      history,
      workflowId,
    );
  });
});

import { returnListUpdate, submitListUpdate } from '../../workflows/agency/messages';
import { eventually } from '../support/eventually';
import { useHarness } from '../support/harness';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';

// The perfunctory rule (returned the policy's number of times, 2 by default) counts the returns
// made in this campaign: an agency the letter launched "returned" (a re-review) is not escalated
// after its first real return, and is after its second, with the rule it applied.

describe.each(testDatabases())('perfunctory rule (%s)', (kind) => {
  const harness = useHarness(kind);

  test('a re-review agency returned once is not perfunctory; returned twice it is, naming the rule', async () => {
    const { workflowId } = await harness.startAgency({ initialStage: 'returned', initialReason: 'Rà soát lại' });
    const handle = harness.client.workflow.getHandle(workflowId);
    const db = harness.database.db;
    const perfunctory = () => db.escalation.findMany({ where: { assignment: { workflowId }, kind: 'perfunctory' } });
    const returnOnce = async () => {
      await handle.executeUpdate(submitListUpdate, {
        args: [{ list: justiceDepartmentList }],
      });
      await handle.executeUpdate(returnListUpdate, {
        args: [{ reasons: { overall: 'Thiếu căn cứ' } }],
      });
    };

    await returnOnce();
    await eventually(async () =>
      expect(await db.assignment.findUniqueOrThrow({ where: { workflowId } })).toMatchObject({ returnCount: 2 }),
    );
    expect(await perfunctory()).toEqual([]);

    await returnOnce();
    const [escalation] = await eventually(async () => {
      const rows = await perfunctory();
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(escalation!.evidence).toMatchObject({
      returnCount: 3,
      campaignReturns: 2,
      rule: expect.stringContaining('từ 2 lần trở lên trong chiến dịch này'),
    });
  });
});

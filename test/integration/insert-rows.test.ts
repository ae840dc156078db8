import { insertRows } from '../../prisma/insert-rows';
import { uniqueId, useTestDatabase } from '../support/harness';
import { testDatabases } from '../support/test-env';

// Rows a launch writes per agency go in one statement per chunk: columns, dates and nulls read back
// through Prisma as written, a taken key is left alone when asked, and refused otherwise.

describe.each(testDatabases())('many rows in one INSERT (%s)', (kind) => {
  const database = useTestDatabase(kind);

  test('rows read back as written, in several statements; a taken key is kept or refused', async () => {
    const { db } = database;
    const campaignId = uniqueId('insert-rows');
    const at = new Date('2024-02-07T08:30:00.123Z');
    // 6 columns: 1,666 rows a statement, so 3,000 need two.
    const rows = Array.from({ length: 3_000 }, (_, i) => ({
      workflowId: `${campaignId}/xa-${i}`,
      campaignId,
      agencyCode: i % 2 === 0 ? `xa-${i}` : null,
      runId: null,
      createdAt: at,
      updatedAt: new Date(at.getTime() + i),
    }));
    const executed = jest.spyOn(db, '$executeRaw');
    expect(await insertRows(db, 'WorkflowRun', rows)).toBe(3_000);
    expect(executed.mock.calls.length).toBe(2);
    executed.mockRestore();

    const stored = await db.workflowRun.findMany({ where: { campaignId }, orderBy: { updatedAt: 'asc' } });
    expect(stored).toHaveLength(3_000);
    expect(stored[0]).toEqual({ ...rows[0], runId: null });
    expect(stored[2_999]).toEqual(rows[2_999]);

    await db.workflowRun.update({ where: { workflowId: rows[5]!.workflowId }, data: { runId: 'kept' } });
    const again = [rows[5]!, { ...rows[0]!, workflowId: `${campaignId}/new` }];
    expect(await insertRows(db, 'WorkflowRun', again, { ignoreConflictOn: ['workflowId'] })).toBe(1);
    expect((await db.workflowRun.findUnique({ where: { workflowId: rows[5]!.workflowId } }))?.runId).toBe('kept');
    await expect(insertRows(db, 'WorkflowRun', [rows[7]!])).rejects.toThrow();
  });
});

import type { WorkflowHandle } from '@temporalio/client';
import { launchCampaign } from '../../server/launch/launch-campaign';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { approveUpdate, campaignStateQuery, consolidateUpdate } from '../../workflows/campaign/messages';
import { acceptListUpdate, agencyStateQuery, submitListUpdate } from '../../workflows/agency/messages';
import { eventually } from '../support/eventually';
import { useHarness } from '../support/harness';
import { recordHistory } from '../support/histories';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';

// A consolidation or an approval answers once it is recorded; the campaign workflow then tells the
// agencies, a page of them per activity, and shows how many it has told. The history proves the
// order: the Update completed before the first page of agencies was told.

/** The event IDs of an Update's completion and of the first page-of-agencies activity completed after it. */
async function answerThenTell(campaign: WorkflowHandle, updateName: string) {
  const events = (await campaign.fetchHistory()).events ?? [];
  const accepted = events.filter(
    (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === updateName,
  );
  const updateId = accepted.at(-1)?.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId;
  const answered = events.find((e) => e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId === updateId);
  const pages = new Set(
    events
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'signalAgencyPage')
      .map((e) => Number(e.eventId)),
  );
  const told = events
    .filter((e) => pages.has(Number(e.activityTaskCompletedEventAttributes?.scheduledEventId)))
    .map((e) => Number(e.eventId));
  return { answered: Number(answered?.eventId), told };
}

describe.each(testDatabases())('a decision told to the agencies after it answers, on %s', (kind) => {
  const harness = useHarness(kind);

  test('consolidation and approval answer once recorded; the agencies are told afterwards, and the campaign shows it', async () => {
    const definition = sampleCampaign();
    await launchCampaign({ client: harness.client, db: harness.database.db, taskQueue: harness.taskQueue, definition });
    const codes = definition.agencies.map((agency) => agency.code);
    const agency = (code: string) => harness.client.workflow.getHandle(agencyWorkflowId(definition.id, code));
    for (const code of codes) {
      await agency(code).executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
      await agency(code).executeUpdate(acceptListUpdate, { args: [{}] });
    }
    const campaign = harness.client.workflow.getHandle(campaignWorkflowId(definition.id));

    const summary = await campaign.executeUpdate(consolidateUpdate, { args: [{}] });
    expect(summary.agencies).toBe(codes.length);
    await eventually(async () =>
      expect((await campaign.query(campaignStateQuery)).telling).toEqual({
        event: 'consolidated',
        told: codes.length,
        done: true,
      }),
    );
    const consolidation = await answerThenTell(campaign, 'consolidate');
    expect(consolidation.told.length).toBeGreaterThan(0);
    expect(consolidation.answered).toBeLessThan(Math.min(...consolidation.told));
    for (const code of codes)
      await eventually(async () => expect((await agency(code).query(agencyStateQuery)).stage).toBe('consolidated'));

    // Approved at once after the consolidation: it waits for the agencies to have heard of it, then
    // answers before telling them of the approval; the run ends only once all of them were told.
    expect(
      await campaign.executeUpdate(approveUpdate, {
        args: [{ decisionNumber: '512/QĐ-UBND', decisionDate: '2024-03-14', signer: 'Đặng Văn Minh' }],
      }),
    ).toEqual({ approved: codes.length });
    await campaign.result();
    expect((await campaign.query(campaignStateQuery)).telling).toEqual({
      event: 'approved',
      told: codes.length,
      done: true,
    });
    const approval = await answerThenTell(campaign, 'approve');
    expect(approval.answered).toBeLessThan(Math.max(...approval.told));
    expect(approval.told.filter((id) => id > approval.answered)).not.toEqual([]);
    for (const code of codes)
      await eventually(async () => expect((await agency(code).query(agencyStateQuery)).stage).toBe('approved'));
    await recordHistory(campaign, 'campaign-told-after-answer');
  });
});

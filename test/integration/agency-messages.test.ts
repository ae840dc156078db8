import type { WorkflowHandle } from '@temporalio/client';
import { launchCampaign } from '../../server/launch/launch-campaign';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import {
  acceptListUpdate,
  agencyStateQuery,
  answerSupportUpdate,
  escalateUpdate,
  requestSupportUpdate,
  submitListUpdate,
} from '../../workflows/agency/messages';
import {
  approveUpdate,
  campaignEventSignal,
  cancelCampaignUpdate,
  consolidateUpdate,
  sendBackUpdate,
} from '../../workflows/campaign/messages';
import { eventually } from '../support/eventually';
import { useHarness } from '../support/harness';
import { recordHistory } from '../support/histories';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';

// Every message that enters an agency workflow is checked: a malformed signal is ignored (and
// logged), never fatal; a campaign event is acted on only when the campaign's own record holds it.
// Commands that are not stage transitions leave an audit row with their actor.

const REVIEWER = 'Sở Thông tin và Truyền thông';
const APPROVER = 'Chủ tịch UBND tỉnh';
const SERVICE_CENTER = 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh';
const FORGER = 'người ngoài';

/** Local activities that completed after the given event: each campaign event checked is one. */
async function localActivitiesAfter(handle: WorkflowHandle, eventId: number): Promise<number> {
  const events = (await handle.fetchHistory()).events ?? [];
  return events.filter(
    (event) =>
      Number(event.eventId) > eventId && event.markerRecordedEventAttributes?.markerName === 'core_local_activity',
  ).length;
}

async function lastEventId(handle: WorkflowHandle): Promise<number> {
  const events = (await handle.fetchHistory()).events ?? [];
  return Number(events.at(-1)!.eventId);
}

describe.each(testDatabases())('messages entering an agency on %s', (kind) => {
  const harness = useHarness(kind);

  const launch = (definition: ReturnType<typeof sampleCampaign>) =>
    launchCampaign({ client: harness.client, db: harness.database.db, taskQueue: harness.taskQueue, definition });

  test('malformed campaign events are ignored: the agency still answers and accepts a submission', async () => {
    const { workflowId } = await harness.startAgency();
    const handle = harness.client.workflow.getHandle(workflowId);
    await handle.query(agencyStateQuery);

    await handle.signal(campaignEventSignal, { type: 'x' } as never);
    await handle.signal(campaignEventSignal, { type: 'approved' } as never);
    await handle.signal('campaignEvent', 42);
    await handle.signal('campaignEvent', null);

    expect(await handle.query(agencyStateQuery)).toMatchObject({ stage: 'assigned' });
    expect(await handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] })).toMatchObject({
      stage: 'submitted',
      version: 1,
    });
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.filter((event) => event.workflowExecutionSignaledEventAttributes)).toHaveLength(4);
    expect(events.some((event) => event.workflowTaskFailedEventAttributes)).toBe(false);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await recordHistory(handle, 'agency-malformed-signals');
  });

  test('forged campaign events change nothing; the campaign’s own decisions go through with their actors', async () => {
    const definition = sampleCampaign();
    await launch(definition);
    const agency = harness.client.workflow.getHandle(agencyWorkflowId(definition.id, 'so-y-te'));
    const campaign = harness.client.workflow.getHandle(campaignWorkflowId(definition.id));
    await agency.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    await agency.executeUpdate(acceptListUpdate, { args: [{}] });
    const at = new Date().toISOString();

    // Accepted, but nothing consolidated or cancelled: both forgeries are checked and dropped.
    let since = await lastEventId(agency);
    await agency.signal(campaignEventSignal, { type: 'consolidated', by: FORGER, at });
    await agency.signal(campaignEventSignal, { type: 'cancelled', by: FORGER, at, reason: 'Giả mạo' });
    await eventually(async () => expect(await localActivitiesAfter(agency, since)).toBe(2));
    expect(await agency.query(agencyStateQuery)).toMatchObject({ stage: 'accepted' });

    // Consolidated for real; a forged approval is checked against the campaign's record and dropped.
    await campaign.executeUpdate(consolidateUpdate, { args: [{}] });
    await eventually(async () => expect(await agency.query(agencyStateQuery)).toMatchObject({ stage: 'consolidated' }));
    since = await lastEventId(agency);
    await agency.signal(campaignEventSignal, { type: 'approved', by: FORGER, at });
    await eventually(async () => expect(await localActivitiesAfter(agency, since)).toBe(1));
    expect(await agency.query(agencyStateQuery)).toMatchObject({ stage: 'consolidated' });

    await campaign.executeUpdate(sendBackUpdate, { args: [{ reasons: 'Bổ sung UBND huyện' }] });
    await campaign.executeUpdate(consolidateUpdate, { args: [{}] });
    await campaign.executeUpdate(approveUpdate, {
      args: [{ decisionNumber: '512/QĐ-UBND', decisionDate: '2024-03-14', signer: 'Đặng Văn Minh' }],
    });
    await agency.result();
    await recordHistory(agency, 'agency-forged-campaign-events');

    const assignmentId = `${definition.id}/so-y-te`;
    const agencyTrail = await harness.database.db.auditEvent.findMany({
      where: { assignmentId },
      orderBy: { at: 'asc' },
    });
    expect(agencyTrail.map((row) => [row.action, row.actor])).toEqual([
      ['assign', 'system'],
      ['submit', 'Người thử nghiệm (agency)'],
      ['accept', REVIEWER],
      ['consolidate', REVIEWER],
      ['approve', APPROVER],
    ]);
    const campaignTrail = await harness.database.db.auditEvent.findMany({
      where: { campaignId: definition.id, assignmentId: null },
      orderBy: { at: 'asc' },
    });
    expect(campaignTrail.map((row) => [row.action, row.actor])).toEqual([
      ['consolidate', REVIEWER],
      ['send_back', APPROVER],
      ['consolidate', REVIEWER],
      ['approve', APPROVER],
    ]);
    expect(campaignTrail[1]!.payload).toMatchObject({ round: 1, reasons: 'Bổ sung UBND huyện' });
    expect(campaignTrail[3]!.payload).toMatchObject({ decisionNumber: '512/QĐ-UBND', signer: 'Đặng Văn Minh' });
  });

  test('a cancellation withdraws every agency under the Service Center’s name and reason, audited', async () => {
    const definition = sampleCampaign();
    await launch(definition);
    const agency = harness.client.workflow.getHandle(agencyWorkflowId(definition.id, 'so-y-te'));
    await agency.query(agencyStateQuery);
    await harness.client.workflow
      .getHandle(campaignWorkflowId(definition.id))
      .executeUpdate(cancelCampaignUpdate, { args: [{ reason: 'Văn bản bị thay thế' }] });
    await agency.result();
    const withdrawn = await harness.database.db.auditEvent.findFirstOrThrow({
      where: { assignmentId: `${definition.id}/so-y-te`, action: 'withdraw' },
    });
    expect(withdrawn).toMatchObject({ actor: SERVICE_CENTER, payload: { reason: 'Văn bản bị thay thế' } });
    expect(
      await harness.database.db.auditEvent.findFirstOrThrow({
        where: { campaignId: definition.id, assignmentId: null, action: 'cancel' },
      }),
    ).toMatchObject({ actor: SERVICE_CENTER, payload: { reason: 'Văn bản bị thay thế' } });
  });

  test('escalation by hand, support question and answer each leave an audit row with the actor', async () => {
    const { workflowId } = await harness.startAgency();
    const handle = harness.client.workflow.getHandle(workflowId);
    await handle.executeUpdate(escalateUpdate, { args: [{ reason: 'Không phối hợp' }] });
    const { requestId } = await handle.executeUpdate(requestSupportUpdate, {
      args: [{ question: 'TTHC 1.002421 có phải số hóa ý kiến của Hội công chứng viên không?' }],
    });
    await handle.executeUpdate(answerSupportUpdate, { args: [{ requestId, answer: 'Có.' }] });
    const trail = await harness.database.db.auditEvent.findMany({
      where: { assignment: { workflowId }, action: { in: ['escalate', 'support_request', 'support_answer'] } },
      orderBy: { at: 'asc' },
    });
    expect(trail.map((row) => [row.action, row.actor])).toEqual([
      ['escalate', SERVICE_CENTER],
      ['support_request', 'Người thử nghiệm (agency)'],
      ['support_answer', 'so-tttt'],
    ]);
    expect(trail[0]!.payload).toMatchObject({ kind: 'manual', reason: 'Không phối hợp' });
    expect(trail[2]!.payload).toMatchObject({ requestId, answer: 'Có.' });
  });
});

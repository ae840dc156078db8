import { launchCampaign } from '../../server/launch/launch-campaign';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import {
  acceptListUpdate,
  agencyStateQuery,
  answerSupportUpdate,
  escalateUpdate,
  extendDeadlineUpdate,
  remindNowUpdate,
  requestSupportUpdate,
  returnListUpdate,
  submitListUpdate,
  withdrawUpdate,
} from '../../workflows/agency/messages';
import {
  approveUpdate,
  cancelCampaignUpdate,
  consolidateUpdate,
  sendBackUpdate,
} from '../../workflows/campaign/messages';
import { waitFor } from '../support/fault-watch';
import { useHarness } from '../support/harness';
import { historyMessages, saveHistory } from '../support/histories';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';

// Scenarios that between them send every Update and every signal kind to every workflow type, on a
// real worker. Each ends by saving its histories when DONDOC_RECORD_HISTORIES=1 (test/histories/),
// which replay.test.ts then replays on the current code; without it, each checks that its workflows
// saw the messages it is meant to record, so the recorded set cannot silently shrink.

const kind = testDatabases()[0]!;
const DECISION = { decisionNumber: '512/QĐ-UBND', decisionDate: '2024-03-13', signer: 'Đặng Văn Minh' };

describe(`histories of every workflow type and message (${kind})`, () => {
  const harness = useHarness(kind);

  const agency = (campaignId: string, code: string) =>
    harness.client.workflow.getHandle(agencyWorkflowId(campaignId, code));

  /** Waits until the workflow has no activity left to run (its notifications delivered). */
  const settled = async (campaignId: string, code: string) =>
    waitFor(
      async () => ((await agency(campaignId, code).describe()).raw.pendingActivities ?? []).length === 0,
      `${code} settled`,
      60_000,
    );

  test('a campaign through consolidation, a send-back and approval; one agency through every Update', async () => {
    const definition = sampleCampaign({
      agencies: [
        { code: 'so-y-te', name: 'Sở Y tế', kind: 'department', email: 'syt@example.gov.vn', stage: 'assigned' },
        { code: 'so-tu-phap', name: 'Sở Tư pháp', kind: 'department', email: 'stp@example.gov.vn', stage: 'assigned' },
        { code: 'xa-sap-nhap', name: 'UBND xã sáp nhập', kind: 'commune', stage: 'assigned' },
      ],
    });
    const { db } = harness.database;
    await launchCampaign({ client: harness.client, db, taskQueue: harness.taskQueue, definition });
    const busy = agency(definition.id, 'so-y-te');
    const { requestId } = await busy.executeUpdate(requestSupportUpdate, {
      args: [{ question: 'TTHC 1.001070 có phải số hóa ý kiến phối hợp không?' }],
    });
    await busy.executeUpdate(answerSupportUpdate, {
      args: [{ requestId, answer: 'Có, nếu ý kiến là thành phần hồ sơ.' }],
    });
    await busy.executeUpdate(remindNowUpdate, { args: [{ note: 'Đề nghị gửi trong tuần' }] });
    await busy.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    await busy.executeUpdate(returnListUpdate, {
      args: [{ reasons: { overall: 'Thiếu giấy tờ kết quả' } }],
    });
    await busy.executeUpdate(extendDeadlineUpdate, {
      args: [
        {
          deadline: new Date(Date.now() + 25 * 86_400_000).toISOString(),
          reason: 'Gia hạn theo đề nghị',
        },
      ],
    });
    await busy.executeUpdate(escalateUpdate, { args: [{ reason: 'Chậm phối hợp' }] });
    await busy.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    await busy.executeUpdate(acceptListUpdate, { args: [{ note: 'Đạt yêu cầu' }] });
    const other = agency(definition.id, 'so-tu-phap');
    await other.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    await other.executeUpdate(acceptListUpdate, { args: [{}] });
    await agency(definition.id, 'xa-sap-nhap').executeUpdate(withdrawUpdate, {
      args: [{ reason: 'Sáp nhập đơn vị hành chính' }],
    });

    const campaign = harness.client.workflow.getHandle(campaignWorkflowId(definition.id));
    await campaign.executeUpdate(consolidateUpdate, { args: [{}] });
    await campaign.executeUpdate(sendBackUpdate, { args: [{ reasons: 'Cần rà soát lại mã TTHC' }] });
    await campaign.executeUpdate(consolidateUpdate, { args: [{}] });
    await campaign.executeUpdate(approveUpdate, { args: [{ ...DECISION }] });
    await campaign.result();
    await busy.result();
    await other.result();
    await agency(definition.id, 'xa-sap-nhap').result();
    expect((await busy.query(agencyStateQuery)).stage).toBe('approved');

    expect(historyMessages(await saveHistory(campaign, 'campaign-consolidate-send-back-approve'))).toEqual(
      expect.arrayContaining(['update:consolidate', 'update:sendBack', 'update:approve']),
    );
    expect(historyMessages(await saveHistory(busy, 'agency-every-update'))).toEqual(
      expect.arrayContaining([
        'update:requestSupport',
        'update:answerSupport',
        'update:remindNow',
        'update:submitList',
        'update:returnList',
        'update:extendDeadline',
        'update:escalate',
        'update:acceptList',
        'signal:campaignEvent:consolidated',
        'signal:campaignEvent:approved',
      ]),
    );
    expect(historyMessages(await saveHistory(agency(definition.id, 'xa-sap-nhap'), 'agency-withdrawn'))).toContain(
      'update:withdraw',
    );
  }, 180_000);

  test('a campaign cancelled: every agency still in it is withdrawn by signal', async () => {
    const definition = sampleCampaign({
      agencies: [{ code: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department', stage: 'assigned' }],
    });
    await launchCampaign({
      client: harness.client,
      db: harness.database.db,
      taskQueue: harness.taskQueue,
      definition,
    });
    const handle = agency(definition.id, 'so-noi-vu');
    await handle.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    await settled(definition.id, 'so-noi-vu');
    const campaign = harness.client.workflow.getHandle(campaignWorkflowId(definition.id));
    await campaign.executeUpdate(cancelCampaignUpdate, {
      args: [{ reason: 'Thay bằng công văn mới' }],
    });
    await campaign.result();
    await handle.result();
    expect((await handle.query(agencyStateQuery)).stage).toBe('withdrawn');

    expect(historyMessages(await saveHistory(campaign, 'campaign-cancelled'))).toContain('update:cancelCampaign');
    expect(historyMessages(await saveHistory(handle, 'agency-campaign-cancelled'))).toContain(
      'signal:campaignEvent:cancelled',
    );
  }, 120_000);
});

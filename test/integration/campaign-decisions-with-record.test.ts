import fs from 'node:fs';
import { Worker } from '@temporalio/worker';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { approvalAuditKey } from '../../domain/rounds';
import { launchCampaign } from '../../server/launch/launch-campaign';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { acceptListUpdate, submitListUpdate } from '../../workflows/agency/messages';
import {
  approveUpdate,
  campaignStateQuery,
  consolidateUpdate,
  sendBackUpdate,
} from '../../workflows/campaign/messages';
import { eventually } from '../support/eventually';
import { saveHistory } from '../support/histories';
import { refusedByRecord } from '../support/taken-audit-key';
import { useHarness } from '../support/harness';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { ENV_WORKFLOW_BUNDLE, required, testDatabases } from '../support/test-env';

// The campaign's decisions change its state only with their records: when the system of record
// refuses the record of a send-back or an approval (its idempotency key already holds another
// record), the Update fails, the campaign stays consolidated and its run goes on, the database
// says the same; once the conflict is gone, the approval goes through.

const DECISION = { decisionNumber: '512/QĐ-UBND', decisionDate: '2024-03-14', signer: 'Đặng Văn Minh' };

describe.each(testDatabases())('campaign decisions with their records on %s', (kind) => {
  const harness = useHarness(kind);

  test('a refused send-back or approval leaves the campaign consolidated and running', async () => {
    const definition = sampleCampaign();
    const db = harness.database.db;
    await launchCampaign({ client: harness.client, db, taskQueue: harness.taskQueue, definition });
    const agency = harness.client.workflow.getHandle(agencyWorkflowId(definition.id, 'so-tu-phap'));
    await agency.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    await agency.executeUpdate(acceptListUpdate, { args: [{}] });
    const workflowId = campaignWorkflowId(definition.id);
    const campaign = harness.client.workflow.getHandle(workflowId);
    await campaign.executeUpdate(consolidateUpdate, { args: [{}] });
    await eventually(async () => expect((await campaign.query(campaignStateQuery)).telling?.done).toBe(true));

    const takeKey = async (key: string) => {
      await db.auditEvent.create({
        data: {
          id: key,
          idempotencyKey: key,
          campaignId: definition.id,
          actor: 'khác',
          action: 'other',
          at: new Date(),
        },
      });
      return { free: () => db.auditEvent.delete({ where: { idempotencyKey: key } }) };
    };
    const stillConsolidated = async () => {
      const state = await campaign.query(campaignStateQuery);
      expect(state.phase).toBe('consolidated');
      expect(state.decision).toBeUndefined();
      expect(state.sentBack).toBeUndefined();
      expect((await campaign.describe()).status.name).toBe('RUNNING');
      expect(await db.campaign.findUniqueOrThrow({ where: { id: definition.id } })).toMatchObject({
        status: 'consolidated',
        decisionNumber: null,
      });
    };

    const sendBackKey = await takeKey(`${workflowId}:send-back:1`);
    await refusedByRecord(campaign.executeUpdate(sendBackUpdate, { args: [{ reasons: 'Bổ sung Sở Y tế' }] }));
    await stillConsolidated();
    await sendBackKey.free();

    const approvalKey = await takeKey(approvalAuditKey(workflowId, 1));
    await refusedByRecord(campaign.executeUpdate(approveUpdate, { args: [DECISION] }));
    await stillConsolidated();
    await approvalKey.free();

    expect(await campaign.executeUpdate(approveUpdate, { args: [DECISION] })).toEqual({ approved: 1 });
    expect((await campaign.query(campaignStateQuery)).decision).toMatchObject(DECISION);
    expect(await db.campaign.findUniqueOrThrow({ where: { id: definition.id } })).toMatchObject({
      status: 'approved',
      decisionNumber: DECISION.decisionNumber,
    });

    // Kept for the replay test (DONDOC_RECORD_HISTORIES=1): the gate's path, two decisions not recorded.
    await eventually(async () => expect((await campaign.query(campaignStateQuery)).telling?.done).toBe(true));
    const history = await saveHistory(campaign, 'campaign-decision-recorded-first');
    await Worker.runReplayHistory(
      { workflowBundle: { code: fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8') } },
      history,
      workflowId,
    );
  }, 90_000);
});

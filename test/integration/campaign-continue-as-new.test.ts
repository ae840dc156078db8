import { temporal } from '@temporalio/proto';
import { launchCampaign } from '../../server/launch/launch-campaign';
import { startDevServer, type DevServer } from '../../ops/temporal-dev-server';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { acceptListUpdate, agencyStateQuery, submitListUpdate } from '../../workflows/agency/messages';
import {
  approveUpdate,
  campaignStateQuery,
  consolidateUpdate,
  sendBackUpdate,
} from '../../workflows/campaign/messages';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { useHarness } from '../support/harness';
import { recordHistory } from '../support/histories';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';

// The campaign workflow continues-as-new when the server suggests it, carrying its state. A dev
// server of its own suggests it after a few dozen events (the default is thousands), so a few rounds
// of consolidation and send-back cross it.

const SUGGEST_AFTER_EVENTS = 40;
const APPROVER = 'Chủ tịch UBND tỉnh';
const EventType = temporal.api.enums.v1.EventType;

const [kind] = testDatabases(); // one database is enough: this is about the workflow's history

describe(`campaign continue-as-new on ${kind}`, () => {
  let server: DevServer;

  beforeAll(async () => {
    server = await startDevServer({
      port: await freePort(),
      dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': SUGGEST_AFTER_EVENTS },
    });
  });
  const harness = useHarness(kind!, () => ({ temporalAddress: server.address }));

  afterAll(async () => {
    await server?.stop();
  });

  test('the state crosses into the new run: rounds, send-back, then approval', async () => {
    const definition = sampleCampaign();
    await launchCampaign({
      client: harness.client,
      db: harness.database.db,
      taskQueue: harness.taskQueue,
      definition,
    });
    const agency = harness.client.workflow.getHandle(agencyWorkflowId(definition.id, 'so-y-te'));
    await agency.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    await agency.executeUpdate(acceptListUpdate, { args: [{}] });

    const campaign = harness.client.workflow.getHandle(campaignWorkflowId(definition.id));
    const firstRunId = (await campaign.describe()).runId;
    let rounds = 0;
    while ((await campaign.describe()).runId === firstRunId && rounds < 10) {
      rounds++;
      await campaign.executeUpdate(consolidateUpdate, { args: [{}] });
      await campaign.executeUpdate(sendBackUpdate, { args: [{ reasons: `Lần ${rounds}: bổ sung` }] });
    }
    // The run continues-as-new once its handlers and deliveries have drained, a moment after the last Update.
    await eventually(async () => expect((await campaign.describe()).runId).not.toBe(firstRunId), 30_000);

    // The first run ended by continuing as new, with the server's suggestion, not before it.
    const first = harness.client.workflow.getHandle(campaign.workflowId, firstRunId);
    const history = await first.fetchHistory();
    const events = history.events ?? [];
    expect(events.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    expect(events.length).toBeGreaterThanOrEqual(SUGGEST_AFTER_EVENTS);
    expect(events.some((event) => event.workflowTaskStartedEventAttributes?.suggestContinueAsNew === true)).toBe(true);
    await recordHistory(first, 'campaign-continue-as-new');

    // The new run knows every round and the last send-back, and goes on from there.
    expect(await campaign.query(campaignStateQuery)).toMatchObject({
      phase: 'collecting',
      consolidation: { round: rounds },
      sentBack: { by: APPROVER, reasons: `Lần ${rounds}: bổ sung` },
    });
    expect(await campaign.executeUpdate(consolidateUpdate, { args: [{}] })).toMatchObject({
      round: rounds + 1,
    });
    expect(
      await campaign.executeUpdate(approveUpdate, {
        args: [{ decisionNumber: '512/QĐ-UBND', decisionDate: '2024-03-14', signer: 'Đặng Văn Minh' }],
      }),
    ).toEqual({ approved: 1 });
    // The other agencies are still within their own deadline: the campaign stays open for their round.
    expect(await campaign.query(campaignStateQuery)).toMatchObject({ phase: 'approved', openRound: 2 });
    await agency.result();
    expect(await agency.query(agencyStateQuery)).toMatchObject({ stage: 'approved' });
  });
});

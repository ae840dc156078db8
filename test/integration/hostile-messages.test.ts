import { temporal } from '@temporalio/proto';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { agencyStateQuery, submitListUpdate } from '../../workflows/agency/messages';
import { apiAs } from '../support/api-client';
import { launchThroughApi } from '../support/api-campaign';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// A message no converter can read, sent straight to Temporal, does not freeze the agency it reaches:
// its workflow keeps answering queries and accepting valid Updates, and the campaign-wide reads and
// the other agencies' actions through the server go on.

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe.each(testDatabases())('undecodable messages (%s)', (kind) => {
  const tokens: Record<string, string> = {};
  const definition = sampleCampaign();
  const id = definition.id;
  const frozen = agencyWorkflowId(id, 'so-y-te');

  const server = useServer(kind);
  beforeAll(async () => {
    const people = { operator: 'ttpv@example.gov.vn', reviewer: 'stttt@example.gov.vn' };
    Object.assign(tokens, (await launchThroughApi(server, definition, people)).tokens);
  });

  test('a signal and an Update in an unknown encoding are ignored or refused; the agency and the campaign go on', async () => {
    const { workflowService } = server.harness.rawClient;
    const undecodable = {
      metadata: { encoding: utf8('binary/protobuf'), messageType: utf8('foo.Bar') },
      data: utf8('{}'),
    };
    await workflowService.signalWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: frozen },
      signalName: 'campaignEvent',
      input: { payloads: [undecodable] },
      identity: 'attacker',
    });
    await workflowService.signalWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: frozen },
      signalName: 'campaignEvent',
      input: { payloads: [{ metadata: { encoding: utf8('json/plain') }, data: utf8('{not json') }] },
      identity: 'attacker',
    });
    const update = await workflowService
      .updateWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId: frozen },
        request: {
          meta: { updateId: 'undecodable-update', identity: 'attacker' },
          input: { name: 'withdraw', args: { payloads: [undecodable] } },
        },
        waitPolicy: {
          lifecycleStage:
            temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
              .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
        },
      })
      .catch((error: unknown) => error);
    expect(JSON.stringify(update)).toMatch(/thiếu xác nhận người thực hiện|failure/);

    // The agency answers and takes a valid Update.
    const handle = server.harness.client.workflow.getHandle(frozen);
    expect((await handle.query(agencyStateQuery)).stage).toBe('assigned');
    const receipt = await handle.executeUpdate(submitListUpdate, {
      args: [{ list: justiceDepartmentList }],
    });
    expect(receipt.stage).toBe('submitted');

    // The campaign-wide reads and another agency's action through the server.
    const operator = apiAs(server.baseUrl, tokens.operator);
    const schedule = await operator.get(`/api/v1/campaigns/${id}/reminder-schedule`);
    expect(schedule.status).toBe(200);
    const reviewer = apiAs(server.baseUrl, tokens.reviewer);
    await server.harness.client.workflow
      .getHandle(agencyWorkflowId(id, 'ubnd-huyen-binh-son'))
      .executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    const accepted = await reviewer.post(`/api/v1/campaigns/${id}/agencies/ubnd-huyen-binh-son/accept`, {});
    expect(accepted.status).toBe(200);
    // The Service Center's campaign-wide reminder reaches the agency that got the message too.
    const center = await server.signIn('ttpv@example.gov.vn');
    const csrf = await center.csrfFrom(`/dieu-hanh/${id}/hang-loat?loai=remind`);
    const bulk = await center.request('POST', `/dieu-hanh/${id}/hang-loat`, {
      form: { _csrf: csrf, loai: 'remind', batch: 'hostile-remind-1', agencies: 'so-y-te,so-tu-phap', ghiChu: '' },
    });
    expect(bulk.status).toBe(200);
    expect(bulk.text).toContain('Đã thực hiện cho 2/2 cơ quan');
    const history = await handle.fetchHistory();
    expect(history.events!.filter((e) => e.workflowTaskFailedEventAttributes)).toHaveLength(0);
  });

  test('an agency that gives no answer is named in the campaign-wide schedule; the others are answered', async () => {
    const db = server.harness.database.db;
    const workflowId = agencyWorkflowId(id, 'ubnd-huyen-binh-son');
    const { runId } = await db.workflowRun.findUniqueOrThrow({ where: { workflowId } });
    await db.workflowRun.update({ where: { workflowId }, data: { runId: '0190e2c4-0000-7000-8000-000000000000' } });
    try {
      const operator = apiAs(server.baseUrl, tokens.operator);
      const schedule = await operator.get<{ agencies: { code: string; plan?: unknown; unanswered?: string }[] }>(
        `/api/v1/campaigns/${id}/reminder-schedule`,
      );
      expect(schedule.status).toBe(200);
      const byCode = Object.fromEntries(schedule.body.agencies.map((a) => [a.code, a]));
      expect(byCode['ubnd-huyen-binh-son']!.unanswered).toContain('cơ quan ubnd-huyen-binh-son');
      expect(byCode['so-tu-phap']!.plan).toBeDefined();
      expect(byCode['so-tu-phap']!.unanswered).toBeUndefined();
    } finally {
      await db.workflowRun.update({ where: { workflowId }, data: { runId } });
    }
  });
});

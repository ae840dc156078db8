import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { agencyStateQuery, submitListUpdate } from '../../workflows/agency/messages';
import { agencyWorkflow } from '../../workflows';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { eventually } from '../support/eventually';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// What belongs to a campaign comes from the launch, not from whoever reaches Temporal: a workflow
// started around the server, or a run that replaced the one dondoc started, records nothing, is
// reached by no action of the server, and is shown to the Service Center as tampered with.

describe.each(testDatabases())('workflow runs dondoc did not start (%s)', (kind) => {
  const tokens: Record<string, string> = {};
  const definition = sampleCampaign();
  const id = definition.id;
  const startedInput = async (code: string) => {
    const history = await server.harness.rawClient.workflow.getHandle(agencyWorkflowId(id, code)).fetchHistory();
    const data = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!.data!;
    return JSON.parse(Buffer.from(data).toString('utf8'));
  };

  const server = useServer(kind);
  beforeAll(async () => {
    Object.assign(tokens, (await launchThroughApi(server, definition, { operator: 'ttpv@example.gov.vn' })).tokens);
  });

  test('an agency workflow started around the server: nothing recorded, flagged for the Service Center', async () => {
    const db = server.harness.database.db;
    const copied = await startedInput('so-y-te');
    const fakeId = agencyWorkflowId(id, 'co-quan-gia');
    await server.harness.rawClient.workflow.start(agencyWorkflow, {
      workflowId: fakeId,
      taskQueue: server.harness.taskQueue,
      args: [{ ...copied, agency: { ...copied.agency, code: 'co-quan-gia', name: 'Cơ quan giả' } }],
    });
    await eventually(async () =>
      expect(await db.tamperedRun.findMany({ where: { workflowId: fakeId } })).toEqual([
        expect.objectContaining({ campaignId: id, reason: 'hồ sơ không được đăng ký khi khởi chạy chiến dịch' }),
      ]),
    );
    expect(await db.agency.count({ where: { campaignId: id, code: 'co-quan-gia' } })).toBe(0);
    expect(await db.assignment.count({ where: { campaignId: id } })).toBe(3);

    const operator = apiAs(server.baseUrl, tokens.operator);
    const status = await operator.get<{ total: number; tamperedRuns: { workflowId: string }[] }>(
      `/api/v1/campaigns/${id}/status`,
    );
    expect(status.status).toBe(200);
    expect(status.body.total).toBe(3);
    expect(status.body.tamperedRuns.map((run) => run.workflowId)).toEqual([fakeId]);
    const page = await (await server.signIn('ttpv@example.gov.vn')).request('GET', `/dieu-hanh/${id}`);
    expect(page.text).toContain('Cảnh báo an ninh: 1 lượt chạy không do dondoc khởi chạy');
    expect(page.text).toContain('Hồ sơ cơ quan mã co-quan-gia');
    // The server does not reach it: it names no agency of the campaign.
    expect((await operator.post(`/api/v1/campaigns/${id}/agencies/co-quan-gia/remind`, {})).status).toBe(404);
    await server.harness.rawClient.workflow.getHandle(fakeId).terminate('test');
  });

  test('a real agency terminated and started again: the new run records nothing and the server does not reach it', async () => {
    const db = server.harness.database.db;
    const workflowId = agencyWorkflowId(id, 'ubnd-huyen-binh-son');
    const copied = await startedInput('ubnd-huyen-binh-son');
    await server.harness.rawClient.workflow.getHandle(workflowId).terminate('attacker');
    const replacement = await server.harness.rawClient.workflow.start(agencyWorkflow, {
      workflowId,
      taskQueue: server.harness.taskQueue,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      args: [copied],
    });
    await eventually(async () =>
      expect(await db.tamperedRun.count({ where: { workflowId, runId: replacement.firstExecutionRunId } })).toBe(1),
    );
    // Even an Update the stand-in server signs is not recorded: the run's activities are refused.
    await server.harness.client.workflow
      .getHandle(workflowId)
      .executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] })
      .catch(() => undefined);
    expect(await db.submission.count({ where: { assignment: { workflowId } } })).toBe(0);
    expect((await db.assignment.findUniqueOrThrow({ where: { workflowId } })).stage).toBe('assigned');

    // The server addresses the run it started, which ended: refused, nothing changed.
    const operator = apiAs(server.baseUrl, tokens.operator);
    const reminded = await operator.post(`/api/v1/campaigns/${id}/agencies/ubnd-huyen-binh-son/remind`, {});
    expect(reminded.status).toBe(409);
    expect(String(reminded.body.message)).toContain('Hồ sơ này đã kết thúc');
    const state = await operator.get<{ stage?: string }>(
      `/api/v1/campaigns/${id}/agencies/ubnd-huyen-binh-son/workflow-state`,
    );
    expect(JSON.stringify(state.body)).not.toContain('submitted');
    // Even the replacement's own state stays as recorded: its refused record put the state back.
    expect((await server.harness.rawClient.workflow.getHandle(workflowId).query(agencyStateQuery)).stage).toBe(
      'assigned',
    );
    await server.harness.rawClient.workflow.getHandle(workflowId).terminate('test');
  });
});

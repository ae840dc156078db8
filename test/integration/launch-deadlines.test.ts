import fs from 'node:fs';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import YAML from 'yaml';
import { LaunchRefusedError, launchCampaign } from '../../server/launch/launch-campaign';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { eventually } from '../support/eventually';
import { useAdminScript } from '../support/cli-runner';
import { uniqueId } from '../support/harness';
import { sampleCampaign } from '../support/sample-campaign';
import { testDatabases } from '../support/test-env';

// A campaign whose submission deadline is already past is refused at launch, with nothing written
// or started, unless it is an explicit rehearsal on a compressed clock (`--drill`, the demo).

describe.each(testDatabases())('launching with past deadlines on %s', (kind) => {
  // The drill's compressed clock is the server's setting: the server launches.
  const { server, dir, cli } = useAdminScript(kind, { env: { DONDOC_DEMO_SECONDS_PER_DAY: '3600' } });

  async function nothingStarted(campaignId: string, agencyCode: string) {
    expect(await server.harness.database.db.campaign.findUnique({ where: { id: campaignId } })).toBeNull();
    expect(await server.harness.database.db.assignment.count({ where: { campaignId } })).toBe(0);
    for (const workflowId of [campaignWorkflowId(campaignId), agencyWorkflowId(campaignId, agencyCode)])
      await expect(server.harness.client.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(
        WorkflowNotFoundError,
      );
  }

  function yamlFile(id: string): string {
    const file = path.join(dir, `${id}.yaml`);
    fs.writeFileSync(
      file,
      YAML.stringify({
        id,
        directive: { number: '751/UBND-TTHC', date: '2024-02-07', title: 'Số hóa giấy tờ TTHC' },
        deadlines: { submission: '2024-03-04T23:59:59+07:00', approval: '2024-03-14T23:59:59+07:00' },
        calendar: 'weekends-only',
        reviewer: { name: 'Sở Thông tin và Truyền thông' },
        approver: { name: 'Chủ tịch UBND tỉnh' },
        serviceCenter: { name: 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh' },
        agencies: [{ code: 'so-tu-phap', name: 'Sở Tư pháp', kind: 'department' }],
      }),
    );
    return file;
  }

  test('the admin script refuses a submission deadline already past, naming the field and --drill', async () => {
    const id = uniqueId('qua-han');
    const run = await cli(['campaign', 'launch', yamlFile(id)]);
    expect(run.code).not.toBe(0);
    expect(run.out).toBe('');
    expect(run.err).toContain(`Không khởi chạy chiến dịch ${id}`);
    expect(run.err).toContain('deadlines.submission: hạn nộp (23:59 04/03/2024) đã qua');
    expect(run.err).toContain('campaign launch --drill');
    await nothingStarted(id, 'so-tu-phap');
  });

  test('--drill launches the same file on a compressed clock from the directive day, and re-launches', async () => {
    const id = uniqueId('dien-tap');
    const file = yamlFile(id);
    const run = await cli(['campaign', 'launch', file, '--drill']);
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toContain('Diễn tập trên đồng hồ rút gọn: 1 ngày = 3600 giây, bắt đầu 08:00 07/02/2024.');
    await eventually(async () => {
      const assignment = await server.harness.database.db.assignment.findFirstOrThrow({ where: { campaignId: id } });
      expect(assignment).toMatchObject({ stage: 'assigned', overdue: false });
    });
    expect(await server.harness.database.db.escalation.count({ where: { campaignId: id } })).toBe(0);
    // A second launch keeps the rehearsal's clock (no --drill needed) and starts nothing twice.
    const again = await cli(['campaign', 'launch', file]);
    expect(again).toMatchObject({ code: 0, err: '' });
    expect(again.out).toContain('Không có gì mới được khởi chạy');
  });

  test('launchCampaign itself refuses on the real clock and accepts a compressed one', async () => {
    const past = sampleCampaign({
      deadlines: {
        submission: new Date(Date.now() - 60_000).toISOString(),
        approval: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    const launch = (clock?: { secondsPerDay: number; simulatedStart: string; realStart: string }) =>
      launchCampaign({
        client: server.harness.client,
        db: server.harness.database.db,
        taskQueue: server.harness.taskQueue,
        definition: past,
        clock,
      });
    await expect(launch()).rejects.toBeInstanceOf(LaunchRefusedError);
    await nothingStarted(past.id, 'so-y-te');
    const start = new Date(Date.now() - 86_400_000).toISOString();
    await expect(
      launch({ secondsPerDay: 3600, simulatedStart: start, realStart: new Date().toISOString() }),
    ).resolves.toMatchObject({
      campaignStarted: true,
      agenciesStarted: 3,
    });
  });
});

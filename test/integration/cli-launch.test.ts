import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { launchCampaign } from '../../server/launch/launch-campaign';
import { loadCampaignDefinition } from '../../campaign-files/campaign-definition';
import { AGENCIES, campaignYaml, DAY, useCliWorld } from '../support/cli-world';
import { uniqueId } from '../support/harness';
import { testDatabases } from '../support/test-env';

// The admin script's launch and status without the happy path: a roster the server launches in
// the background, a campaign whose worker is not running, and the script as a real process.

const ROOT = path.resolve(__dirname, '..', '..');

describe.each(testDatabases())('admin script: launch and status (npm run dondoc) on %s', (kind) => {
  const { harness, dir, cli, fails, ok } = useCliWorld(kind);

  test('without a worker: status falls back to the database, changes are refused before anything is sent', async () => {
    const idleId = uniqueId('idle');
    const file = path.join(dir, 'khong-worker.yaml');
    fs.writeFileSync(
      file,
      campaignYaml(idleId, AGENCIES.slice(0, 1), {
        submission: new Date(Date.now() + 30 * DAY).toISOString(),
        approval: new Date(Date.now() + 40 * DAY).toISOString(),
      }),
    );
    // Launched on a task queue no worker polls (as a stopped worker would leave it).
    const idle = { DONDOC_TASK_QUEUE: uniqueId('no-worker') };
    await launchCampaign({
      client: harness.client,
      db: harness.database.db,
      taskQueue: idle.DONDOC_TASK_QUEUE,
      definition: await loadCampaignDefinition(file),
    });

    const status = await cli(['campaign', 'status', idleId], { env: idle });
    expect(status.code).toBe(0);
    expect(status.err).toContain('Lưu ý: Worker của dondoc không trả lời');
    expect(status.out).toContain('Giai đoạn: running (worker không trả lời; số liệu dưới đây lấy từ cơ sở dữ liệu)');
    const err = await fails(
      ['campaign', 'cancel', idleId, '--reason', 'Thử'],
      `Worker của dondoc không trả lời (hàng đợi "${idle.DONDOC_TASK_QUEUE}"`,
    );
    expect(err).toContain('Chưa có thay đổi nào được gửi.');
    // Its agency was never run, so the database has no row for it yet: say so, not "unknown agency".
    await fails(
      ['review', 'accept', idleId, 'so-tu-phap'],
      `Cơ quan so-tu-phap có trong định nghĩa chiến dịch ${idleId} nhưng chưa có trong cơ sở dữ liệu`,
    );
    await harness.client.workflow.getHandle(campaignWorkflowId(idleId)).terminate('test cleanup');
  });

  test('a roster over 20 agencies is launched by the server, which the command says', async () => {
    const bigId = uniqueId('big');
    const file = path.join(dir, 'lon.yaml');
    const roster = Array.from({ length: 25 }, (_, i) => ({
      code: `xa-${21000 + i}`,
      name: `UBND xã số ${i + 1}`,
      kind: 'commune',
    }));
    fs.writeFileSync(
      file,
      campaignYaml(bigId, roster, {
        submission: new Date(Date.now() + 30 * DAY).toISOString(),
        approval: new Date(Date.now() + 40 * DAY).toISOString(),
      }),
    );
    const run = await ok(['campaign', 'launch', file], { tty: true });
    expect(run.err).toContain('Đang giao nhiệm vụ cho 25 cơ quan trên máy chủ dondoc');
    expect(run.out).toContain('Đã giao nhiệm vụ cho 25 cơ quan mới');
  });
});

test('npm run dondoc -- --help works as a real process', async () => {
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'admin/main.ts', '--help'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: undefined },
  });
  expect(stdout).toContain('Cách dùng: dondoc <lệnh> [tùy chọn]');
  for (const group of ['campaign', 'agency', 'review', 'approver']) expect(stdout).toContain(group);
  const launch = await run(process.execPath, ['--import', 'tsx', 'admin/main.ts', 'campaign', 'launch', '--help'], {
    cwd: ROOT,
  });
  expect(launch.stdout).toContain('Cách dùng: dondoc campaign launch [tùy chọn] <file>');
  const failed = await run(process.execPath, ['--import', 'tsx', 'admin/main.ts', 'campaign', 'launch'], {
    cwd: ROOT,
  }).catch((error: { code: number; stderr: string }) => error);
  expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('Thiếu đối số bắt buộc <file>.') });
}, 180_000); // three cold tsx starts on a loaded machine

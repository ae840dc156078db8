import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';

const run = promisify(execFile);
const CLUSTER = path.resolve(__dirname, '../../ops/temporal/cluster.sh');

/** `cluster.sh config DIR` with these settings: the files it wrote and what it printed. */
async function writeConfig(env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-cluster-config-'));
  const { stdout, stderr } = await run('bash', [CLUSTER, 'config', dir], {
    env: { ...process.env, TEMPORAL_POSTGRES_URL: 'postgresql://temporal:s3cret-pw@127.0.0.1:5432/postgres', ...env },
  });
  const read = (name: string) => YAML.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  return { dir, output: stdout + stderr, config: read('config.yaml'), dynamic: read('dynamicconfig.yaml') };
}

describe("the province's Temporal server configuration", () => {
  test('every task queue has one partition unless the operator asks for more', async () => {
    const { dynamic } = await writeConfig();
    expect(dynamic['matching.numTaskqueueReadPartitions']).toEqual([{ value: 1 }]);
    expect(dynamic['matching.numTaskqueueWritePartitions']).toEqual([{ value: 1 }]);
    expect(dynamic['frontend.enableServerVersionCheck']).toEqual([{ value: false }]);

    const wider = await writeConfig({ TEMPORAL_TASK_QUEUE_PARTITIONS: '4' });
    expect(wider.dynamic['matching.numTaskqueueReadPartitions']).toEqual([{ value: 4 }]);
    expect(wider.dynamic['matching.numTaskqueueWritePartitions']).toEqual([{ value: 4 }]);
  });

  test('a partition count that is not a whole number from 1 is refused, naming the setting', async () => {
    await expect(writeConfig({ TEMPORAL_TASK_QUEUE_PARTITIONS: 'bốn' })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('TEMPORAL_TASK_QUEUE_PARTITIONS must be a whole number from 1'),
    });
  });

  test('the password is written only into files only their owner reads, never printed', async () => {
    const { dir, output, config } = await writeConfig();
    expect(config.persistence.datastores['postgres-default'].sql.password).toBe('s3cret-pw');
    expect(output).not.toContain('s3cret-pw');
    for (const name of ['config.yaml', 'dynamicconfig.yaml'])
      expect(fs.statSync(path.join(dir, name)).mode & 0o777).toBe(0o600);
  });
});

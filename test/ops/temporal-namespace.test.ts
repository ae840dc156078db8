import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { prepareNamespace } from '../../ops/temporal/prepare-namespace';
import { ALL_SEARCH_ATTRIBUTES } from '../../temporal/search-attributes';
import { ENV_TEMPORAL_ADDRESS, required } from '../support/test-env';

const run = promisify(execFile);

describe('a Temporal server made ready for dondoc', () => {
  const address = required(ENV_TEMPORAL_ADDRESS);
  let connection: Connection;
  beforeAll(async () => {
    connection = await Connection.connect({ address });
  });
  afterAll(() => connection.close());

  const customAttributes = async (namespace: string) =>
    Object.keys((await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {});

  test('a new namespace is registered with its retention and every search attribute, once', async () => {
    const namespace = `ops-${randomUUID().slice(0, 8)}`;
    const first = await prepareNamespace({ address }, namespace, { retentionDays: 7, settleMs: 0 });
    expect(first).toMatchObject({ namespace, registered: true });
    expect(first.searchAttributesAdded.sort()).toEqual(ALL_SEARCH_ATTRIBUTES.map((key) => key.name).sort());

    const described = await connection.workflowService.describeNamespace({ namespace });
    expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(7 * 86_400);
    expect(await customAttributes(namespace)).toEqual(expect.arrayContaining(first.searchAttributesAdded));

    const again = await prepareNamespace({ address }, namespace, { settleMs: 0 });
    expect(again).toEqual({ namespace, registered: false, searchAttributesAdded: [] });
  });

  test('the operator command says in Vietnamese what it did, and refuses a retention that is not a day count', async () => {
    const namespace = `ops-${randomUUID().slice(0, 8)}`;
    const env = { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, NODE_ENV: 'test' };
    const ops = (...args: string[]) =>
      run('node', ['--import', 'tsx', 'ops/cli.ts', 'temporal-namespace', ...args], { env, timeout: 120_000 });

    const { stdout } = await ops('--retention-days', '3');
    expect(stdout).toContain(`Đã đăng ký namespace ${namespace} trên ${address}.`);
    expect(stdout).toContain('Đã tạo search attribute:');
    expect((await ops()).stdout).toContain('Đã có đủ search attribute của dondoc.');

    await expect(ops('--retention-days', 'ba')).rejects.toMatchObject({
      stderr: expect.stringContaining('--retention-days phải là số ngày nguyên dương, đã nhập "ba".'),
    });
  });
});

import { Client } from '@temporalio/client';
import type { Database } from '../../prisma/database';
import { loadConfig } from '../../shared/config';
import { createWorkerFromConfig } from '../../worker/from-config';

// The worker's own settings: a prebuilt bundle that is not there is named before anything connects.

describe('worker configuration', () => {
  test('DONDOC_WORKFLOW_BUNDLE naming a missing file is refused with the fix', async () => {
    const config = loadConfig({
      DONDOC_WORKFLOW_BUNDLE: '/khong-co/workflow-bundle.js',
      DONDOC_MAX_CACHED_WORKFLOWS: '20',
    });
    expect(config.worker).toEqual({ workflowBundle: '/khong-co/workflow-bundle.js', maxCachedWorkflows: 20 });
    // Neither the database nor the client is touched: the check comes first.
    await expect(createWorkerFromConfig(config, {} as Database, {} as Client)).rejects.toThrow(
      'DONDOC_WORKFLOW_BUNDLE: không có tệp /khong-co/workflow-bundle.js. Cách sửa: chạy "npm run build"',
    );
  });

  test('a cache size that is not a whole number is refused, naming the variable', () => {
    expect(() => loadConfig({ DONDOC_MAX_CACHED_WORKFLOWS: 'nhiều' })).toThrow('DONDOC_MAX_CACHED_WORKFLOWS');
    expect(() => loadConfig({ DONDOC_MAX_CACHED_WORKFLOWS: '2.5' })).toThrow(
      'DONDOC_MAX_CACHED_WORKFLOWS: phải là số nguyên',
    );
  });

  test('workflow task slots: a whole number of at least 2, or the SDK default', () => {
    expect(loadConfig({ DONDOC_WORKFLOW_TASK_SLOTS: '8' }).worker.workflowTaskSlots).toBe(8);
    expect(loadConfig({}).worker.workflowTaskSlots).toBeUndefined();
    expect(() => loadConfig({ DONDOC_WORKFLOW_TASK_SLOTS: '1' })).toThrow('DONDOC_WORKFLOW_TASK_SLOTS: tối thiểu là 2');
  });
});

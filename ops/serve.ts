import path from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import { startDevServer, temporalAnswers, type DevServer } from './temporal-dev-server';
import { openStack } from './open-stack';
import { loadSigner } from '../server/identity/proof';
import { startServer } from '../server/http/start-server';
import { ConfigError, DEFAULT_TEMPORAL_ADDRESS, loadConfig } from '../shared/config';
import { configureLogger } from '../shared/logger';
import { runCommand } from '../shared/command-exit';
import { createWorkerFromConfig } from '../worker/from-config';
import { installWorkerRuntime, startWorkerOpsListener } from '../worker/metrics';
import { productionProblems } from './production-checks';

// `npm run serve`: a real install on one machine — the server and a worker in one process, the
// migrations applied, no demo, production rules (keys provided, never generated; no development
// mailbox). Temporal is the one TEMPORAL_ADDRESS names; only when none is configured does it start
// an embedded dev server with its data under DONDOC_DATA_DIR, and say so.

const say = (line: string) => console.log(`[dondoc] ${line}`);

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'production' });
  const problems = productionProblems(config, process.env);
  if (problems.length > 0) throw new ConfigError(problems);
  configureLogger(config);
  installWorkerRuntime(config, new DefaultLogger('WARN'));

  let devServer: DevServer | undefined;
  if (!config.temporal.addressIsDefault) {
    say(`Dùng máy chủ Temporal tại ${config.temporal.address} (TEMPORAL_ADDRESS).`);
  } else if (await temporalAnswers(DEFAULT_TEMPORAL_ADDRESS)) {
    say(`Chưa cấu hình TEMPORAL_ADDRESS; dùng máy chủ Temporal đang chạy tại ${DEFAULT_TEMPORAL_ADDRESS}.`);
  } else {
    const dbFilename = path.resolve(config.dataDir, 'temporal.db');
    say(
      `Chưa cấu hình TEMPORAL_ADDRESS: khởi động máy chủ Temporal nhúng (dev server) tại ${DEFAULT_TEMPORAL_ADDRESS}, dữ liệu ở ${dbFilename}. Hợp với một máy nhỏ; với máy chủ Temporal riêng, đặt TEMPORAL_ADDRESS.`,
    );
    devServer = await startDevServer({ port: Number(DEFAULT_TEMPORAL_ADDRESS.split(':')[1]), dbFilename });
  }

  const { db, connection, client } = await openStack(config, say);
  loadSigner(config.server.signingKeysDir, { generate: false });
  const { worker, close: closeWorker } = await createWorkerFromConfig(config, db, client);
  const running = worker.run(); // the SDK stops it on SIGINT or SIGTERM, once in-flight tasks finish
  const ops = config.ops.workerMetricsPort !== undefined ? await startWorkerOpsListener(config, db, worker) : undefined;
  const server = await startServer({ config, db, client, logger: config.logLevel !== 'silent' });
  say(`Máy chủ dondoc đang chạy: ${server.url} (nghe tại ${server.localUrl}; /healthz, /readyz).`);
  if (config.ops.serverMetricsPort !== undefined)
    say(`Chỉ số máy chủ: http://${config.ops.host}:${config.ops.serverMetricsPort}/metrics`);
  if (ops) say(`Worker: ${ops.url}/readyz, ${ops.url}/metrics`);
  say('Worker đã sẵn sàng; SIGTERM hoặc Ctrl-C để dừng.');
  try {
    await running;
  } finally {
    say('Đang dừng…');
    await server.app.close();
    await ops?.close();
    await closeWorker();
    await connection.close();
    await db.$disconnect();
    await devServer?.stop().catch(() => undefined);
    say('Đã dừng.');
  }
}

runCommand(main);

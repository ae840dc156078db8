import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { openStack } from '../ops/open-stack';
import { loadConfig } from '../shared/config';
import { configureLogger } from '../shared/logger';
import { runCommand } from '../shared/command-exit';
import { startServer } from '../server/http/start-server';
import { createWorkerFromConfig } from '../worker/from-config';
import { loadSigner } from '../server/identity/proof';
import { adoptUnregisteredRuns } from '../shared/workflow-runs';
import { claimDataFolder, dataFolderNotice } from '../shared/data-release';
import { demoMailFor } from './demo/mailbox';
import { runCampaignDemo } from './demo/run-demo';
import { startDevServer, temporalAnswers, type DevServer } from '../ops/temporal-dev-server';

// `npm start`: everything a newcomer needs on one machine, with no configuration. Reuses a Temporal
// server that answers at TEMPORAL_ADDRESS, else starts a file-backed dev server under the data folder.

const say = (line: string) => console.log(`[dondoc] ${line}`);

function isLocal(address: string): boolean {
  return /^(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(address);
}

async function main(): Promise<void> {
  const loaded = loadConfig();
  // Data from before 1.0 is not resumed: it is moved aside first, before anything opens it.
  say(dataFolderNotice(claimDataFolder(loaded.dataDir)));
  // The demo's own SMTP server and mailbox page, unless production or a real SMTP_URL.
  const { config, mailbox } = await demoMailFor(loaded);
  configureLogger(config);
  Runtime.install({ logger: new DefaultLogger('WARN') }); // the demo's own lines, not the SDK's
  let devServer: DevServer | undefined;
  let uiUrl: string | undefined;

  if (await temporalAnswers(config.temporal.address)) {
    say(`Dùng máy chủ Temporal đang chạy tại ${config.temporal.address}.`);
  } else if (isLocal(config.temporal.address)) {
    const port = Number(config.temporal.address.split(':').at(-1));
    say(`Khởi động máy chủ Temporal (dev server) tại ${config.temporal.address}…`);
    devServer = await startDevServer({
      port,
      uiPort: config.uiPort,
      dbFilename: path.resolve(config.dataDir, 'temporal.db'),
    });
    uiUrl = devServer.uiUrl;
  } else {
    throw new Error(
      `Không kết nối được Temporal tại ${config.temporal.address}. Kiểm tra TEMPORAL_ADDRESS, TEMPORAL_API_KEY, TEMPORAL_TLS.`,
    );
  }

  const { db, connection, client } = await openStack(config, say);
  const adopted = await adoptUnregisteredRuns(db, client);
  if (adopted > 0) say(`Đã nhận ${adopted} hồ sơ đang chạy từ dữ liệu cũ làm hồ sơ của dondoc.`);
  // The server's signing keys, made on a first start, are the keys the worker trusts.
  loadSigner(config.server.signingKeysDir, { generate: !config.server.production });
  const { worker, close: closeWorker } = await createWorkerFromConfig(config, db, client);
  let workerStopped = false;
  const running = worker.run().finally(() => (workerStopped = true)); // stops on Ctrl-C (SIGINT) or SIGTERM
  const server = await startServer({ config, db, client, mailbox });
  say(`Máy chủ dondoc (đăng nhập, API /api/v1): ${server.url}`);
  if (!mailbox) say('Thư được gửi qua SMTP_URL; không có hộp thư thử nghiệm.');

  try {
    say('Nhấn Ctrl-C để dừng bất cứ lúc nào; chạy lại npm start sẽ tiếp tục từ chỗ đã dừng.');
    await runCampaignDemo({
      client,
      db,
      server: server.localUrl,
      uiUrl,
      links: { portal: server.url, mailbox: mailbox && `${server.url}/dev/mailbox` },
      say,
      stopped: running.then(() => undefined),
    });
    if (!workerStopped)
      say(
        uiUrl
          ? `Temporal Web UI: ${uiUrl} — worker vẫn chạy; nhấn Ctrl-C để dừng.`
          : 'Worker vẫn chạy; nhấn Ctrl-C để dừng.',
      );
  } catch (error) {
    worker.shutdown();
    throw error;
  } finally {
    await running;
    say('Đang dừng…');
    await server.app.close();
    await closeWorker();
    await db.$disconnect();
    await mailbox?.stop();
    await devServer?.stop().catch(() => undefined);
    say('Đã dừng.');
    // The client connection is left to the exit: a demo call abandoned at Ctrl-C may still be
    // retrying on it, and closing it under that call would crash instead of exiting cleanly.
    void connection;
  }
}

runCommand(main);

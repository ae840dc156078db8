import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../prisma/database';
import { buildDashboard } from './dashboard';

// The dashboard thread (dashboard-thread.ts): opens the server's database once, then builds each
// dashboard asked for and sends it back, or the error's message.

const { databaseUrl } = workerData as { databaseUrl: string };
const opened = openDatabase(databaseUrl);

parentPort!.on('message', (job: { id: number; campaignId: string; at: Date }) => {
  void (async () => {
    try {
      const dashboard = await buildDashboard(await opened, job.campaignId, job.at);
      parentPort!.postMessage({ id: job.id, dashboard });
    } catch (error) {
      parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
    }
  })();
});

import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../prisma/database';
import { lowerThisThreadPriority } from '../shared/thread-priority';
import { buildDashboard } from './dashboard';

// The dashboard thread (dashboard-thread.ts): opens the server's database once, then builds each
// dashboard asked for and sends it back, or the error's message.

// On a busy machine the server's requests are served first; the rebuild takes the CPU they leave.
lowerThisThreadPriority();
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

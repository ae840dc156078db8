import { setTimeout as sleep } from 'node:timers/promises';
import type { CampaignDefinition } from '../client/campaign-definition';
import { launchCampaign } from '../server/launch-campaign';
import { campaignWorkflowId } from '../domain/campaign-input';
import { defaultPolicy } from '../domain/policy';
import { createBenchWorld, pool, processMemoryMiB, timed, type BenchWorld } from './support';

// Launch of N agencies vs. starting N no-op workflows with the same client concurrency, on the same
// server in the same run. Also: worker memory with N agency workflows open, and the largest history.
// Usage: node --import tsx bench/launch.ts [N ...] [--cache maxCachedWorkflows]   (default 1000 10000)

const CONCURRENCY = 32;
const REVIEWER = 'Sở Thẩm định (bench)';
const SERVICE_CENTER = 'Trung tâm Điều hành (bench)';

function roster(n: number, id: string): CampaignDefinition {
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  return {
    id,
    directive: { number: '100/UBND-BENCH', date: '2024-02-07', title: 'Benchmark' },
    deadlines: { submission: inDays(30), approval: inDays(40) },
    calendar: 'vietnam',
    policy: defaultPolicy(),
    reviewer: { name: REVIEWER, email: 'stttt@bench.example' },
    approver: { name: 'Chủ tịch UBND tỉnh' },
    serviceCenter: { name: SERVICE_CENTER },
    agencies: Array.from({ length: n }, (_, i) => ({
      code: `xa-${String(i).padStart(5, '0')}`,
      name: `UBND xã số ${i}`,
      kind: 'commune' as const,
      email: `xa-${i}@bench.example`,
      stage: 'assigned' as const,
    })),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Until every agency workflow of the campaign has run its first task and recorded its assignment. */
async function drained(world: BenchWorld, campaignId: string, n: number): Promise<void> {
  while ((await world.db.assignment.count({ where: { campaignId } })) < n) await sleep(250);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const cacheAt = args.indexOf('--cache');
  const cache = cacheAt >= 0 ? Number(args.splice(cacheAt, 2)[1]) : undefined;
  const sizes = args.map(Number).filter((n) => n > 0);
  const world = await createBenchWorld({ maxCachedWorkflows: cache });
  try {
    const atStart = processMemoryMiB(world.workerPid); // worker up, nothing open
    for (const n of sizes.length > 0 ? sizes : [1_000, 10_000]) {
      // Short runs are noisy on a shared 2-core machine: alternate baseline and launch, take medians.
      const rounds = n <= 2_000 ? 3 : 1;
      const noopMs: number[] = [];
      const launchMs: number[] = [];
      let id = '';
      for (let round = 0; round < rounds; round++) {
        noopMs.push(
          (
            await timed(() =>
              pool(n, CONCURRENCY, (i) =>
                world.client.workflow.start('noopWorkflow', {
                  taskQueue: world.taskQueue,
                  workflowId: `noop-${n}-${round}-${i}`,
                }),
              ),
            )
          ).ms,
        );
        id = `bench-${n}-${round}-${Date.now()}`;
        const campaign = roster(n, id);
        launchMs.push(
          (
            await timed(() =>
              launchCampaign({
                client: world.client,
                db: world.db,
                taskQueue: world.taskQueue,
                definition: campaign,
                concurrency: CONCURRENCY,
              }),
            )
          ).ms,
        );
        if (round < rounds - 1) await drained(world, id, n);
      }
      const noop = { ms: median(noopMs) };
      const launch = { ms: median(launchMs) };
      // Every agency workflow has run its first task and recorded its assignment.
      const settle = await timed(() => drained(world, id, n));
      const worker = processMemoryMiB(world.workerPid);
      const campaignEvents = (await world.client.workflow.getHandle(campaignWorkflowId(id)).describe()).historyLength;
      const agencyEvents = (await world.client.workflow.getHandle(`campaign:${id}:agency:xa-00000`).describe())
        .historyLength;
      console.log(
        [
          `agencies: ${n}`,
          `  no-op starts:         ${(noop.ms / 1000).toFixed(2)} s${rounds > 1 ? ` (median of ${noopMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')})` : ''}`,
          `  launch:               ${(launch.ms / 1000).toFixed(2)} s${rounds > 1 ? ` (median of ${launchMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')})` : ''}  (ratio ${(launch.ms / noop.ms).toFixed(2)}x, goal <= 1.25x)`,
          `  all assignments recorded after the last launch: +${(settle.ms / 1000).toFixed(2)} s (${(n / ((launch.ms + settle.ms) / 1000)).toFixed(1)} agencies/s end to end)`,
          `  worker RSS (own process, prebuilt bundle, ${n} agency workflows open, cache ${cache ?? 'default'}): ${worker.rss.toFixed(0)} MiB, peak ${worker.peak.toFixed(0)} MiB (goal <= 1024); at start ${atStart.rss.toFixed(0)} MiB`,
          `  history events: campaign workflow ${campaignEvents}, one agency ${agencyEvents}`,
        ].join('\n'),
      );
      for (let round = 0; round < rounds; round++) {
        await pool(n, CONCURRENCY, (i) =>
          world.client.workflow
            .getHandle(`noop-${n}-${round}-${i}`)
            .terminate()
            .catch(() => undefined),
        );
      }
    }
  } finally {
    await world.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startDevServer } from '../ops/temporal-dev-server';
import { freePort } from '../test/support/free-port';
import { floorDoneSignal, localActivitiesUpdate } from './local-activity-floor-workflow';
import { percentile, printBenchLine, type BenchFigure } from './support';

// What a local activity adds to an Update's round trip in the Temporal SDK alone: a plain worker (no
// dondoc interceptors, converter or database) whose Update runs 0, 1, 2 or 4 empty local activities,
// interleaved so load falls on each alike. The floor under a submit, which records its transition in
// one local activity before it answers.
// Usage: node --import tsx bench/local-activity-floor.ts [samples]   (default 160 of each)
// DONDOC_BENCH_TEMPORAL_ADDRESS names a running Temporal server instead of a dev server of its own.

const COUNTS = [0, 1, 2, 4];

async function main(): Promise<void> {
  const samples = Number(process.argv[2] ?? 160);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const external = process.env.DONDOC_BENCH_TEMPORAL_ADDRESS;
  const server = external
    ? { address: external, stop: async () => undefined }
    : await startDevServer({ port: await freePort() });
  const taskQueue = `la-floor-${Date.now()}`;
  try {
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./local-activity-floor-workflow'),
      logger: new DefaultLogger('WARN'),
    });
    const worker = await Worker.create({
      connection: await NativeConnection.connect({ address: server.address }),
      taskQueue,
      workflowBundle,
      activities: { nothing: async () => undefined },
    });
    const running = worker.run();
    const connection = await Connection.connect({ address: server.address });
    const handle = await new Client({ connection }).workflow.start('localActivityFloorWorkflow', {
      taskQueue,
      workflowId: taskQueue,
    });
    const times = new Map<number, number[]>(COUNTS.map((count) => [count, []]));
    const warmUp = 10;
    for (let i = 0; i < samples + warmUp; i++)
      for (const count of COUNTS) {
        const start = performance.now();
        await handle.executeUpdate(localActivitiesUpdate, { args: [count] });
        if (i >= warmUp) times.get(count)!.push(performance.now() - start);
      }
    await handle.signal(floorDoneSignal);
    await connection.close();
    worker.shutdown();
    await running;

    const figures: BenchFigure[] = COUNTS.map((count) => {
      const values = times.get(count)!;
      const p50 = percentile(values, 50);
      const p95 = percentile(values, 95);
      return {
        figure: `Update round trip with ${count} empty local activit${count === 1 ? 'y' : 'ies'} (${values.length} samples)`,
        result: `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`,
        value: p95,
      };
    });
    const [none, one] = [times.get(0)!, times.get(1)!];
    const each = (percentile(times.get(4)!, 50) - percentile(none, 50)) / 4;
    figures.push({
      figure: 'one local activity over none, p95 ratio; each local activity adds at p50',
      result: `**${(percentile(one, 95) / percentile(none, 95)).toFixed(2)}×**; ${each.toFixed(1)} ms`,
      value: percentile(one, 95) / percentile(none, 95),
    });
    for (const figure of figures) console.log(`  ${figure.figure}: ${figure.result}`);
    printBenchLine(
      'local-activity-floor',
      process.argv.slice(2),
      figures,
      external ? `Temporal server at ${external}, plain SDK worker` : 'dev server, plain SDK worker',
    );
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

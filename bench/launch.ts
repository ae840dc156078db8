import { launchCampaign } from '../server/launch/launch-campaign';
import { agencyWorkflowId } from '../temporal/workflow-ids';
import { campaignWorkflowId } from '../domain/campaign-input';
import { cpuText, cpuTime } from './cpu-time';
import { profiledPhase } from './phase-profile';
import { assignmentsRecorded, CONCURRENCY, noticesSettled, roster, startMatchedNoops } from './launch-roster';
import {
  createBenchWorld,
  until,
  formatSpread,
  loadAverageText,
  printBenchLine,
  processMemoryMiB,
  spread,
  timed,
  type BenchFigure,
  type BenchWorld,
} from './support';

// Launch of N agencies vs. N matched no-op workflows (same input, search attributes and summary; one
// workflow task with one local activity), with the same client concurrency, on the same server in
// the same run, for several rounds that alternate which goes first. Every phase is drained before the next starts, so
// neither's tail is counted in the other. Also: worker memory with an exactly counted number of open
// workflows, and the largest histories.
// Usage: node --import tsx bench/launch.ts [N ...] [--rounds R] [--cache maxCachedWorkflows]   (default 1000 10000, 3 rounds)
// DONDOC_BENCH_PROFILE_DIR=/tmp/prof writes a CPU profile of this process for each launch and each no-op phase.

const visibilityCount = (world: BenchWorld, query: string) =>
  world.client.workflow.count(query).then((result) => result.count);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args.splice(at, 2)[1]) : undefined;
  };
  const cache = option('--cache');
  const rounds = option('--rounds') ?? 3;
  const sizes = args.map(Number).filter((n) => n > 0);
  const world = await createBenchWorld({ maxCachedWorkflows: cache });
  const figures: BenchFigure[] = [];
  try {
    const atStart = processMemoryMiB(world.workerPid); // worker up, nothing open
    for (const n of sizes.length > 0 ? sizes : [1_000, 10_000]) {
      const noopStart: number[] = [];
      const noopEnd: number[] = [];
      const launch: number[] = [];
      const register: number[] = [];
      const beforeStarts: number[] = [];
      let id = '';
      const labels = { [process.pid]: 'bench', ...Object.fromEntries(world.workerPids.map((pid) => [pid, 'worker'])) };
      for (let round = 0; round < rounds; round++) {
        const noopCampaign = roster(n, `noop-${n}-${round}-${Date.now()}`);
        const noopRound = async () => {
          const phase = await timed(async () => {
            const cpu = cpuTime(labels);
            noopStart.push(
              (await timed(() => profiledPhase(`noops-${n}-${round}`, () => startMatchedNoops(world, noopCampaign))))
                .ms,
            );
            console.log(`    CPU during the matched no-op starts: ${cpuText(cpu.stop())}`);
            await until(async () => {
              const query = `Campaign = "${noopCampaign.id}" AND ExecutionStatus = "Completed"`;
              return (await visibilityCount(world, query)) >= n;
            });
          });
          noopEnd.push(phase.ms);
        };
        id = `bench-${n}-${round}-${Date.now()}`;
        const campaign = roster(n, id);
        const launchRound = async () => {
          const phase = await timed(async () => {
            const launchedAt = performance.now();
            let firstStarted: number | undefined;
            const cpu = cpuTime(labels);
            launch.push(
              (
                await timed(() =>
                  profiledPhase(`launch-${n}-${round}`, () =>
                    launchCampaign({
                      client: world.client,
                      db: world.db,
                      taskQueue: world.taskQueue,
                      definition: campaign,
                      concurrency: CONCURRENCY,
                      onProgress: () => void (firstStarted ??= performance.now()),
                    }),
                  ),
                )
              ).ms,
            );
            console.log(`    CPU during the launch: ${cpuText(cpu.stop())}`);
            // The launch's own writes before its first agency starts (the campaign row, its people, the first chunk).
            beforeStarts.push((firstStarted ?? performance.now()) - launchedAt);
            await until(assignmentsRecorded(world, id, n));
          });
          register.push(phase.ms);
          await until(noticesSettled(world, id, n)); // drained before the next phase
        };
        // Rounds alternate which goes first, so neither always meets the server fresher.
        const launchFirst = round % 2 === 1;
        for (const phase of launchFirst ? [launchRound, noopRound] : [noopRound, launchRound]) await phase();
        console.log(
          `  round ${round + 1}/${rounds} at ${n} (${launchFirst ? 'launch' : 'no-ops'} first): matched no-op starts ${(noopStart.at(-1)! / 1000).toFixed(2)} s, all completed ${(noopEnd.at(-1)! / 1000).toFixed(2)} s; ` +
            `launch ${(launch.at(-1)! / 1000).toFixed(2)} s, all registered ${(register.at(-1)! / 1000).toFixed(2)} s (${loadAverageText()})`,
        );
      }
      const launchRatios = launch.map((ms, i) => ms / noopStart[i]!);
      const registerRatios = register.map((ms, i) => ms / noopEnd[i]!);
      const rates = register.map((ms) => n / (ms / 1000));
      // Rounds in both orders summed: the order's own effect (the later phase meets a fuller server) cancels out.
      const total = (values: number[]) => values.reduce((sum, v) => sum + v, 0);
      const launchBothOrders = total(launch) / total(noopStart);
      const registerBothOrders = total(register) / total(noopEnd);
      const launchRatio = spread(launchRatios);
      const registerRatio = spread(registerRatios);
      const rate = spread(rates);

      // Exactly what is open while memory is read: every round's agencies and campaign workflows
      // (the matched no-ops completed), counted by the server, not estimated.
      const worker = processMemoryMiB(world.workerPid);
      const openAgencies = await visibilityCount(
        world,
        `ExecutionStatus = "Running" AND WorkflowType = "agencyWorkflow"`,
      );
      const openTotal = await visibilityCount(world, `ExecutionStatus = "Running"`);
      const campaignEvents = (await world.client.workflow.getHandle(campaignWorkflowId(id)).describe()).historyLength;
      const agencyEvents = (await world.client.workflow.getHandle(agencyWorkflowId(id, 'xa-00000')).describe())
        .historyLength;
      const ms = (values: number[]) => formatSpread(spread(values.map((v) => v / 1000)), 2, ' s');
      console.log(
        [
          `agencies: ${n}, ${rounds} rounds (median, min, max), ${loadAverageText()}`,
          `  matched no-op starts:      ${ms(noopStart)}`,
          `  launch:                    ${ms(launch)}`,
          `  launch / no-op starts:     ${formatSpread(launchRatio, 2, '×')} (goal <= 1.10x)`,
          `    all rounds summed (both orders): ${launchBothOrders.toFixed(2)}×`,
          `    until the first agency started: ${ms(beforeStarts)}`,
          `  matched no-ops completed:  ${ms(noopEnd)}`,
          `  agencies registered:       ${ms(register)}  (launch start to the last assignment recorded)`,
          `  registration / no-op:      ${formatSpread(registerRatio, 2, '×')} (goal <= 1.2x)`,
          `    all rounds summed (both orders): ${registerBothOrders.toFixed(2)}×`,
          `  registration rate:         ${formatSpread(rate, 1)} agencies/s (goal >= 60)`,
          `  worker RSS (own process, prebuilt bundle, cache ${cache ?? 'default'}): ${worker.rss.toFixed(0)} MiB, peak ${worker.peak.toFixed(0)} MiB; at start ${atStart.rss.toFixed(0)} MiB`,
          `    open while measured: ${openAgencies} agency workflows, ${openTotal} workflows in all (server's count)`,
          `  history events: campaign workflow ${campaignEvents}, one agency ${agencyEvents}`,
        ].join('\n'),
      );
      const at = `${n.toLocaleString('en')} agencies`;
      figures.push(
        {
          figure: `launch ${at} vs ${n.toLocaleString('en')} matched no-op starts (${CONCURRENCY} concurrent, ${rounds} rounds)`,
          result: `${(spread(launch).median / 1000).toFixed(2)} s vs ${(spread(noopStart).median / 1000).toFixed(2)} s; ratio **${launchRatio.median.toFixed(2)}×** (${launchRatio.min.toFixed(2)}–${launchRatio.max.toFixed(2)}); rounds summed ${launchBothOrders.toFixed(2)}×`,
          value: launchRatio.median,
          goal: '≤ 1.10×',
          met: launchRatio.median <= 1.1,
          rounds: launchRatios,
        },
        {
          figure: `${at} registered end to end vs matched no-ops completed`,
          result: `${(spread(register).median / 1000).toFixed(1)} s vs ${(spread(noopEnd).median / 1000).toFixed(1)} s; ratio **${registerRatio.median.toFixed(2)}×** (${registerRatio.min.toFixed(2)}–${registerRatio.max.toFixed(2)}); rounds summed ${registerBothOrders.toFixed(2)}×`,
          value: registerRatio.median,
          goal: '≤ 1.2×',
          met: registerRatio.median <= 1.2,
          rounds: registerRatios,
        },
        {
          figure: `registration rate, ${at}`,
          result: `**${rate.median.toFixed(1)} agencies/s** (${rate.min.toFixed(1)}–${rate.max.toFixed(1)})`,
          value: rate.median,
          goal: '≥ 60/s',
          met: rate.median >= 60,
          rounds: rates,
        },
        {
          figure: `worker RSS, cache ${cache ?? 50}, ${openAgencies.toLocaleString('en')} agency workflows open (${openTotal.toLocaleString('en')} in all)`,
          result: `**${worker.rss.toFixed(0)} MiB**, peak ${worker.peak.toFixed(0)} MiB; ${atStart.rss.toFixed(0)} MiB at start`,
          value: worker.rss,
        },
        {
          figure: `history events, campaign workflow after launching ${at}`,
          result: `**${campaignEvents}**`,
          value: campaignEvents,
        },
      );
    }
  } finally {
    await world.close();
  }
  printBenchLine('launch', process.argv.slice(2), figures);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { setTimeout as sleep } from 'node:timers/promises';
import { startAgencyWorkflow } from '../server/launch/start-agency';
import { acceptListUpdate, returnListUpdate, submitListUpdate } from '../workflows/agency/messages';
import {
  BENCH_DIRECTIVE,
  BENCH_LIST,
  BENCH_REVIEWER,
  BENCH_SERVICE_CENTER,
  createBenchCampaign,
  startBenchAgency,
  timedSubmit,
} from './agency-fixture';
import { finishSignal, pingUpdate } from './noop-workflow';
import {
  createBenchWorld,
  formatSpread,
  loadAverageText,
  percentile,
  printBenchLine,
  spread,
  type BenchFigure,
} from './support';

// Action latency: an agency submits → the reviewer's notification is recorded in the outbox,
// against a bare Update round trip on a no-op workflow, on the same server in the same run.
// Also the history size of one agency through two returns.
// Usage: node --import tsx bench/latency.ts [samples]   (default 200, in 3 alternating rounds)

const ROUNDS = 3;

async function main(): Promise<void> {
  const samples = Number(process.argv[2] ?? 200);
  const world = await createBenchWorld();
  const figures: BenchFigure[] = [];
  const campaignId = `latency-${Date.now()}`;
  try {
    await createBenchCampaign(world, campaignId);
    const noop = await world.client.workflow.start('noopWorkflow', {
      taskQueue: world.taskQueue,
      workflowId: `${campaignId}-noop`,
    });
    let agencies = 0;
    /** One agency, started and assigned, then its list submitted: ms until the reviewer's notice is stored. */
    const submitOnce = async (): Promise<number> =>
      timedSubmit(world, await startBenchAgency(world, campaignId, agencies++));
    const bareOnce = async (i: number): Promise<number> => {
      const start = performance.now();
      await noop.executeUpdate(pingUpdate, { args: [i] });
      return performance.now() - start;
    };

    // Warm-up, not measured: the no-op workflow in the worker's cache, connections and the query
    // plans of both paths compiled, so neither side pays a first-call cost the other does not.
    const warmUp = Math.max(10, Math.ceil(samples / 10));
    for (let i = 0; i < warmUp; i++) await bareOnce(i);
    for (let i = 0; i < Math.ceil(warmUp / 2); i++) await submitOnce();

    // Rounds alternate the two, so a burst of load on the shared machine falls on both.
    const bare: number[] = [];
    const action: number[] = [];
    const roundRatios: number[] = [];
    const perRound = Math.max(1, Math.ceil(samples / ROUNDS));
    for (let round = 0; round < ROUNDS; round++) {
      const roundBare: number[] = [];
      const roundAction: number[] = [];
      for (let i = 0; i < perRound; i++) roundBare.push(await bareOnce(i));
      for (let i = 0; i < perRound; i++) roundAction.push(await submitOnce());
      bare.push(...roundBare);
      action.push(...roundAction);
      roundRatios.push(percentile(roundAction, 95) / percentile(roundBare, 95));
      console.log(
        `  round ${round + 1}/${ROUNDS}: bare p95 ${percentile(roundBare, 95).toFixed(1)} ms, submit p95 ${percentile(roundAction, 95).toFixed(1)} ms, ratio ${roundRatios.at(-1)!.toFixed(2)}× (${loadAverageText()})`,
      );
    }
    await noop.signal(finishSignal);

    // One agency through two returns, for its history size.
    const { workflowId } = await startAgencyWorkflow(world.client, world.db, world.taskQueue, {
      campaignId,
      agency: { code: 'two-returns', name: 'Sở Nội vụ', kind: 'department', email: 'snv@bench.example' },
      directive: BENCH_DIRECTIVE,
      reviewer: BENCH_REVIEWER,
      serviceCenter: BENCH_SERVICE_CENTER,
      contacts: { reviewerEmail: 'stttt@bench.example', serviceCenterEmail: 'ttpv@bench.example' },
      submissionDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    const handle = world.client.workflow.getHandle(workflowId);
    for (let round = 0; round < 2; round++) {
      await handle.executeUpdate(submitListUpdate, { args: [{ list: BENCH_LIST }] });
      await handle.executeUpdate(returnListUpdate, {
        args: [{ reasons: { overall: 'Chưa đạt' } }],
      });
    }
    await handle.executeUpdate(submitListUpdate, { args: [{ list: BENCH_LIST }] });
    await handle.executeUpdate(acceptListUpdate, { args: [{}] });
    await sleep(2_000); // background notifications settle
    const events = (await handle.describe()).historyLength;

    const p = (values: number[], q: number) => percentile(values, q).toFixed(1);
    const ratio = spread(roundRatios);
    console.log(
      [
        `samples: ${bare.length} of each in ${ROUNDS} rounds, after ${warmUp} warm-up Updates; ${loadAverageText()}`,
        `  bare Update round trip:                 p50 ${p(bare, 50)} ms, p95 ${p(bare, 95)} ms`,
        `  submit -> reviewer notification stored: p50 ${p(action, 50)} ms, p95 ${p(action, 95)} ms`,
        `  p95 ratio per round: ${formatSpread(ratio, 2, '×')} (goal <= 2x)`,
        `history events, one agency through two returns and acceptance: ${events} (goal <= 150)`,
      ].join('\n'),
    );
    figures.push(
      {
        figure: `submit → reviewer's notification stored, vs a warmed bare Update round trip (${bare.length} samples each, ${ROUNDS} rounds)`,
        result: `p50 ${p(action, 50)} ms, p95 ${p(action, 95)} ms vs p95 ${p(bare, 95)} ms; p95 ratio **${ratio.median.toFixed(2)}×** (rounds ${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})`,
        value: ratio.median,
        goal: 'p95 ≤ 2×',
        met: ratio.median <= 2,
        rounds: roundRatios,
      },
      {
        figure: 'history events, one agency through two returns and acceptance',
        result: `**${events}**`,
        value: events,
        goal: '≤ 150',
        met: events <= 150,
      },
    );
  } finally {
    await world.close();
  }
  printBenchLine('latency', process.argv.slice(2), figures);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

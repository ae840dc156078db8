import { setTimeout as sleep } from 'node:timers/promises';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';

const { EventType } = temporal.api.enums.v1;
import { launchCampaign } from '../server/launch/launch-campaign';
import { agencyWorkflowId } from '../temporal/workflow-ids';
import { campaignWorkflowId } from '../domain/campaign-input';
import { acceptListUpdate, submitListUpdate } from '../workflows/agency/messages';
import { campaignEventSignal, campaignStateQuery } from '../workflows/campaign/messages';
import { BENCH_LIST } from './agency-fixture';
import { startBenchServer, type BenchServer } from './bench-server';
import { assignmentsRecorded, CONCURRENCY, noticesSettled, roster, startMatchedNoops } from './launch-roster';
import {
  createBenchWorld,
  until,
  formatSpread,
  loadAverageText,
  percentile,
  pool,
  printBenchLine,
  spread,
  timed,
  type BenchFigure,
  type BenchWorld,
} from './support';

// A consolidation's fan-out to every agency against the same number of signals to matched no-op
// workflows, on the same server in the same run. Each round launches a campaign of N agencies, has
// every agency submit its list and the reviewer accept it (Updates sent straight to Temporal with a
// proof; not timed), and starts N no-op workflows with the agencies' input that wait for the
// campaign's signal and complete on it. Then, in alternating order:
// - the reviewer's POST …/consolidate through the HTTP API, with /readyz polled every 50 ms, timed
//   until every agency has the signal (the campaign workflow's last signalAgencyPage activity that
//   signalled agencies completed, after its last signal was accepted: the server's time of that
//   event), until the campaign's state says all were told, and until every agency recorded it;
// - the same signals to the no-ops from the bench process, pages of 500, 32 in flight, each on the
//   run it started, timed until the last signal is accepted and until every no-op completed.
// The goal's figure is "every agency has the signal" against the no-ops' last signal accepted.
// DONDOC_BENCH_TIMELINE=1 prints the campaign workflow's events from the consolidation on.
// Usage: node --import tsx bench/consolidation-fan-out.ts [agencies] [--rounds R]   (default 10000, 1 round)

const TELL_PAGE = 500; // as the campaign workflow pages its telling
const READYZ_EVERY_MS = 50;
const STATE_EVERY_MS = 200;

interface FanOut {
  answerMs: number;
  /** Until the Update was accepted, and completed, in the campaign's history. */
  acceptedMs: number;
  updateDoneMs: number;
  /** Until every agency has the signal: the last signalAgencyPage activity completed. */
  signalledMs: number;
  /** Until the campaign's state says every agency was told. */
  toldMs: number;
  /** Until every agency recorded its stage 'consolidated' (its own work on the signal done). */
  recordedMs: number;
  readyz: number[];
  /** Wall time of the campaign workflow's signalAgencyPage activities, scheduled to completed. */
  pageActivitiesMs: number;
  pages: number;
}

/** Polls /readyz every 50 ms until stopped; each answer's time. */
function pollReadyz(server: BenchServer): { stop(): Promise<number[]> } {
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const { ms, value } = await timed(() => fetch(`${server.base}/readyz`));
      await value.arrayBuffer();
      if (!value.ok) throw new Error(`/readyz answered ${value.status}`);
      times.push(ms);
      await sleep(Math.max(0, READYZ_EVERY_MS - ms));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return times;
    },
  };
}

/** A campaign of n agencies, each with its list accepted, ready to consolidate. */
async function acceptedCampaign(world: BenchWorld, n: number, id: string): Promise<void> {
  await launchCampaign({
    client: world.client,
    db: world.db,
    taskQueue: world.taskQueue,
    definition: roster(n, id),
    concurrency: CONCURRENCY,
  });
  await until(assignmentsRecorded(world, id, n));
  await until(noticesSettled(world, id, n));
  const agency = (i: number) =>
    world.client.workflow.getHandle(agencyWorkflowId(id, `xa-${String(i).padStart(5, '0')}`));
  await pool(n, CONCURRENCY, (i) => agency(i).executeUpdate(submitListUpdate, { args: [{ list: BENCH_LIST }] }));
  await pool(n, CONCURRENCY, (i) => agency(i).executeUpdate(acceptListUpdate, { args: [{}] }));
  await until(() => world.db.assignment.count({ where: { campaignId: id, stage: 'accepted' } }).then((c) => c >= n));
  await until(() => world.db.notification.count({ where: { campaignId: id, status: 'pending' } }).then((c) => c === 0));
}

interface Timeline {
  /** The server's times (epoch ms) of the consolidate Update's acceptance and completion. */
  accepted: number;
  updateDone: number;
  /** The completion (epoch ms) of the last signalAgencyPage activity that signalled agencies. */
  lastPage: number;
  /** The signalAgencyPage activities: their number and summed time, scheduled to completed. */
  pages: number;
  pagesMs: number;
}

/** The consolidation in the campaign workflow's history, by the server's clock. */
async function timeline(world: BenchWorld, campaignId: string): Promise<Timeline> {
  const history = await world.client.workflow.getHandle(campaignWorkflowId(campaignId)).fetchHistory();
  const scheduled = new Map<string, number>();
  let pagesMs = 0;
  let pages = 0;
  let lastPage = 0;
  const timeOf = (found?: { eventTime?: Parameters<typeof tsToMs>[0] }) => tsToMs(found?.eventTime);
  const origin = timeOf(history.events?.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes));
  const updateDone = timeOf(history.events?.find((e) => e.workflowExecutionUpdateCompletedEventAttributes));
  for (const event of history.events ?? []) {
    const at = tsToMs(event.eventTime);
    if (process.env.DONDOC_BENCH_TIMELINE && at >= origin)
      console.log(
        `      +${(at - origin).toFixed(0)} ms ${EventType[event.eventType ?? 0]} ${event.activityTaskScheduledEventAttributes?.activityType?.name ?? ''}`,
      );
    const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (name === 'signalAgencyPage') scheduled.set(String(event.eventId), at);
    const completed = event.activityTaskCompletedEventAttributes;
    const from = scheduled.get(String(completed?.scheduledEventId ?? ''));
    if (from !== undefined) {
      pagesMs += at - from;
      pages++;
      // The last page that signalled anyone: a roster of whole pages ends with an empty one.
      const data = completed?.result?.payloads?.[0]?.data;
      const result = data ? (JSON.parse(Buffer.from(data).toString()) as { signalled: number }) : undefined;
      if ((result?.signalled ?? 0) > 0) lastPage = at;
    }
  }
  return { accepted: origin, updateDone, lastPage, pages, pagesMs };
}

async function consolidate(world: BenchWorld, server: BenchServer, campaignId: string, n: number): Promise<FanOut> {
  const reviewerToken = await server.tokenFor('stttt@bench.example');
  const campaign = world.client.workflow.getHandle(campaignWorkflowId(campaignId));
  const readyz = pollReadyz(server);
  const epoch = Date.now();
  const start = performance.now();
  const answer = await server.post(`/api/v1/campaigns/${campaignId}/consolidate`, {}, reviewerToken);
  const answerMs = performance.now() - start;
  if (answer.status !== 200) throw new Error(`consolidate: ${answer.status} ${await answer.text()}`);
  await until(async () => {
    const { telling } = await campaign.query(campaignStateQuery);
    if (telling?.done && telling.told < n) throw new Error(`told ${telling.told} of ${n} agencies`);
    return telling?.done === true;
  }, STATE_EVERY_MS);
  const toldMs = performance.now() - start;
  await until(() =>
    world.db.assignment.count({ where: { campaignId, stage: 'consolidated' } }).then((count) => count >= n),
  );
  const recordedMs = performance.now() - start;
  const line = await timeline(world, campaignId);
  return {
    answerMs,
    acceptedMs: line.accepted - epoch,
    updateDoneMs: line.updateDone - epoch,
    signalledMs: line.lastPage - epoch,
    toldMs,
    recordedMs,
    readyz: await readyz.stop(),
    pageActivitiesMs: line.pagesMs,
    pages: line.pages,
  };
}

/** The same signals to the no-op workflows: pages of 500, 32 in flight, each on the run it started. */
async function signalNoops(
  world: BenchWorld,
  campaignId: string,
  runs: { workflowId: string; runId: string }[],
): Promise<{ signalledMs: number; completedMs: number }> {
  const event = { type: 'consolidated' as const, by: 'bench', at: new Date().toISOString() };
  const start = performance.now();
  const { ms: signalledMs } = await timed(async () => {
    for (let page = 0; page < runs.length; page += TELL_PAGE) {
      const targets = runs.slice(page, page + TELL_PAGE);
      for (let next = 0; next < targets.length; next += CONCURRENCY) {
        await Promise.all(
          targets
            .slice(next, next + CONCURRENCY)
            .map(({ workflowId, runId }) =>
              world.client.workflow.getHandle(workflowId, runId).signal(campaignEventSignal, event),
            ),
        );
      }
    }
  });
  const query = `Campaign = "${campaignId}" AND ExecutionStatus = "Completed"`;
  await until(() => world.client.workflow.count(query).then(({ count }) => count >= runs.length));
  return { signalledMs, completedMs: performance.now() - start };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--rounds');
  const rounds = at >= 0 ? Number(args.splice(at, 2)[1]) : 1;
  const n = Number(args[0] ?? 10_000);
  const world = await createBenchWorld();
  const server = await startBenchServer(world);
  const results: (FanOut & { noopMs: number; noopCompletedMs: number })[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const id = `fan-out-${n}-${round}-${Date.now()}`;
      const setup = await timed(() => acceptedCampaign(world, n, id));
      const noops = roster(n, `listen-${id}`);
      await startMatchedNoops(world, noops, 'listeningNoopWorkflow');
      const runs = await Promise.all(
        noops.agencies.map(async ({ code }) => {
          const workflowId = agencyWorkflowId(noops.id, code);
          return { workflowId, runId: (await world.client.workflow.getHandle(workflowId).describe()).runId };
        }),
      );
      console.log(
        `  round ${round + 1}/${rounds}: ${n} agencies launched, submitted, accepted in ${(setup.ms / 1000).toFixed(0)} s; ${n} listening no-ops started (${loadAverageText()})`,
      );
      // Alternate which goes first, so a burst of load on the shared machine falls on both.
      let noop = { signalledMs: 0, completedMs: 0 };
      let fanOut: FanOut | undefined;
      for (const phase of round % 2 === 0 ? ['campaign', 'noop'] : ['noop', 'campaign']) {
        if (phase === 'noop') noop = await signalNoops(world, noops.id, runs);
        else fanOut = await consolidate(world, server, id, n);
      }
      results.push({ ...fanOut!, noopMs: noop.signalledMs, noopCompletedMs: noop.completedMs });
      const r = results.at(-1)!;
      const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      console.log(
        `    consolidate answered ${r.answerMs.toFixed(0)} ms (Update accepted ${r.acceptedMs.toFixed(0)} ms, completed ${r.updateDoneMs.toFixed(0)} ms); ` +
          `every agency has the signal ${sec(r.signalledMs)} (${r.pages} page activities, ${sec(r.pageActivitiesMs)}), state says told ${sec(r.toldMs)}, every agency recorded it ${sec(r.recordedMs)}; ` +
          `no-ops: signals accepted ${sec(r.noopMs)}, all completed ${sec(r.noopCompletedMs)}; ratio ${(r.signalledMs / r.noopMs).toFixed(2)}×; ` +
          `/readyz p50 ${percentile(r.readyz, 50).toFixed(1)} ms, p99 ${percentile(r.readyz, 99).toFixed(1)} ms (${r.readyz.length} polls) (${loadAverageText()})`,
      );
    }
  } finally {
    await server.close();
    await world.close();
  }

  const of = (pick: (r: (typeof results)[number]) => number) => results.map(pick);
  const median = (values: number[]) => spread(values).median;
  const seconds = (values: number[]) => formatSpread(spread(values.map((v) => v / 1000)), 2, ' s');
  const ratios = of((r) => r.signalledMs / r.noopMs);
  const ratio = spread(ratios);
  const recordedRatios = of((r) => r.recordedMs / r.noopCompletedMs);
  const recordedRatio = spread(recordedRatios);
  const answers = of((r) => r.answerMs);
  const readyz = results.flatMap((r) => r.readyz);
  const readyzP99 = percentile(readyz, 99);
  console.log(
    [
      `agencies: ${n}, ${rounds} round(s) (median, min, max), ${loadAverageText()}`,
      `  consolidate request answered:       ${formatSpread(spread(answers), 0, ' ms')} (goal <= 1 s)`,
      `    Update accepted / completed:      ${seconds(of((r) => r.acceptedMs))} / ${seconds(of((r) => r.updateDoneMs))}`,
      `  every agency has the signal:        ${seconds(of((r) => r.signalledMs))}`,
      `    signalAgencyPage activities:      ${seconds(of((r) => r.pageActivitiesMs))}`,
      `  same signals to no-ops accepted:    ${seconds(of((r) => r.noopMs))}`,
      `  has the signal / no-op:             ${formatSpread(ratio, 2, '×')} (goal <= 1.20x)`,
      `  campaign state says all told:       ${seconds(of((r) => r.toldMs))}`,
      `  every agency recorded it:           ${seconds(of((r) => r.recordedMs))}`,
      `  every no-op completed:              ${seconds(of((r) => r.noopCompletedMs))}`,
      `  recorded / no-ops completed:        ${formatSpread(recordedRatio, 2, '×')}`,
      `  /readyz during it:                  p50 ${percentile(readyz, 50).toFixed(1)} ms, p99 ${readyzP99.toFixed(1)} ms, ${readyz.length} polls (goal p99 <= 50 ms)`,
    ].join('\n'),
  );
  const agencies = `${n.toLocaleString('en')} agencies`;
  const s = (values: number[]) => `${(median(values) / 1000).toFixed(2)} s`;
  const figures: BenchFigure[] = [
    {
      figure: `consolidation fan-out, ${agencies}: request until every agency has the signal (last page activity completed) vs the same signals to matched no-ops accepted (pages of 500, 32 in flight, ${rounds} round(s))`,
      result: `${s(of((r) => r.signalledMs))} vs ${s(of((r) => r.noopMs))}; ratio **${ratio.median.toFixed(2)}×** (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}); ${results[0]?.pages ?? 0} page activities ${s(of((r) => r.pageActivitiesMs))}`,
      value: ratio.median,
      goal: '≤ 1.20×',
      met: ratio.median <= 1.2,
      rounds: ratios,
    },
    {
      figure: `consolidate request (POST …/consolidate) answered, ${agencies}`,
      result: `**${Math.max(...answers).toFixed(0)} ms** at most (median ${median(answers).toFixed(0)} ms); Update accepted ${s(of((r) => r.acceptedMs))}, completed ${s(of((r) => r.updateDoneMs))} after the request`,
      value: Math.max(...answers),
      goal: '≤ 1 s',
      met: Math.max(...answers) <= 1000,
      rounds: answers,
    },
    {
      figure: `/readyz every 50 ms from the consolidate request until every agency recorded it, ${agencies}`,
      result: `p50 ${percentile(readyz, 50).toFixed(1)} ms, p99 **${readyzP99.toFixed(1)} ms** (${readyz.length} polls)`,
      value: readyzP99,
      goal: 'p99 ≤ 50 ms',
      met: readyzP99 <= 50,
    },
    {
      figure: `every agency recorded the consolidation vs every matched no-op completed on its signal, ${agencies}`,
      result: `${s(of((r) => r.recordedMs))} vs ${s(of((r) => r.noopCompletedMs))}; ratio **${recordedRatio.median.toFixed(2)}×** (${recordedRatio.min.toFixed(2)}–${recordedRatio.max.toFixed(2)}); the campaign's state said all told at ${s(of((r) => r.toldMs))}`,
      value: recordedRatio.median,
      rounds: recordedRatios,
    },
  ];
  printBenchLine('consolidation-fan-out', process.argv.slice(2), figures);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

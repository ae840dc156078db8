import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { submitListUpdate } from '../workflows/agency/messages';
import { BENCH_LIST, createBenchCampaign, startBenchAgency, timedSubmit } from './agency-fixture';
import { finishSignal, pingUpdate } from './noop-workflow';
import {
  createBenchWorld,
  loadAverageText,
  percentile,
  printBenchLine,
  type BenchFigure,
  type BenchWorld,
} from './support';

// Where a submit's time goes, beside a bare Update: each round trip cut into phases by the times the
// server wrote on the workflow task's history events (same machine, same clock as this process).
//   server in     the client's call until the server scheduled the workflow task
//   dispatch      scheduled until a worker picked it up
//   worker        picked up until the worker completed it (activations; a submit's local activity)
//   server out    completed until the client had its result (the server storing the completion)
//   outbox read   (submit) the result until this process read the reviewer's notification row
// Usage: node --import tsx bench/submit-phases.ts [samples]   (default 60)

const EventType = temporal.api.enums.v1.EventType;
/** Wall-clock milliseconds with the sub-millisecond part the server's event times have. */
const now = () => performance.timeOrigin + performance.now();
type Event = temporal.api.history.v1.IHistoryEvent;

const PHASES = ['server in', 'dispatch', 'worker', 'server out', 'outbox read', 'total'] as const;
type Phase = (typeof PHASES)[number];
type Sample = Partial<Record<Phase, number>>;

const eventMs = (event: Event) =>
  Number(event.eventTime!.seconds) * 1000 + Math.round(Number(event.eventTime!.nanos ?? 0) / 1000) / 1000;

/** The workflow task events written after `after`, for one round trip sent at `sent` and answered at `answered`. */
async function phasesOf(world: BenchWorld, workflowId: string, after: number, sent: number, answered: number) {
  const { history } = await world.client.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId },
  });
  const events = (history?.events ?? []).filter((event) => Number(event.eventId) > after);
  const first = (type: temporal.api.enums.v1.EventType) => {
    const found = events.find((event) => event.eventType === type);
    if (!found) throw new Error(`${workflowId}: no ${EventType[type]} after event ${after}`);
    return eventMs(found);
  };
  const scheduled = first(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  const started = first(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const completed = first(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  return {
    'server in': scheduled - sent,
    dispatch: started - scheduled,
    worker: completed - started,
    'server out': answered - completed,
  };
}

async function bareOnce(world: BenchWorld, noop: WorkflowHandle, i: number): Promise<Sample> {
  const after = (await noop.describe()).historyLength;
  const sent = now();
  await noop.executeUpdate(pingUpdate, { args: [i] });
  const answered = now();
  return { ...(await phasesOf(world, noop.workflowId, after, sent, answered)), total: answered - sent };
}

async function submitOnce(world: BenchWorld, campaignId: string, i: number): Promise<Sample> {
  const agency = await startBenchAgency(world, campaignId, i);
  const handle = world.client.workflow.getHandle(agency.workflowId);
  const after = (await handle.describe()).historyLength;
  const sent = now();
  await handle.executeUpdate(submitListUpdate, { args: [{ list: BENCH_LIST }] });
  const answered = now();
  const stored = await world.db.notification.findFirst({
    where: { assignment: { workflowId: agency.workflowId }, kind: 'submission_received' },
    select: { id: true },
  });
  if (!stored) throw new Error(`${agency.workflowId}: the Update returned before its notification was stored`);
  const read = now();
  return {
    ...(await phasesOf(world, agency.workflowId, after, sent, answered)),
    'outbox read': read - answered,
    total: read - sent,
  };
}

async function main(): Promise<void> {
  const samples = Number(process.argv[2] ?? 60);
  const world = await createBenchWorld();
  const figures: BenchFigure[] = [];
  const campaignId = `phases-${now()}`;
  try {
    await createBenchCampaign(world, campaignId);
    const noop = await world.client.workflow.start('noopWorkflow', {
      taskQueue: world.taskQueue,
      workflowId: `${campaignId}-noop`,
    });
    // Warm-up, not measured (as latency.ts): the no-op cached, both paths' code and queries compiled.
    for (let i = 0; i < 10; i++) await bareOnce(world, noop, i);
    for (let i = 0; i < 5; i++) await timedSubmit(world, await startBenchAgency(world, campaignId, samples + i));

    const bare: Sample[] = [];
    const submit: Sample[] = [];
    for (let i = 0; i < samples; i++) {
      bare.push(await bareOnce(world, noop, i));
      submit.push(await submitOnce(world, campaignId, i));
    }
    await noop.signal(finishSignal);

    const at = (rows: Sample[], phase: Phase, p: number) =>
      percentile(
        rows.map((row) => row[phase] ?? 0),
        p,
      );
    console.log(`${samples} samples each, interleaved; ${loadAverageText()}`);
    console.log('phase          bare p50 / p95      submit p50 / p95');
    for (const phase of PHASES) {
      const cellOf = (rows: Sample[]) => `${at(rows, phase, 50).toFixed(1)} / ${at(rows, phase, 95).toFixed(1)} ms`;
      console.log(`${phase.padEnd(14)} ${cellOf(bare).padEnd(19)} ${cellOf(submit)}`);
      figures.push({
        figure: `${phase} of a first submit vs a bare Update (${samples} samples each), p50 / p95`,
        result: `${cellOf(submit)} vs ${cellOf(bare)}`,
        value: at(submit, phase, 95),
      });
    }
  } finally {
    await world.close();
  }
  printBenchLine('submit-phases', process.argv.slice(2), figures);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

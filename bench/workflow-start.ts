import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readHistory } from '../test/support/histories';
import { buildWorkflowBundle } from '../worker/bundle';
import { loadAverageText, printBenchLine, spread, type BenchFigure } from './support';

// What starting one workflow run costs the worker's workflow thread, without a server: the first
// workflow task of an agency (its registration, replayed from a recorded history) run N times in one
// reused V8 context, against the same start of an empty workflow (bench/empty-workflow.ts) in the
// same process. Every new run evaluates the modules its workflow imports again, so this is the
// figure that caps how many agencies a worker registers per second of CPU.
// Usage: node --import tsx bench/workflow-start.ts [runs]   (default 300, 3 alternating rounds)

const runs = Number(process.argv[2] ?? 300);
const ROUNDS = 3;

async function bundle(workflowsPath: string, dir: string): Promise<string> {
  const outFile = path.join(dir, `${path.basename(workflowsPath, '.ts')}.js`);
  await buildWorkflowBundle({ workflowsPath, outFile });
  return fs.readFileSync(outFile, 'utf8');
}

/** CPU milliseconds per run, and the process's RSS after, for `runs` starts replayed from `code`. */
async function replayStarts(code: string): Promise<{ cpuMs: number; rssMiB: number }> {
  const recorded = readHistory('agency-withdrawn.binpb');
  // Started, first task scheduled, first task started: the run's start and its first activation.
  const history = { ...recorded, events: recorded.events!.slice(0, 3) };
  async function* histories() {
    for (let i = 0; i < runs; i++) yield { workflowId: `start-${i}`, history };
  }
  const before = process.cpuUsage();
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code }, reuseV8Context: true }, histories()))
    if (result.error && !/not registered on worker/.test(String(result.error))) throw result.error;
  const cpu = process.cpuUsage(before);
  return { cpuMs: (cpu.user + cpu.system) / 1000 / runs, rssMiB: process.memoryUsage().rss / 2 ** 20 };
}

async function main() {
  // The replayed start stops where the agency schedules its first local activity; that is expected.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-workflow-start-'));
  const agency = await bundle(path.join(__dirname, '..', 'workflows', 'index.ts'), dir);
  const empty = await bundle(path.join(__dirname, 'empty-workflow.ts'), dir);
  const agencyMs: number[] = [];
  const emptyMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    emptyMs.push((await replayStarts(empty)).cpuMs);
    agencyMs.push((await replayStarts(agency)).cpuMs);
    console.log(
      `  round ${round + 1}/${ROUNDS}: agency ${agencyMs.at(-1)!.toFixed(2)} ms of CPU per run start, empty workflow ${emptyMs.at(-1)!.toFixed(2)} ms; ${loadAverageText()}`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const a = spread(agencyMs);
  const e = spread(emptyMs);
  const extra = agencyMs.map((ms, i) => ms - emptyMs[i]!);
  console.log(`Starting a workflow run, ${runs} runs × ${ROUNDS} rounds, one reused V8 context:`);
  console.log(`  agency workflow: ${a.median.toFixed(2)} ms of CPU per run (${a.min.toFixed(2)}–${a.max.toFixed(2)})`);
  console.log(`  empty workflow:  ${e.median.toFixed(2)} ms of CPU per run (${e.min.toFixed(2)}–${e.max.toFixed(2)})`);
  const figures: BenchFigure[] = [
    {
      figure: 'workflow run start, CPU (agency vs empty workflow)',
      result: `${a.median.toFixed(1)} ms vs ${e.median.toFixed(1)} ms per run; dondoc's own ${spread(extra).median.toFixed(1)} ms`,
      value: a.median,
      rounds: agencyMs,
    },
  ];
  printBenchLine('workflow-start', process.argv.slice(2), figures, 'no server: replayed starts in one worker process');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { campaignKey } from '../temporal/search-attributes';
import type { ReportWorkflowInput, ReportWorkflowResult } from '../workflows/report/workflow';
import { createBenchCampaign, startBenchAgency, timedSubmit } from './agency-fixture';
import { seedCampaign } from './report-seed';
import {
  createBenchWorld,
  formatSpread,
  loadAverageText,
  percentile,
  printBenchLine,
  spread,
  timed,
  type BenchFigure,
} from './support';

// Does a report over 10,000 agencies, running in the worker, stall the agencies? An agency's submit
// (→ the reviewer's notification stored, as latency.ts measures it) with no report running (A), and
// the same submits while the report workflow runs in the same worker (B), the way the daily schedule
// starts it; 3 alternating rounds in one run. Goal: p95 during the report ≤ 1.5× p95 without it.
// Usage: node --import tsx bench/report-during-load.ts [samples per phase per round]   (default 30)

const ROUNDS = 3;
const AGENCIES = 10_000;
const REPORT_AT = '2024-03-07T00:30:00.000Z'; // 07:30 in Hà Nội, the schedule's hour

async function main(): Promise<void> {
  const perPhase = Number(process.argv[2] ?? 30);
  // The worker writes the report files inside its configured reports folder, as in production.
  const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bench-reports-'));
  process.env.DONDOC_REPORT_DIR = reportsDir;
  const world = await createBenchWorld();
  const figures: BenchFigure[] = [];
  const reportCampaign = `report-load-${Date.now()}`;
  const liveCampaign = `${reportCampaign}-live`;
  try {
    const seeded = await timed(() => seedCampaign(world.db, reportCampaign, AGENCIES));
    console.log(`seeded ${AGENCIES.toLocaleString('en')} agencies in ${(seeded.ms / 1000).toFixed(1)} s`);
    await createBenchCampaign(world, liveCampaign);

    let agencies = 0;
    /** Live agency workflows, started and assigned, ready to submit to (not timed). */
    const startAgencies = async (n: number): Promise<{ workflowId: string; code: string }[]> => {
      const ids: { workflowId: string; code: string }[] = [];
      for (let k = 0; k < n; k++) ids.push(await startBenchAgency(world, liveCampaign, agencies++));
      return ids;
    };
    /** One agency submits its list: ms until the reviewer's notice is stored. */
    const submitOnce = (agency: { workflowId: string; code: string }) => timedSubmit(world, agency);

    let reports = 0;
    /** The report workflow over the 10,000-agency campaign, as the daily schedule starts it. */
    const startReport = async () => {
      const started = performance.now();
      const handle = await world.client.workflow.start('reportWorkflow', {
        taskQueue: world.taskQueue,
        workflowId: `report:${reportCampaign}-${reports++}`,
        args: [{ campaignId: reportCampaign, outputDir: reportsDir, at: REPORT_AT } satisfies ReportWorkflowInput],
        typedSearchAttributes: [{ key: campaignKey, value: reportCampaign }],
      });
      return handle.result().then((result: ReportWorkflowResult) => {
        if (result.skipped || !result.files?.length) throw new Error(`report did not run: ${JSON.stringify(result)}`);
        return performance.now() - started;
      });
    };

    // Warm-up, not measured: submits compiled on both paths, the report's code loaded by the worker.
    for (const id of await startAgencies(5)) await submitOnce(id);
    const warmReport = await startReport();
    console.log(`warm-up report: ${(warmReport / 1000).toFixed(2)} s (${loadAverageText()})`);

    const without: number[] = [];
    const during: number[] = [];
    const reportMs: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const roundA: number[] = [];
      for (const id of await startAgencies(perPhase)) roundA.push(await submitOnce(id));

      // B: every submit is sent while a report is running; a report that ends first is followed by another.
      const roundB: number[] = [];
      const ids = await startAgencies(perPhase);
      while (roundB.length < perPhase) {
        let running = true;
        const report = startReport().finally(() => (running = false));
        await sleep(100); // the report's activity under way in the worker
        while (running && roundB.length < perPhase) roundB.push(await submitOnce(ids[roundB.length]!));
        reportMs.push(await report);
      }
      without.push(...roundA);
      during.push(...roundB);
      ratios.push(percentile(roundB, 95) / percentile(roundA, 95));
      console.log(
        `  round ${round + 1}/${ROUNDS}: without report p50 ${percentile(roundA, 50).toFixed(1)} / p95 ${percentile(roundA, 95).toFixed(1)} ms, ` +
          `during report p50 ${percentile(roundB, 50).toFixed(1)} / p95 ${percentile(roundB, 95).toFixed(1)} ms, ratio ${ratios.at(-1)!.toFixed(2)}× ` +
          `(${loadAverageText()})`,
      );
    }

    const p = (values: number[], q: number) => percentile(values, q).toFixed(1);
    const ratio = spread(ratios);
    const report = spread(reportMs.map((ms) => ms / 1000));
    console.log(
      [
        `samples: ${without.length} of each in ${ROUNDS} rounds; ${loadAverageText()}`,
        `  submit, no report running:              p50 ${p(without, 50)} ms, p95 ${p(without, 95)} ms`,
        `  submit, ${AGENCIES.toLocaleString('en')}-agency report running: p50 ${p(during, 50)} ms, p95 ${p(during, 95)} ms`,
        `  p95 ratio per round: ${formatSpread(ratio, 2, '×')} (goal <= 1.5x)`,
        `  report workflow start → result: ${formatSpread(report, 2, ' s')} over ${reportMs.length} runs`,
      ].join('\n'),
    );
    figures.push(
      {
        figure: `submit → reviewer's notification stored while a report over ${AGENCIES.toLocaleString('en')} agencies runs in the same worker, vs without it (${without.length} samples each, ${ROUNDS} rounds)`,
        result: `p50 ${p(during, 50)} ms, p95 ${p(during, 95)} ms vs p50 ${p(without, 50)} ms, p95 ${p(without, 95)} ms; p95 ratio **${ratio.median.toFixed(2)}×** (rounds ${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})`,
        value: ratio.median,
        goal: '<= 1.5x',
        met: ratio.median <= 1.5,
        rounds: ratios,
      },
      {
        figure: `report workflow over ${AGENCIES.toLocaleString('en')} agencies, start → result, while agencies submit`,
        result: `**${report.median.toFixed(2)} s** (${report.min.toFixed(2)}–${report.max.toFixed(2)}, ${reportMs.length} runs)`,
        value: report.median,
        rounds: reportMs.map((ms) => ms / 1000),
      },
    );
  } finally {
    await world.close();
    fs.rmSync(reportsDir, { recursive: true, force: true });
  }
  printBenchLine('report-during-load', process.argv.slice(2), figures);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { consolidationWorkbook } from '../activities/deliverable-workbook';
import { compileDeliverable, type Delivery } from '../domain/deliverables';
import { indicatorTotals } from '../domain/deliverables/indicator-totals';
import { missingParts } from '../domain/deliverables/missing-parts';
import type { AgencyLatest } from '../domain/deliverables/delivering-agency';
import type { FormDelivery } from '../domain/deliverables/form-check';
import { monthlyReportCampaign, monthlyReports } from '../test/support/declared-campaigns';
import { loadAverageText, percentile, printBenchLine, spread } from './support';

// Consolidation of a declared form: 1,000 agencies' monthly reports (campaigns/bao-cao-thang-12-2026-TTHC.yaml),
// accepted by the checker first as the workflow stores them (not timed), then timed together: the
// indicator totals by kind of agency and in all, who has not delivered which part (50 more agencies
// with nothing), and the consolidation workbook built and written to a buffer.
// Usage: node --import tsx bench/deliverable-consolidation.ts [agencies] [rounds]   (default 1000, 5)

const GOAL_MS = 10_000;

async function main(): Promise<void> {
  const agencies = Number(process.argv[2] ?? 1_000);
  const rounds = Number(process.argv[3] ?? 5);
  const { definition, declaration } = await monthlyReportCampaign();
  const check = compileDeliverable(declaration);
  const accepted = monthlyReports(agencies).map(({ agency, delivery }) => {
    const result = check(delivery);
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
    return { agency, delivery: result.value as FormDelivery };
  });
  const latest: AgencyLatest<Delivery>[] = [
    ...accepted,
    ...Array.from({ length: 50 }, (_, i) => ({
      agency: { code: `chua-nop-${i}`, name: `Cơ quan chưa nộp ${i}`, kind: 'commune' },
    })),
  ];
  const heading = {
    directive: definition.directive.number,
    title: definition.directive.title,
    at: new Date().toISOString(),
  };

  const consolidate = async () => {
    const totals = indicatorTotals(declaration, accepted);
    const missing = missingParts(declaration, latest);
    const buffer = await consolidationWorkbook({ heading, declaration, accepted, latest }).xlsx.writeBuffer();
    return { totals, missing, bytes: buffer.byteLength };
  };
  await consolidate(); // warm-up: JIT
  const times: number[] = [];
  let bytes = 0;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    bytes = (await consolidate()).bytes;
    times.push(performance.now() - started);
    console.log(`round ${round + 1}: ${times.at(-1)!.toFixed(0)} ms (${loadAverageText()})`);
  }
  const p95 = percentile(times, 95);
  const s = spread(times);
  console.log(
    `consolidation of ${agencies} monthly reports, totals and workbook (${(bytes / 1024).toFixed(0)} KB): p95 ${p95.toFixed(0)} ms, median ${s.median.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`,
  );
  printBenchLine(
    'deliverable-consolidation',
    process.argv.slice(2),
    [
      {
        figure: `consolidation of ${agencies.toLocaleString('en')} agencies' monthly report forms: indicator totals, missing parts, workbook (${rounds} rounds)`,
        result: `p95 **${(p95 / 1000).toFixed(2)} s** (median ${(s.median / 1000).toFixed(2)} s; workbook ${(bytes / 1024).toFixed(0)} KB)`,
        value: p95,
        goal: '<= 10 s',
        met: p95 <= GOAL_MS,
        rounds: times.map((t) => Number(t.toFixed(0))),
      },
    ],
    'no server: consolidation in one process',
  );
}

void main();

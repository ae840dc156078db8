import path from 'node:path';
import { loadCampaignDefinition } from '../campaign-files/campaign-definition';
import { ARTICLE_4_TABLE, compileDeliverable, deliverableOf } from '../domain/deliverables';
import { percentile, printBenchLine, spread } from './support';
import { MONTHLY_REPORT } from '../test/support/sample-deliveries';

// The compiled delivery checker on the campaigns' own declarations: a 1,000-row table (IT equipment),
// a 20,000-row Article 4 list through the digitization-list rule set, and 1,000 agencies' monthly
// reports one after another; compiling included in every round, as the server does per request.
// Usage: node --import tsx bench/deliverable-check.ts [rounds]   (default 20)

const campaign = (name: string) => loadCampaignDefinition(path.join(__dirname, '../campaigns', name));

function equipmentRows(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    'ma-tai-san': `TS-${i + 1}`,
    'ten-thiet-bi': `Máy tính để bàn phòng ${i % 40}`,
    loai: 'Máy tính để bàn',
    'so-luong': 1 + (i % 5),
    'nam-mua': 2010 + (i % 10),
    'ngay-kiem-ke': '15/06/2026',
    'con-su-dung': i % 2 === 0,
    'kinh-phi': 15_000_000,
    'ly-do': 'Cấu hình thấp, không chạy được phần mềm dùng chung của tỉnh',
  }));
}

function article4Rows(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    code: `1.${String(100_000 + Math.floor(i / 4)).padStart(6, '0')}`,
    procedureName: `Thủ tục ${Math.floor(i / 4)}`,
    documentName: `Giấy tờ ${i % 4}`,
    kind: 'thanh_phan_ho_so',
  }));
}

const report = MONTHLY_REPORT;

function time(rounds: number, run: () => boolean): number[] {
  run(); // warm-up: JIT
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    if (!run()) throw new Error('a valid delivery was refused');
    times.push(performance.now() - started);
  }
  return times;
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 20);
  const equipment = deliverableOf((await campaign('thiet-bi-cntt-thay-the-2027.yaml')).deliverable);
  const monthly = deliverableOf((await campaign('bao-cao-thang-12-2026-TTHC.yaml')).deliverable);
  const rows1k = { rows: equipmentRows(1_000) };
  const rows20k = { rows: article4Rows(20_000) };
  const figures = [
    {
      figure: 'check of a 1,000-row declared table (IT equipment), compiled each time',
      times: time(rounds, () => compileDeliverable(equipment)(rows1k).ok),
    },
    {
      figure: 'check of a 20,000-row Article 4 list with the digitization-list rule set',
      times: time(rounds, () => compileDeliverable(ARTICLE_4_TABLE)(rows20k).ok),
    },
    {
      figure: "check of 1,000 agencies' monthly report forms, one checker",
      times: time(rounds, () => {
        const check = compileDeliverable(monthly);
        for (let i = 0; i < 1_000; i++) if (!check(report).ok) return false;
        return true;
      }),
    },
  ];
  for (const { figure, times } of figures) {
    const s = spread(times);
    console.log(
      `${figure}: p95 ${percentile(times, 95).toFixed(1)} ms, median ${s.median.toFixed(1)} ms (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)})`,
    );
  }
  printBenchLine(
    'deliverable-check',
    process.argv.slice(2),
    figures.map(({ figure, times }) => ({
      figure: `${figure} (${rounds} rounds)`,
      result: `p95 **${percentile(times, 95).toFixed(1)} ms** (median ${spread(times).median.toFixed(1)} ms)`,
      value: percentile(times, 95),
      rounds: times.map((t) => Number(t.toFixed(1))),
    })),
    'no server: the checker in one process',
  );
}

void main();

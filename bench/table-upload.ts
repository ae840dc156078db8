import path from 'node:path';
import ExcelJS from 'exceljs';
import { loadCampaignDefinition } from '../campaign-files/campaign-definition';
import { checkTableUpload, tableTemplate } from '../deliverable-files';
import { deliverableOf, type TableDeclaration } from '../domain/deliverables';
import { percentile, printBenchLine, spread } from './support';

// Upload to preview of a declared table: a 1,000-row .xlsx filled in the IT-equipment campaign's
// generated template (its data validations included, numbers as people type them in part), read
// into the delivery and checked against the declaration, as the server does per upload.
// Usage: node --import tsx bench/table-upload.ts [rounds]   (default 20)

const GOAL_MS = 2_000;

async function filledWorkbook(declaration: TableDeclaration, rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await tableTemplate(declaration)) as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0]!;
  for (let i = 0; i < rows; i++)
    sheet.addRow([
      `TS-${i + 1}`,
      `Máy tính để bàn phòng ${i % 40}`,
      i % 3 === 0 ? 'Máy in' : 'Máy tính để bàn',
      1 + (i % 5),
      2010 + (i % 10),
      i % 2 === 0 ? new Date(Date.UTC(2026, 5, 15)) : '15/06/2026',
      i % 2 === 0 ? 'Có' : 'Không',
      i % 2 === 0 ? 15_000_000 : '15.000.000',
      'Cấu hình thấp, không chạy được phần mềm dùng chung của tỉnh',
    ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 20);
  const definition = await loadCampaignDefinition(
    path.join(__dirname, '../campaigns/thiet-bi-cntt-thay-the-2027.yaml'),
  );
  const declaration = deliverableOf(definition.deliverable) as TableDeclaration;
  const bytes = await filledWorkbook(declaration, 1_000);
  const run = async () => {
    const started = performance.now();
    const check = await checkTableUpload(declaration, bytes, 'xlsx');
    if (!check.ok || check.delivery?.rows.length !== 1_000)
      throw new Error(`a valid upload was refused: ${JSON.stringify(check.problems.slice(0, 3))}`);
    return performance.now() - started;
  };
  await run(); // warm-up: JIT
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) times.push(await run());
  const p95 = percentile(times, 95);
  const s = spread(times);
  const figure = `upload to preview of a 1,000-row declared table (.xlsx ${Math.round(bytes.length / 1024)} KiB read + check)`;
  console.log(
    `${figure}: p95 ${p95.toFixed(0)} ms, median ${s.median.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})${p95 <= GOAL_MS ? '' : '  (goal missed)'}`,
  );
  printBenchLine(
    'table-upload',
    process.argv.slice(2),
    [
      {
        figure: `${figure} (${rounds} rounds)`,
        result: `p95 **${p95.toFixed(0)} ms** (median ${s.median.toFixed(0)} ms)`,
        value: p95,
        goal: `≤ ${GOAL_MS / 1000} s`,
        met: p95 <= GOAL_MS,
        rounds: times.map((t) => Number(t.toFixed(1))),
      },
    ],
    'no server: the reader and the checker in one process',
  );
}

void main();

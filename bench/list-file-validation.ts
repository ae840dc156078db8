import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { LIST_HEADERS, readListFile } from '../list-files';
import { percentile, printBenchLine, spread } from './support';

// Reading a list whose sheet carries a data validation over whole columns (A1:J1048576, 10 million
// cells: exceljs alone expands it cell by cell and never finishes), against the same list without
// it, in the same run. test/unit/list-files.test.ts checks that such a file reads correctly.
// Usage: node --import tsx bench/list-file-validation.ts [rounds]   (default 5)

const ROW = [1, '1.002421', 'Đăng ký hành nghề công chứng', '', '', 'Ý kiến của Hội công chứng viên tỉnh', 'Ý kiến'];

async function write(target: string, withValidation: boolean): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  sheet.addRow([...LIST_HEADERS]);
  sheet.addRow(ROW);
  if (withValidation)
    (
      sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
    ).dataValidations.add('A1:J1048576', { type: 'list', allowBlank: true, formulae: ['"a,b"'] });
  await workbook.xlsx.writeFile(target);
}

async function timeReads(target: string, rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    await readListFile(target);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bench-list-'));
  try {
    const plain = path.join(dir, 'plain.xlsx');
    const validated = path.join(dir, 'whole-column-validation.xlsx');
    await write(plain, false);
    await write(validated, true);
    await timeReads(plain, 1); // warm-up: module loading, JIT
    const base = await timeReads(plain, rounds);
    const heavy = await timeReads(validated, rounds);
    const show = (times: number[]) =>
      `median ${percentile(times, 50).toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)})`;
    console.log(`list file, ${rounds} reads each:`);
    console.log(`  plain:                         ${show(base)}`);
    console.log(`  whole-column data validation:  ${show(heavy)}`);
    const ratio = percentile(heavy, 50) / percentile(base, 50);
    console.log(`  ratio (medians): ${ratio.toFixed(2)}×`);
    const ms = spread(heavy);
    printBenchLine('list-file-validation', process.argv.slice(2), [
      {
        figure: `list with a whole-column data validation vs the same list without it (${rounds} reads each)`,
        result: `${ms.median.toFixed(1)} ms (${ms.min.toFixed(1)}–${ms.max.toFixed(1)}) vs ${percentile(base, 50).toFixed(1)} ms = **${ratio.toFixed(2)}×**`,
        value: ratio,
      },
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LIST_HEADERS, ListFileError, readListFile } from '../list-files';
import { printBenchLine, type BenchFigure } from './support';
import { manyHugeMerges, manySmallMerges, xlsxWithMerges } from '../test/support/xlsx-merges';

// How fast merge bombs in an agency's .xlsx are refused, and how much memory that costs: 50,000
// small merges in a file under 1 MB, and 1,000 merges of 26,000 cells each. Prints figures only.
//   node --import tsx bench/xlsx-merges.ts

async function measure(label: string, buffer: Buffer): Promise<BenchFigure> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bench-merges-')), 'bom.xlsx');
  fs.writeFileSync(file, buffer);
  const rssBefore = process.memoryUsage().rss;
  const start = performance.now();
  let outcome = 'read (not refused!)';
  try {
    await readListFile(file);
  } catch (error) {
    outcome = error instanceof ListFileError ? `refused: ${error.issues[0]?.message}` : `failed: ${String(error)}`;
  }
  const ms = performance.now() - start;
  const rssGrowth = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
  console.log(
    `${label}: ${(buffer.length / 1024).toFixed(0)} KiB file, ${ms.toFixed(0)} ms, RSS +${rssGrowth.toFixed(0)} MiB — ${outcome}`,
  );
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  const refused = outcome.startsWith('refused');
  return {
    figure: `${label} in a ${(buffer.length / 1024).toFixed(0)} KiB .xlsx`,
    result: `${refused ? 'refused' : outcome} in **${ms.toFixed(0)} ms**, RSS +${rssGrowth.toFixed(0)} MiB`,
    value: ms,
    goal: 'refused',
    met: refused,
  };
}

async function main(): Promise<void> {
  const rows = [[...LIST_HEADERS], [1, '1.002421', 'Thủ tục A', '', '', 'Tờ khai', 'Thành phần hồ sơ', '', '']];
  const figures = [
    await measure('50,000 small merges', await xlsxWithMerges(rows, manySmallMerges(50_000))),
    await measure('1,000 huge merges', await xlsxWithMerges(rows, manyHugeMerges(1_000))),
    await measure('whole-column merges A:A, 1:1048576', await xlsxWithMerges(rows, ['A:A', '1:1048576'])),
  ];
  printBenchLine('xlsx-merges', process.argv.slice(2), figures);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

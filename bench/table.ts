import fs from 'node:fs';
import path from 'node:path';
import type { BenchFigure } from './support';

// Regenerates the README's benchmark table from the `BENCH {json}` lines the benchmarks print last.
// Usage: node --import tsx bench/table.ts LOG...   (logs of benchmark runs; `-` reads standard input)
//   e.g. node --import tsx bench/launch.ts 1000 | tee /tmp/launch.log; node --import tsx bench/table.ts /tmp/*.log
// The table lies between the README's `<!-- bench-table:start -->` and `<!-- bench-table:end -->`.
// A benchmark run again replaces its own rows (the last line of each bench and arguments wins).

interface BenchLine {
  bench: string;
  args: string[];
  at: string;
  cores: number;
  memoryGiB: number;
  loadAverage: number[];
  server?: string;
  figures: BenchFigure[];
}

const README = path.resolve(__dirname, '..', 'README.md');
const START = '<!-- bench-table:start -->';
const END = '<!-- bench-table:end -->';

export function benchLines(text: string): BenchLine[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('BENCH {'))
    .map((line) => JSON.parse(line.slice('BENCH '.length)) as BenchLine);
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function renderTable(lines: BenchLine[]): string {
  const latest = new Map<string, BenchLine>();
  for (const line of lines) latest.set(`${line.bench} ${line.args.join(' ')} ${line.server ?? ''}`, line);
  const rows = [...latest.values()].flatMap((line) =>
    line.figures.map((figure) => {
      const day = line.at.slice(0, 10).split('-').reverse().join('/');
      const goal = figure.goal ? `${figure.goal}${figure.met ? '' : ' (missed)'}` : '—';
      const command = `\`${line.bench}${line.args.length ? ` ${line.args.join(' ')}` : ''}\``;
      const where = line.server ? `, ${line.server}` : '';
      return [figure.figure, figure.result, goal, `${command}${where}, ${day}, load ${line.loadAverage.join(' ')}`].map(
        cell,
      );
    }),
  );
  const header = ['figure', 'result', 'goal', 'run (bench and arguments, day, load average 1/5/15 min)'];
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

function main(): void {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error('usage: bench/table.ts LOG... (logs holding BENCH lines; - for stdin)');
  const lines = files.flatMap((file) => benchLines(fs.readFileSync(file === '-' ? 0 : file, 'utf8')));
  if (lines.length === 0) throw new Error('no BENCH line in the logs given');
  const readme = fs.readFileSync(README, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} block`);
  const table = renderTable(lines);
  fs.writeFileSync(README, `${readme.slice(0, start + START.length)}\n\n${table}\n\n${readme.slice(end)}`);
  console.log(`README.md: benchmark table from ${lines.length} BENCH line(s)`);
}

if (require.main === module) main();

import fs from 'node:fs';
import path from 'node:path';
import type { BenchFigure } from './support';

// Regenerates the README's benchmark table from the `BENCH {json}` lines the benchmarks print last.
// Usage: node --import tsx bench/table.ts LOG...   (logs of benchmark runs; `-` reads standard input)
//   e.g. node --import tsx bench/launch.ts 1000 | tee /tmp/launch.log; node --import tsx bench/table.ts /tmp/*.log
// The table lies between the README's `<!-- bench-table:start -->` and `<!-- bench-table:end -->`.
// A benchmark run again replaces its own rows (the last line of each bench and arguments wins); the
// rows of the runs not in the logs given stay as they are.

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

function benchLines(text: string): BenchLine[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('BENCH {'))
    .map((line) => JSON.parse(line.slice('BENCH '.length)) as BenchLine);
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** What identifies a run in the table: the bench with its arguments and where it ran (not its day or load). */
function runKey(line: BenchLine): string {
  const command = `\`${line.bench}${line.args.length ? ` ${line.args.join(' ')}` : ''}\``;
  return `${command}${line.server ? `, ${line.server}` : ''}`;
}

/** The run cell of a table row without its day and load: `launch 1000`, dev server, 1 worker. */
function rowRunKey(row: string): string | undefined {
  const cells = row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
  const run = cells[3];
  return run?.replace(/, \d{2}\/\d{2}\/\d{4}, load [\d. ]+$/, '');
}

function rowsOf(line: BenchLine): string[] {
  const day = line.at.slice(0, 10).split('-').reverse().join('/');
  return line.figures.map((figure) => {
    const goal = figure.goal ? `${figure.goal}${figure.met ? '' : ' (missed)'}` : '—';
    return `| ${[figure.figure, figure.result, goal, `${runKey(line)}, ${day}, load ${line.loadAverage.join(' ')}`].map(cell).join(' | ')} |`;
  });
}

const HEADER = ['figure', 'result', 'goal', 'run (bench and arguments, day, load average 1/5/15 min)'];

/**
 * The table with `lines` in it: a run given again (same bench, arguments and server) replaces its
 * own rows where they were; the rows of runs not given are kept as they are; new runs come last.
 */
export function renderTable(lines: BenchLine[], existing = ''): string {
  const latest = new Map<string, BenchLine>();
  for (const line of lines) latest.set(runKey(line), line);
  const kept = existing
    .split('\n')
    .filter((row) => row.startsWith('|'))
    .slice(2);
  const rows: string[] = [];
  const placed = new Set<string>();
  for (const row of kept) {
    const key = rowRunKey(row);
    const line = key === undefined ? undefined : latest.get(key);
    if (!line) rows.push(row);
    else if (!placed.has(key!)) {
      rows.push(...rowsOf(line));
      placed.add(key!);
    }
  }
  for (const [key, line] of latest) if (!placed.has(key)) rows.push(...rowsOf(line));
  return [`| ${HEADER.join(' | ')} |`, `| ${HEADER.map(() => '---').join(' | ')} |`, ...rows].join('\n');
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
  const table = renderTable(lines, readme.slice(start + START.length, end));
  fs.writeFileSync(README, `${readme.slice(0, start + START.length)}\n\n${table}\n\n${readme.slice(end)}`);
  console.log(`README.md: benchmark table from ${lines.length} BENCH line(s)`);
}

if (require.main === module) main();

import { renderTable } from '../../bench/table';

// The README's benchmark table: a run measured again replaces its own rows, the others stay.

const line = (bench: string, args: string[], figure: string, result: string, at: string) => ({
  bench,
  args,
  at,
  cores: 2,
  memoryGiB: 24,
  loadAverage: [1.5, 2, 3],
  server: 'dev server, 1 worker',
  figures: [{ figure, result, value: 1, goal: '≤ 2×', met: true }],
});

const existing = [
  '| figure | result | goal | run (bench and arguments, day, load average 1/5/15 min) |',
  '| --- | --- | --- | --- |',
  '| launch rate   | **7.2/s** | ≥ 60/s (missed) | `launch 1000`, dev server, 1 worker, 01/12/2026, load 9.12 14.17 17.59 |',
  '| report time | 436 ms | — | `report-10k`, dev server, 1 worker, 01/12/2026, load 3 4 5 |',
].join('\n');

test('a run given again replaces its rows in place; other runs are kept; new runs come last', () => {
  const table = renderTable(
    [
      line('launch', ['1000'], 'launch rate', '**21.0/s**', '2026-12-02T05:00:00.000Z'),
      line('workflow-start', ['300'], 'run start', '8.1 ms', '2026-12-02T05:10:00.000Z'),
    ],
    existing,
  ).split('\n');
  expect(table).toHaveLength(5);
  expect(table[2]).toContain('**21.0/s**');
  expect(table[2]).toContain('`launch 1000`, dev server, 1 worker, 02/12/2026, load 1.5 2 3');
  expect(table[3]).toBe(existing.split('\n')[3]);
  expect(table[4]).toContain('`workflow-start 300`');
  expect(table.join('\n')).not.toContain('7.2/s');
});

test('with no table yet, every run given is a row', () => {
  const table = renderTable([line('latency', ['60'], 'p95 ratio', '1.9×', '2026-12-02T05:00:00.000Z')]);
  expect(table.split('\n')).toHaveLength(3);
});

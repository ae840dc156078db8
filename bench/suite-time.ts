import fs from 'node:fs';
import { loadAverageText, printBenchLine, type BenchFigure } from './support';

// `npm test` of two checkouts compared from jest's own JSON results (`npx jest --json
// --outputFile=F` in each, one after the other on the same machine, nothing else running): the
// whole run, the files both suites have, and the tests both have (same file, same full name). The
// two suites rarely hold the same tests, so the run's wall time alone does not say whether a test
// became slower; the tests in both do.
// Usage: node --import tsx bench/suite-time.ts BEFORE.json AFTER.json

interface JestAssertion {
  fullName: string;
  duration?: number | null;
}
interface JestFile {
  name: string;
  startTime: number;
  endTime: number;
  assertionResults: JestAssertion[];
}
interface JestRun {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  testResults: JestFile[];
}

interface Suite {
  tests: number;
  passed: number;
  failed: number;
  /** First file's start to last file's end, seconds. */
  wallS: number;
  /** Seconds per file, by its path under test/. */
  files: Map<string, number>;
  /** Seconds per test, by "file :: full name". */
  testTimes: Map<string, number>;
}

const underTest = (file: string) => file.replace(/^.*?\/test\//, 'test/');

function readSuite(file: string): Suite {
  const run = JSON.parse(fs.readFileSync(file, 'utf8')) as JestRun;
  const files = new Map(run.testResults.map((f) => [underTest(f.name), (f.endTime - f.startTime) / 1000]));
  const testTimes = new Map<string, number>();
  for (const f of run.testResults)
    for (const t of f.assertionResults)
      testTimes.set(`${underTest(f.name)} :: ${t.fullName}`, (t.duration ?? 0) / 1000);
  const starts = run.testResults.map((f) => f.startTime);
  const ends = run.testResults.map((f) => f.endTime);
  return {
    tests: run.numTotalTests,
    passed: run.numPassedTests,
    failed: run.numFailedTests,
    wallS: (Math.max(...ends) - Math.min(...starts)) / 1000,
    files,
    testTimes,
  };
}

const sum = (values: Iterable<number>) => [...values].reduce((total, v) => total + v, 0);

function inBoth(before: Map<string, number>, after: Map<string, number>) {
  const keys = [...before.keys()].filter((key) => after.has(key));
  return { keys, before: sum(keys.map((k) => before.get(k)!)), after: sum(keys.map((k) => after.get(k)!)) };
}

function main(): void {
  const [beforeFile, afterFile] = process.argv.slice(2);
  if (!beforeFile || !afterFile) throw new Error('usage: bench/suite-time.ts BEFORE.json AFTER.json');
  const before = readSuite(beforeFile);
  const after = readSuite(afterFile);
  const describe = (label: string, s: Suite) =>
    `${label}: ${s.tests} tests (${s.passed} passed, ${s.failed} failed) in ${s.files.size} files, ` +
    `${s.wallS.toFixed(0)} s wall, ${sum(s.files.values()).toFixed(0)} s summed over files`;
  const files = inBoth(before.files, after.files);
  const tests = inBoth(before.testTimes, after.testTimes);
  const changes = files.keys
    .map((key) => ({ key, before: before.files.get(key)!, after: after.files.get(key)! }))
    .sort((a, b) => b.after - b.before - (a.after - a.before));
  console.log(
    [
      describe('before', before),
      describe('after ', after),
      `files in both: ${files.keys.length}, ${files.before.toFixed(0)} s → ${files.after.toFixed(0)} s (${(files.after / files.before).toFixed(2)}×)`,
      `tests in both: ${tests.keys.length}, ${tests.before.toFixed(0)} s → ${tests.after.toFixed(0)} s (${(tests.after / tests.before).toFixed(2)}×)`,
      'files in both that changed most (s):',
      ...[...changes.slice(0, 6), ...changes.slice(-3)].map(
        (c) => `  ${c.key}: ${c.before.toFixed(1)} → ${c.after.toFixed(1)}`,
      ),
      loadAverageText(),
    ].join('\n'),
  );
  const ratio = tests.after / tests.before;
  const figures: BenchFigure[] = [
    {
      figure: 'npm test, both databases: wall time, before → after',
      result: `${before.wallS.toFixed(0)} s (${before.tests} tests) → ${after.wallS.toFixed(0)} s (${after.tests} tests)`,
      value: after.wallS / before.wallS,
    },
    {
      figure: `npm test: the ${tests.keys.length} tests both suites hold (same file and name), their summed time`,
      result: `${tests.before.toFixed(0)} s → ${tests.after.toFixed(0)} s, **${ratio.toFixed(2)}×**`,
      value: ratio,
      goal: '≤ 1.00×',
      met: ratio <= 1,
    },
  ];
  printBenchLine('suite-time', [beforeFile, afterFile], figures, 'jest');
}

main();

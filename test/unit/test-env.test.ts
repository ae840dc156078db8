import { ENV_DATABASES, testDatabases } from '../support/test-env';

// The suite's own switches: a typo must stop the run, and the closing line must show what was skipped.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const SummaryReporter = require('../support/summary-reporter.cjs') as new () => {
  onRunComplete(contexts: unknown, results: Record<string, number>): void;
};

describe('DONDOC_TEST_DATABASES', () => {
  const saved = process.env[ENV_DATABASES];
  afterEach(() => {
    if (saved === undefined) delete process.env[ENV_DATABASES];
    else process.env[ENV_DATABASES] = saved;
  });
  const withValue = (value: string | undefined) => {
    if (value === undefined) delete process.env[ENV_DATABASES];
    else process.env[ENV_DATABASES] = value;
    return testDatabases;
  };

  test('unset means both databases', () => {
    expect(withValue(undefined)()).toEqual(['sqlite', 'postgresql']);
  });

  test.each([
    ['sqlite', ['sqlite']],
    ['postgresql', ['postgresql']],
    [' postgresql , sqlite ', ['sqlite', 'postgresql']],
  ])('%j narrows the run to %j', (value, kinds) => {
    expect(withValue(value)()).toEqual(kinds);
  });

  test.each(['', '   '])('%j is refused as empty', (value) => {
    expect(withValue(value)).toThrow(/DONDOC_TEST_DATABASES=".*" is empty\. Use sqlite, postgresql/);
  });

  test.each([
    ['postgres', '"postgres"'],
    ['sqlite,pg', '"pg"'],
    ['sqlite,', '""'],
    ['SQLite', '"SQLite"'],
  ])('%j is refused, naming %s', (value, named) => {
    expect(withValue(value)).toThrow(`names an unknown database: ${named}. Use sqlite, postgresql`);
  });
});

describe('closing line', () => {
  const lineFor = (results: Record<string, number>) => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      new SummaryReporter().onRunComplete([], results);
      return log.mock.calls.map((call) => String(call[0]).trim()).join('\n');
    } finally {
      log.mockRestore();
    }
  };
  const none = {
    numPassedTests: 0,
    numFailedTests: 0,
    numRuntimeErrorTestSuites: 0,
    numPendingTests: 0,
    numTodoTests: 0,
  };

  test('counts skipped and todo tests as skipped', () => {
    expect(lineFor({ ...none, numPassedTests: 7, numPendingTests: 2, numTodoTests: 1 })).toBe(
      '7 passed, 0 failed, 3 skipped',
    );
  });

  test('counts a test file that failed to run as a failure', () => {
    expect(lineFor({ ...none, numPassedTests: 4, numFailedTests: 1, numRuntimeErrorTestSuites: 2 })).toBe(
      '4 passed, 3 failed, 0 skipped',
    );
  });
});

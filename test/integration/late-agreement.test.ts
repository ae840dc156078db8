import { Writable } from 'node:stream';
import { runCli } from '../../client/cli';
import { LATE_AT, LATE_SCENARIO, reportLateCodes, seedLateScenario } from '../support/late-scenario';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ENV_TEMPORAL_ADDRESS, required, testDatabases } from '../support/test-env';
import { uniqueId } from '../support/harness';

// `campaign extend --late`, `campaign remind --late` and `campaign status` ask the same lateness
// predicate (client/cli/lookup.ts `lateness`, over domain/lateness.ts `isLate`) as the report's list
// for the Chairman. On this scenario the three earlier copies disagreed: the CLI called a deadline on
// a Saturday missed on Sunday and ignored open escalations, the report ignored a review deadline
// whose flag had not been written yet.

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

describe.each(testDatabases())('one lateness rule for the admin script and the report on %s', (kind) => {
  let database: TestDatabase;
  const campaignId = uniqueId('late');

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await seedLateScenario(database.db, campaignId);
  });

  afterAll(async () => {
    await database?.drop();
  });

  test('the agencies marked late by `campaign status` are the report’s late list', async () => {
    const stdout = sink();
    const stderr = sink();
    const code = await runCli(['campaign', 'status', campaignId, '--agencies'], {
      stdout: stdout.stream,
      stderr: stderr.stream,
      env: {
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: required(ENV_TEMPORAL_ADDRESS),
        DATABASE_URL: database.url,
        DONDOC_LOG_LEVEL: 'error',
      },
      connectTimeoutMs: 10_000,
      queryTimeoutMs: 10_000,
      now: () => LATE_AT,
    });
    expect({ code, err: stderr.text() }).toEqual({ code: 0, err: '' });
    const cliLate = stdout
      .text()
      .split('\n')
      .filter((line) => line.endsWith(' — QUÁ HẠN'))
      .map((line) =>
        line
          .trim()
          .split(/\s+/)[0]!
          .slice(campaignId.length + 1),
      );
    const reportLate = await reportLateCodes(database.db, campaignId);

    const expected = LATE_SCENARIO.filter((a) => a.late).map((a) => a.code);
    expect(cliLate.sort()).toEqual([...expected].sort());
    expect(reportLate.sort()).toEqual([...expected].sort());
    expect(stdout.text()).toContain(`Quá hạn: ${expected.length};`);
  });
});

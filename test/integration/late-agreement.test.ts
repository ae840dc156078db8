import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { runCli } from '../../admin/main';
import { buildServer, type App } from '../../server/http/app';
import { noMailer } from '../../server/identity/mailer';
import { loadConfig } from '../../shared/config';
import { personToken } from '../support/cli-people';
import { LATE_AT, LATE_SCENARIO, reportLateCodes, seedLateScenario } from '../support/late-scenario';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ENV_TEMPORAL_ADDRESS, required, testDatabases } from '../support/test-env';
import { uniqueId } from '../support/harness';
import { textSink } from '../support/text-sink';

// `campaign extend --late`, `campaign remind --late` and `campaign status` (through the server, at the
// server's time) ask the same lateness predicate (domain/lateness.ts `isLate`) as the report's list
// for the Chairman. On this scenario the three earlier copies disagreed: the CLI called a deadline on
// a Saturday missed on Sunday and ignored open escalations, the report ignored a review deadline
// whose flag had not been written yet.

describe.each(testDatabases())('one lateness rule for the admin script and the report on %s', (kind) => {
  let database: TestDatabase;
  let connection: Connection;
  let app: App;
  let baseUrl: string;
  let token: string;
  const keys = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-keys-'));
  const campaignId = uniqueId('late');

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await seedLateScenario(database.db, campaignId);
    // The server whose clock stands at the scenario's instant.
    connection = await Connection.connect({ address: required(ENV_TEMPORAL_ADDRESS) });
    app = await buildServer({
      config: loadConfig({ DATABASE_URL: database.url, DONDOC_SIGNING_KEYS_DIR: keys }),
      db: database.db,
      client: new Client({ connection }),
      mailer: noMailer,
      now: () => LATE_AT,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    token = await personToken(database.db, { email: 'quantri@example.gov.vn', name: 'Quản trị' }, [{ role: 'admin' }]);
  });

  afterAll(async () => {
    await app?.close();
    await connection?.close();
    await database?.drop();
    fs.rmSync(keys, { recursive: true, force: true });
  });

  test('the agencies marked late by `campaign status` are the report’s late list', async () => {
    const stdout = textSink();
    const stderr = textSink();
    const code = await runCli(['campaign', 'status', campaignId, '--agencies'], {
      stdout: stdout.stream,
      stderr: stderr.stream,
      env: {
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: required(ENV_TEMPORAL_ADDRESS),
        DATABASE_URL: database.url,
        DONDOC_LOG_LEVEL: 'error',
        DONDOC_SERVER_URL: baseUrl,
        DONDOC_API_TOKEN: token,
      },
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

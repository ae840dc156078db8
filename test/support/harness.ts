import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { WorkerGroup } from '../../worker/worker-group';
import { createDondocWorker } from '../../worker/create-worker';
import { startAgencyWorkflow } from '../../server/launch/start-agency';
import type { AgencyWorkflowStartInput } from '../../domain/agency-input';
import { createTestDatabase, type TestDatabase } from './test-database';
import { loadTrustedKeys, type Signer } from '../../server/identity/proof';
import { testSigning } from './signing-client';
import { ENV_TEMPORAL_ADDRESS, ENV_WORKFLOW_BUNDLE, required, type TestDatabaseKind } from './test-env';

// A test file's world: its own database, task queue, campaign and IDs, on the shared dev server.

/** The harness campaign's people (letter 751's, as a realistic sample). */
const TEST_DIRECTIVE = '751/UBND-TTHC';
export const TEST_REVIEWER = 'so-tttt';
export const TEST_SERVICE_CENTER = 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh';

export interface RunningWorker {
  worker: WorkerGroup;
  stop(): Promise<void>;
}

export interface Harness {
  database: TestDatabase;
  exportDir: string;
  /** Signs each Update that carries no proof, as the dondoc server would (signing-client.ts). */
  client: Client;
  /** Sends what it is given: the server's own client, and an attacker's. */
  rawClient: Client;
  /** The folder of the key the server signs with and the harness's workers trust. */
  keysDir: string;
  signer: Signer;
  taskQueue: string;
  campaignId: string;
  startWorker(): Promise<RunningWorker>;
  startAgency(overrides?: Partial<AgencyWorkflowStartInput>): ReturnType<typeof startAgencyWorkflow>;
  close(): Promise<void>;
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(4).toString('hex')}`;
}

export async function createHarness(
  kind: TestDatabaseKind,
  options: {
    smtpUrl?: string;
    temporalAddress?: string;
    publicUrl?: string;
    /** The worker's reports folder (DONDOC_REPORT_DIR): reports it is asked to write go inside it. */
    reportsDir?: string;
    /** The store of delivered files the server writes (DONDOC_FILES_DIR). */
    filesDir?: string;
  } = {},
): Promise<Harness> {
  const address = options.temporalAddress ?? required(ENV_TEMPORAL_ADDRESS);
  const bundlePath = required(ENV_WORKFLOW_BUNDLE);
  const database = await createTestDatabase(kind);
  const connection = await Connection.connect({ address });
  const { keysDir, signer, interceptors, dispose } = testSigning();
  const rawClient = new Client({ connection });
  const client = new Client({ connection, interceptors });
  const taskQueue = uniqueId('test-queue');
  const campaignId = uniqueId('campaign');
  const workers: RunningWorker[] = [];
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-exports-'));
  let agencyCount = 0;

  await database.db.campaign.create({
    data: {
      id: campaignId,
      directiveNumber: TEST_DIRECTIVE,
      directiveDate: new Date('2024-02-07T00:00:00+07:00'),
      title: 'Rà soát, lập danh sách giấy tờ cần số hóa',
      submissionDeadline: new Date('2024-03-04T23:59:59+07:00'),
      approvalDeadline: new Date('2024-03-14T23:59:59+07:00'),
      reviewer: TEST_REVIEWER,
      definition: { serviceCenter: { name: TEST_SERVICE_CENTER } },
    },
  });

  return {
    database,
    exportDir,
    client,
    rawClient,
    keysDir,
    signer,
    taskQueue,
    campaignId,

    async startWorker() {
      const workerConnection = await NativeConnection.connect({ address });
      const worker = await createDondocWorker({
        connection: workerConnection,
        namespace: 'default',
        taskQueue,
        db: database.db,
        client,
        exportDir,
        ...(options.filesDir && { filesDir: options.filesDir }),
        ...(options.reportsDir && { reports: { reportsDir: options.reportsDir } }),
        notifications: {
          smtpUrl: options.smtpUrl,
          from: 'dondoc <dondoc@quangngai.gov.vn>',
          publicUrl: options.publicUrl,
        },
        workflowBundle: { code: fs.readFileSync(bundlePath, 'utf8') },
        trustedKeys: loadTrustedKeys(keysDir), // read at each start: a key added to the folder is trusted after a restart
      });
      const running = worker.run();
      let stopped: Promise<void> | undefined;
      const handle: RunningWorker = {
        worker,
        stop() {
          stopped ??= (async () => {
            worker.shutdown();
            await running;
            await workerConnection.close();
          })();
          return stopped;
        },
      };
      workers.push(handle);
      return handle;
    },

    async startAgency(overrides = {}) {
      agencyCount += 1;
      return startAgencyWorkflow(client, database.db, taskQueue, {
        campaignId,
        agency: {
          code: `000.00.${String(agencyCount).padStart(2, '0')}.H48`,
          name: 'Sở Tư pháp',
          kind: 'department',
          email: 'stp@example.gov.vn',
        },
        directive: TEST_DIRECTIVE,
        reviewer: TEST_REVIEWER,
        serviceCenter: TEST_SERVICE_CENTER,
        submissionDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        ...overrides,
      });
    },

    async close() {
      for (const running of workers) await running.stop();
      await connection.close();
      await database.drop();
      fs.rmSync(exportDir, { recursive: true, force: true });
      dispose();
    },
  };
}

/** A fixture's options: given at once, or worked out when the set-up runs (after the file's earlier `beforeAll`s). */
export type FixtureOptions<T> = T | (() => T | Promise<T>);

export async function resolveOptions<T>(options: FixtureOptions<T>): Promise<T> {
  return typeof options === 'function' ? await (options as () => T | Promise<T>)() : options;
}

/**
 * What a fixture sets up for its file, usable from `beforeAll` on: every property read goes to the
 * value the file's `beforeAll` made, so the file holds one `const` instead of a `let` and two hooks.
 */
export function setUpLater<T extends object>(what: string, current: () => T | undefined): T {
  const target = () => {
    const value = current();
    if (!value) throw new Error(`${what} is not set up yet: use it from beforeAll on`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const value = target();
      const found: unknown = Reflect.get(value, key, value);
      return typeof found === 'function' ? found.bind(value) : found;
    },
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
  });
}

export type HarnessOptions = NonNullable<Parameters<typeof createHarness>[1]> & {
  /** Start a worker on the file's task queue (the default); files that start and stop their own say false. */
  worker?: boolean;
};

/**
 * A test file's harness, set up before its tests and closed after them (with every worker it
 * started): the one line a file needs, `const harness = useHarness(kind)`.
 */
export function useHarness(kind: TestDatabaseKind, options: FixtureOptions<HarnessOptions> = {}): Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    const { worker = true, ...given } = await resolveOptions(options);
    harness = await createHarness(kind, given);
    if (worker) await harness.startWorker();
  });
  afterAll(async () => {
    await harness?.close();
  });
  return setUpLater('the harness', () => harness);
}

/** A test file's own database, created before its tests and dropped after them: the one line a file needs. */
export function useTestDatabase(kind: TestDatabaseKind): TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database?.drop());
  return setUpLater('the test database', () => database);
}

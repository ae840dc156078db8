import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { CampaignDefinitionError, loadCampaignDefinition } from '../../client/campaign-definition';
import { runCli } from '../../client/cli';
import { ListFileError, readListFile } from '../../client/list-files';
import { agencyListSchema } from '../../domain/agency-list';
import { checkList } from '../../domain/list-quality';
import {
  agencyStateQuery,
  requestSupportUpdate,
  submitListUpdate,
  type AgencyState,
} from '../../workflows/agency/messages';
import { foreignLines, Findings, describeCase, isVietnamese, mapLimit, shortError } from '../support/bad-input-checks';
import {
  Rng,
  cliCases,
  csvListCases,
  definitionCases,
  jsonListCases,
  otherUpdateCases,
  preview,
  submitListCases,
  validCsvList,
  validDefinitionFiles,
  validJsonList,
  validList,
  validXlsxList,
  xlsxListCases,
  type DefinitionCase,
  type ListFileCase,
  type UpdateCase,
  type UpdateContext,
} from '../support/bad-input-generators';
import { createHarness, type Harness } from '../support/harness';
import { justiceDepartmentList } from '../support/sample-lists';
import { ENV_TEMPORAL_ADDRESS, required, testDatabases } from '../support/test-env';

// Bad inputs, generated from a seed by mutating valid ones, at every boundary where people or files
// enter dondoc: the agency workflow's Updates (on the real server, worker and databases), list
// files, campaign files with their rosters, and the admin script's argument vectors. Each must be
// refused with a Vietnamese message that names what is wrong, and leave nothing behind.
// A failing test lists what went wrong grouped by rule and mutation, with exact inputs. (An
// unhandled promise rejection fails the running test by itself: jest reports it there.)

const SEED = 0x751_2024;
const COUNT = { submitList: 520, perOtherUpdate: 24, csv: 230, json: 230, definitions: 150, cli: 260 } as const;
const REVIEWER = 'so-tttt';
const SERVICE_CENTER = 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh';
const AGENCY_ACTOR = 'Sở Tư pháp';
const UPDATE_CONCURRENCY = 8;
/** A rejection for the stage: seen only when a case raced with an Update a bug let through. */
const STAGE_REJECTION = /Không thể .+ khi hồ sơ đang ở trạng thái/;

/** Fixed contexts, for counting and for checking that generation repeats exactly. */
const COUNT_CONTEXT: UpdateContext = {
  agencyActor: AGENCY_ACTOR,
  reviewer: REVIEWER,
  serviceCenter: SERVICE_CENTER,
  requestId: 'campaign/000.00.01.H48#support-1',
  futureDeadline: '2099-03-15T17:00:00+07:00',
};

async function allCases() {
  const lists = {
    csv: csvListCases(SEED, COUNT.csv),
    json: jsonListCases(SEED, COUNT.json),
    xlsx: await xlsxListCases(SEED),
  };
  const definitions = definitionCases(SEED, COUNT.definitions);
  const samples = { listFiles: [...lists.csv, ...lists.json].filter((c) => c.content.length < 2_000_000), definitions };
  return {
    submitList: submitListCases(SEED, COUNT.submitList, COUNT_CONTEXT),
    otherUpdates: otherUpdateCases(SEED, COUNT.perOtherUpdate, COUNT_CONTEXT),
    ...lists,
    definitions,
    cli: cliCases(
      SEED,
      COUNT.cli,
      { campaignId: 'campaign-x', agencyCode: '000.00.01.H48', reviewer: REVIEWER, serviceCenter: SERVICE_CENTER },
      samples,
    ),
    samples,
  };
}

/** The cases by category, without the samples the admin-script cases reuse. */
function categories(all: Awaited<ReturnType<typeof allCases>>): Record<string, { id: string }[]> {
  return Object.fromEntries(Object.entries(all).filter(([category]) => category !== 'samples')) as Record<
    string,
    { id: string }[]
  >;
}

/** Generated once per file (the large files take a few seconds); the first test generates them twice. */
let generated: ReturnType<typeof allCases> | undefined;
const cases = () => (generated ??= allCases());

function digest(value: unknown): string {
  const hash = crypto.createHash('sha256');
  hash.update(
    JSON.stringify(value, (_key, v: unknown) =>
      v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer'
        ? crypto
            .createHash('sha256')
            .update(Buffer.from((v as { data: number[] }).data))
            .digest('hex')
        : v,
    ),
  );
  return hash.digest('hex');
}

describe('the bad-input generators', () => {
  test('make at least 1,000 bad inputs, the same ones for the same seed', async () => {
    const first = categories(await cases());
    const counts = Object.fromEntries(Object.entries(first).map(([category, list]) => [category, list.length]));
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    expect(total).toBeGreaterThanOrEqual(1_000);
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(0);
    const second = categories(await allCases());
    expect(digest(second)).toBe(digest(first));
    // Every case has its own ID.
    const ids = Object.values(first).flatMap((list) => list.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('start from valid inputs: what a case breaks is the mutation alone', async () => {
    const rng = new Rng(SEED).fork('sanity');
    for (let i = 0; i < 200; i++) {
      const list = validList(rng, i % 20 === 0 ? { procedures: 200, documents: [1, 2] } : {});
      expect(agencyListSchema.safeParse(list).error?.issues ?? []).toEqual([]);
      expect(checkList(list).errors).toEqual([]);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bad-valid-'));
    try {
      for (const [name, content] of [
        ['valid.csv', validCsvList(SEED)],
        ['valid.json', validJsonList(SEED)],
        ['valid.xlsx', await validXlsxList(SEED)],
      ] as const) {
        fs.writeFileSync(path.join(dir, name), content);
        await expect(readListFile(path.join(dir, name))).resolves.toMatchObject({ procedures: expect.any(Array) });
      }
      for (const [i, files] of validDefinitionFiles(SEED).entries()) {
        const caseDir = path.join(dir, `definition-${i}`);
        writeFiles(caseDir, files);
        await expect(loadCampaignDefinition(path.join(caseDir, 'chien-dich.yaml'))).resolves.toMatchObject({
          agencies: expect.any(Array),
        });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function writeFiles(dir: string, files: Record<string, string | Buffer | null>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    if (content === null) fs.mkdirSync(path.join(dir, name), { recursive: true });
    else fs.writeFileSync(path.join(dir, name), content);
  }
}

// ── List files ──────────────────────────────────────────────────────────────────────────────

describe('list files (.csv, .json, .xlsx) → always a ListFileError, located, in Vietnamese', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bad-lists-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function check(cases: ListFileCase[], findings: Findings): Promise<void> {
    await mapLimit(cases, 4, async (c) => {
      const file = path.join(dir, c.name);
      fs.writeFileSync(file, c.content);
      const outcome = await readListFile(file).then(
        (list) => ({ list }),
        (error: unknown) => ({ error }),
      );
      fs.rmSync(file, { force: true });
      if ('list' in outcome) {
        findings.add(
          c.invisible ? 'accepted: a name made only of invisible characters' : 'accepted (no error)',
          c.mutation,
          describeCase(c, preview(outcome.list, 160)),
        );
        return;
      }
      const { error } = outcome;
      if (!(error instanceof ListFileError)) {
        findings.add('not a ListFileError', c.mutation, describeCase(c, shortError(error)));
        return;
      }
      if (error.issues.length === 0) findings.add('ListFileError without issues', c.mutation, describeCase(c));
      for (const issue of error.issues) {
        if (!isVietnamese(issue.message))
          findings.add('issue message not Vietnamese', c.mutation, describeCase(c, preview(issue.message)));
        if (!issue.fix?.trim() || !isVietnamese(issue.fix))
          findings.add('issue without a Vietnamese fix', c.mutation, describeCase(c, preview(issue)));
        if (/lỗi không mong đợi/i.test(issue.message))
          findings.add(
            'internal exception wrapped as "lỗi không mong đợi"',
            c.mutation,
            describeCase(c, preview(issue.message)),
          );
      }
      const expected = c.expected;
      if (expected.kind === 'file') return;
      // Every problem of a readable file is located: sheet/row/column, or the JSON path (a line for syntax).
      const located = (issue: (typeof error.issues)[number]) =>
        c.format === 'json'
          ? expected.kind === 'syntax'
            ? issue.row !== undefined
            : issue.path !== undefined
          : issue.row !== undefined || issue.column !== undefined || issue.sheet !== undefined;
      const unlocated = error.issues.filter((issue) => !located(issue));
      if (unlocated.length > 0)
        findings.add(
          `issue without ${c.format === 'json' ? (expected.kind === 'syntax' ? 'a line' : 'a path') : 'a row/column'}`,
          c.mutation,
          describeCase(c, preview(unlocated[0])),
        );
      if (expected.kind === 'path') {
        for (const wanted of expected.paths) {
          if (!error.issues.some((issue) => issue.path === wanted)) {
            findings.add(
              'the offending path is not named',
              c.mutation,
              describeCase(
                c,
                `expected ${wanted}; got ${preview(
                  error.issues.map((i) => i.path ?? '—'),
                  200,
                )}`,
              ),
            );
          }
        }
      }
      if (expected.kind === 'cell' && (expected.row !== undefined || expected.column !== undefined)) {
        const hit = error.issues.some(
          (issue) =>
            (expected.row === undefined || issue.row === expected.row) &&
            (expected.column === undefined || issue.column === expected.column),
        );
        if (!hit) {
          findings.add(
            'the offending row/column is not named',
            c.mutation,
            describeCase(
              c,
              `expected dòng ${expected.row ?? '?'}, cột ${expected.column ?? '?'}; got ${preview(
                error.issues.map((i) => `${i.row}/${i.column}`),
                200,
              )}`,
            ),
          );
        }
      }
      if (c.format === 'xlsx' && error.issues.some((issue) => issue.row !== undefined && issue.sheet === undefined)) {
        findings.add('xlsx issue without its sheet', c.mutation, describeCase(c));
      }
    });
  }

  test('.csv', async () => {
    const findings = new Findings();
    await check((await cases()).csv, findings);
    expect(findings.summary()).toEqual({});
  });

  test('.json', async () => {
    const findings = new Findings();
    await check((await cases()).json, findings);
    expect(findings.summary()).toEqual({});
  });

  test('.xlsx (exceljs, broken archives)', async () => {
    const findings = new Findings();
    await check((await cases()).xlsx, findings);
    expect(findings.summary()).toEqual({});
  });
});

// ── Campaign files and rosters ──────────────────────────────────────────────────────────────

describe('campaign files (YAML) and rosters → always a CampaignDefinitionError naming the field', () => {
  test('campaign YAML and roster .csv/.xlsx', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bad-definitions-'));
    const findings = new Findings();
    try {
      await mapLimit((await cases()).definitions, 4, async (c: DefinitionCase) => {
        const caseDir = path.join(dir, c.id.replace('#', '-'));
        writeFiles(caseDir, c.files);
        const outcome = await loadCampaignDefinition(path.join(caseDir, c.main)).then(
          (definition) => ({ definition }),
          (error: unknown) => ({ error }),
        );
        if ('definition' in outcome) {
          findings.add('accepted (no error)', c.mutation, describeCase(c));
          return;
        }
        const { error } = outcome;
        if (!(error instanceof CampaignDefinitionError)) {
          findings.add('not a CampaignDefinitionError', c.mutation, describeCase(c, shortError(error)));
          return;
        }
        const foreign = error.problems.flatMap(foreignLines);
        if (foreign.length > 0)
          findings.add('problem not in Vietnamese', c.mutation, describeCase(c, preview(foreign[0])));
        if (!c.expect.some((fragment) => error.message.includes(fragment))) {
          findings.add(
            'the field (or row/line) is not named',
            c.mutation,
            describeCase(c, `expected one of ${preview(c.expect)}; got ${preview(error.problems, 300)}`),
          );
        }
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(findings.summary()).toEqual({});
  });
});

// ── The agency workflow's Updates, and the admin script, on each database ───────────────────

interface Target {
  workflowId: string;
  handle: WorkflowHandle;
  /** Accepted Updates in the history when the bad ones began. */
  acceptedBefore: number;
  state: Partial<AgencyState>;
  rows: Record<string, unknown>;
}

/** The workflows a batch of bad Updates goes to; one that a bug changed is replaced by a fresh one. */
class TargetPool {
  private current: Promise<Target>;
  readonly retired = new Set<string>();
  readonly all: Promise<Target>[] = [];

  constructor(private readonly make: () => Promise<Target>) {
    this.current = make();
    this.all.push(this.current);
  }

  target(): Promise<Target> {
    return this.current;
  }

  retire(target: Target): void {
    if (this.retired.has(target.workflowId)) return;
    this.retired.add(target.workflowId);
    this.current = this.make();
    this.all.push(this.current);
  }
}

const STATE_KEYS = [
  'stage',
  'stageReason',
  'version',
  'returnCount',
  'deadlines',
  'activeDeadline',
  'escalations',
  'supportRequests',
  'lastAction',
] as const;

function stateOf(state: AgencyState): Partial<AgencyState> {
  return Object.fromEntries(STATE_KEYS.map((key) => [key, state[key]]));
}

describe.each(testDatabases())('on %s', (kind) => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness(kind);
    await harness.startWorker();
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** What the database holds for one agency: must not move while bad requests are refused. */
  async function rowsOf(workflowId: string): Promise<Record<string, unknown>> {
    const db = harness.database.db;
    const assignment = await db.assignment.findUnique({ where: { workflowId } });
    if (!assignment) return { assignment: null };
    const where = { assignmentId: assignment.id };
    const audit = await db.auditEvent.findMany({ where, select: { action: true } });
    return {
      assignment: {
        stage: assignment.stage,
        currentVersion: assignment.currentVersion,
        returnCount: assignment.returnCount,
        stageReason: assignment.stageReason,
        lastTransitionSeq: assignment.lastTransitionSeq,
      },
      submissions: await db.submission.count({ where }),
      decisions: await db.reviewDecision.count({ where }),
      escalations: await db.escalation.count({ where }),
      supportRequests: await db.supportRequest.count({ where }),
      supportAnswers: await db.supportRequest.count({ where: { ...where, answeredAt: { not: null } } }),
      notifications: await db.notification.count({ where }),
      audit: audit.map((e) => e.action).sort(),
    };
  }

  /** Waits until the agency's rows stop changing (the assignment and its notification are written in the background). */
  async function settledRows(
    workflowId: string,
    ready: (rows: Record<string, unknown>) => boolean,
  ): Promise<Record<string, unknown>> {
    let previous = '';
    for (let i = 0; i < 100; i++) {
      const rows = await rowsOf(workflowId);
      const text = JSON.stringify(rows);
      if (ready(rows) && text === previous) return rows;
      previous = text;
      await sleep(250);
    }
    throw new Error(`the rows of ${workflowId} never settled: ${previous}`);
  }

  async function acceptedUpdates(handle: WorkflowHandle): Promise<{ accepted: number; failedTasks: number }> {
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    return {
      accepted: events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length,
      failedTasks: events.filter((e) => e.workflowTaskFailedEventAttributes).length,
    };
  }

  async function makeTarget(
    prepare?: (handle: WorkflowHandle) => Promise<void>,
    ready: (rows: Record<string, unknown>) => boolean = (r) => r.notifications === 1,
  ): Promise<Target> {
    const { workflowId } = await harness.startAgency();
    const handle = harness.client.workflow.getHandle(workflowId);
    await prepare?.(handle);
    const rows = await settledRows(workflowId, (r) => r.assignment !== null && ready(r));
    return {
      workflowId,
      handle,
      acceptedBefore: (await acceptedUpdates(handle)).accepted,
      state: stateOf(await handle.query(agencyStateQuery)),
      rows,
    };
  }

  async function sendAll(
    cases: UpdateCase[],
    pool: TargetPool,
    findings: Findings,
    concurrency: number,
  ): Promise<void> {
    const run = async (c: UpdateCase) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const target = await pool.target();
        const outcome = await target.handle.executeUpdate<unknown, [unknown]>(c.update, { args: [c.payload] }).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        if ('value' in outcome) {
          findings.add(
            c.invisible
              ? `${c.update} accepted: a value made only of invisible characters`
              : `${c.update} accepted (the bad Update changed the workflow)`,
            c.mutation,
            describeCase(c, preview(outcome.value, 200)),
          );
          pool.retire(target);
          return;
        }
        const { error } = outcome;
        const message = error instanceof WorkflowUpdateFailedError ? String(error.cause?.message ?? '') : '';
        // Sent to a workflow that a bug changed (or ended) meanwhile: send it again to a fresh one.
        if (pool.retired.has(target.workflowId) && (message === '' || STAGE_REJECTION.test(message))) continue;
        if (!(error instanceof WorkflowUpdateFailedError)) {
          findings.add(`${c.update}: not rejected by the validator`, c.mutation, describeCase(c, shortError(error)));
          return;
        }
        const foreign = foreignLines(message);
        if (foreign.length > 0 || message.trim() === '')
          findings.add(
            `${c.update}: message not in Vietnamese`,
            c.mutation,
            describeCase(c, preview(foreign[0] ?? message)),
          );
        const missing = c.expect.filter((fragment) => !message.includes(fragment));
        if (missing.length > 0)
          findings.add(
            `${c.update}: the field (or rule) is not named`,
            c.mutation,
            describeCase(c, `expected ${preview(missing)}; got ${preview(message, 300)}`),
          );
        return;
      }
      findings.add(`${c.update}: could not be sent`, c.mutation, describeCase(c));
    };
    await mapLimit(cases, concurrency, run);
  }

  /**
   * All cases, then the check that nothing changed; then, one at a time, the values made only of
   * invisible characters, which a bug lets through: each may replace the workflow, so they come
   * after the check and disturb no other case.
   */
  async function sendAndCheck(
    cases: UpdateCase[],
    pool: TargetPool,
    findings: Findings,
    check?: () => Promise<void>,
  ): Promise<void> {
    await sendAll(
      cases.filter((c) => !c.invisible),
      pool,
      findings,
      UPDATE_CONCURRENCY,
    );
    expect(await checkUnchanged(pool, findings)).toBeGreaterThan(0);
    await check?.();
    await sendAll(
      cases.filter((c) => c.invisible),
      pool,
      findings,
      1,
    );
    await checkUnchanged(pool, findings);
  }

  /** The workflows no bug changed: same state, same rows, no accepted Update, no failed task, still running. */
  async function checkUnchanged(pool: TargetPool, findings: Findings): Promise<number> {
    let checked = 0;
    for (const pending of pool.all) {
      const target = await pending;
      if (pool.retired.has(target.workflowId)) continue;
      checked++;
      const description = await target.handle.describe();
      if (description.status.name !== 'RUNNING')
        findings.add('workflow no longer running', description.status.name, target.workflowId);
      const state = stateOf(await target.handle.query(agencyStateQuery));
      if (JSON.stringify(state) !== JSON.stringify(target.state))
        findings.add(
          'agencyState changed',
          target.workflowId,
          `${preview(target.state, 400)} → ${preview(state, 400)}`,
        );
      const rows = await rowsOf(target.workflowId);
      if (JSON.stringify(rows) !== JSON.stringify(target.rows))
        findings.add(
          'database rows changed',
          target.workflowId,
          `${preview(target.rows, 400)} → ${preview(rows, 400)}`,
        );
      const history = await acceptedUpdates(target.handle);
      if (history.accepted !== target.acceptedBefore)
        findings.add(
          'an Update reached the history',
          target.workflowId,
          `${target.acceptedBefore} → ${history.accepted} accepted`,
        );
      if (history.failedTasks > 0)
        findings.add('workflow task failed', target.workflowId, `${history.failedTasks} failed tasks`);
    }
    return checked;
  }

  test('submitList: every bad list refused by the validator naming the field; state and database unchanged', async () => {
    const findings = new Findings();
    const pool = new TargetPool(() => makeTarget());
    const first = await pool.target();
    expect(first.state).toMatchObject({ stage: 'assigned', version: 0 });
    expect(first.rows).toMatchObject({
      submissions: 0,
      decisions: 0,
      escalations: 0,
      supportRequests: 0,
      audit: ['assign'],
    });

    await sendAndCheck(
      submitListCases(SEED, COUNT.submitList, { agencyActor: AGENCY_ACTOR }),
      pool,
      findings,
      async () => {
        // The first workflow, unless a bug replaced it: still assigned, nothing stored beyond the assignment.
        if (pool.retired.has(first.workflowId)) return;
        expect(await first.handle.query(agencyStateQuery)).toMatchObject({ stage: 'assigned', version: 0 });
        expect(await rowsOf(first.workflowId)).toMatchObject({
          submissions: 0,
          decisions: 0,
          escalations: 0,
          supportRequests: 0,
          audit: ['assign'],
        });
      },
    );
    expect(findings.summary()).toEqual({});
  });

  test('returnList, acceptList, extendDeadline, withdraw, escalate, remindNow, requestSupport, answerSupport: bad payloads and roles refused, nothing changes', async () => {
    const findings = new Findings();
    let requestId = '';
    // A submitted list with an open support request: every action is possible, so only the payload or the role can be wrong.
    const pool = new TargetPool(() =>
      makeTarget(
        async (handle) => {
          await handle.executeUpdate(submitListUpdate, { args: [{ by: AGENCY_ACTOR, list: justiceDepartmentList }] });
          ({ requestId } = await handle.executeUpdate(requestSupportUpdate, {
            args: [
              { by: AGENCY_ACTOR, question: 'TTHC 1.002421 có phải số hóa ý kiến của Hội công chứng viên không?' },
            ],
          }));
        },
        (rows) => rows.submissions === 1 && rows.supportRequests === 1,
      ),
    );
    const first = await pool.target();
    expect(first.state).toMatchObject({
      stage: 'submitted',
      version: 1,
      supportRequests: [{ id: requestId, answered: false }],
    });
    const ctx: UpdateContext = {
      agencyActor: AGENCY_ACTOR,
      reviewer: REVIEWER,
      serviceCenter: SERVICE_CENTER,
      requestId,
      futureDeadline: new Date(Date.now() + 20 * 86_400_000).toISOString(),
    };

    await sendAndCheck(otherUpdateCases(SEED, COUNT.perOtherUpdate, ctx), pool, findings);
    expect(findings.summary()).toEqual({});
  });

  test('admin script: malformed argv → non-zero exit, Vietnamese message, no crash, nothing started or stored', async () => {
    const findings = new Findings();
    const agency = await makeTarget();
    const agencyCode = agency.workflowId.split(':agency:')[1]!;
    const argvs = cliCases(
      SEED,
      COUNT.cli,
      { campaignId: harness.campaignId, agencyCode, reviewer: REVIEWER, serviceCenter: SERVICE_CENTER },
      (await cases()).samples,
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bad-cli-'));
    const db = harness.database.db;
    const tableCounts = async () => ({
      campaigns: await db.campaign.count(),
      agencies: await db.agency.count(),
      assignments: await db.assignment.count(),
      submissions: await db.submission.count(),
      decisions: await db.reviewDecision.count(),
      escalations: await db.escalation.count(),
      notifications: await db.notification.count(),
      audit: await db.auditEvent.count(),
      supportRequests: await db.supportRequest.count(),
      catalogue: await db.catalogueEntry.count(),
    });
    const before = await tableCounts();
    const startedAt = new Date().toISOString(); // the server runs on this machine: one clock
    const env = {
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: required(ENV_TEMPORAL_ADDRESS),
      DONDOC_TASK_QUEUE: harness.taskQueue,
      DATABASE_URL: harness.database.url,
      DONDOC_LOG_LEVEL: 'error',
    };
    const sink = () => {
      let text = '';
      const stream = new Writable({
        write(chunk: Buffer | string, _encoding, done) {
          text += chunk.toString();
          done();
        },
      });
      return { stream, text: () => text };
    };
    try {
      const run = async (c: (typeof argvs)[number]) => {
        const caseDir = path.join(dir, c.id.replace('#', '-'));
        writeFiles(caseDir, c.files ?? {});
        const argv = c.argv.map((arg) => arg.replaceAll('{dir}', caseDir));
        const stdout = sink();
        const stderr = sink();
        const outcome = await runCli(argv, {
          stdout: stdout.stream,
          stderr: stderr.stream,
          env,
          connectTimeoutMs: 2_000,
          queryTimeoutMs: 5_000,
        }).then(
          (code) => ({ code }),
          (error: unknown) => ({ error }),
        );
        const what = { id: c.id, what: `${preview(argv, 200)} (${c.what})` };
        if ('error' in outcome) {
          findings.add(
            'runCli threw instead of returning an exit code',
            c.mutation,
            describeCase(what, shortError(outcome.error)),
          );
          return;
        }
        const err = stderr.text();
        if (outcome.code === 0) {
          findings.add(
            'exit code 0: the bad input was accepted',
            c.mutation,
            describeCase(what, preview(stdout.text(), 300)),
          );
          return;
        }
        if (stdout.text() !== '')
          findings.add('wrote to stdout while failing', c.mutation, describeCase(what, preview(stdout.text(), 200)));
        // The error, from "Lỗi:" on, line by line (each problem is a line); help text shown instead of an error may hold bare option names.
        const at = err.indexOf('Lỗi:');
        const foreign = at < 0 ? [] : foreignLines(err.slice(at)).filter((line) => !line.startsWith('Xem hướng dẫn:'));
        if (!isVietnamese(err) || foreign.length > 0)
          findings.add('stderr not in Vietnamese', c.mutation, describeCase(what, preview(foreign[0] ?? err, 300)));
        if (/Lỗi không mong đợi/.test(err))
          findings.add(
            'unexpected internal error ("Lỗi không mong đợi")',
            c.mutation,
            describeCase(what, preview(err, 300)),
          );
        if (/\n\s+at .+\(.+:\d+:\d+\)/.test(err))
          findings.add('stack trace on stderr', c.mutation, describeCase(what, preview(err, 300)));
      };
      await mapLimit(
        argvs.filter((c) => !c.last),
        4,
        run,
      );
      for (const c of argvs.filter((c) => c.last)) await run(c);
      await sleep(1_500); // visibility is eventually consistent
      const started: string[] = [];
      for await (const workflow of harness.client.workflow.list({
        query: `TaskQueue = "${harness.taskQueue}" AND StartTime > "${startedAt}"`,
      }))
        started.push(workflow.workflowId);
      if (started.length > 0)
        findings.add(
          'a workflow was started',
          'visibility',
          `since the first command, on ${harness.taskQueue}: ${started.join(', ')}`,
        );
      const after = await tableCounts();
      if (JSON.stringify(after) !== JSON.stringify(before))
        findings.add('database rows changed', 'database', `${preview(before, 400)} → ${preview(after, 400)}`);
      const state = stateOf(await agency.handle.query(agencyStateQuery));
      if (JSON.stringify(state) !== JSON.stringify(agency.state))
        findings.add(
          'agencyState changed',
          agency.workflowId,
          `${preview(agency.state, 300)} → ${preview(state, 300)}`,
        );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(findings.summary()).toEqual({});
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { RosterEntry } from '../../client/campaign-definition';
import { agencyWorkflowId } from '../../domain/agency-input';
import type { AgencyList } from '../../domain/agency-list';
import { campaignWorkflowId } from '../../domain/campaign-input';
import type { Stage } from '../../domain/stages';
import { rowsWhere, type RunSnapshot } from './fault-snapshot';
import { sampleCampaign } from './sample-campaign';

// The scripted campaign of the fault suites: nine agencies, each with a fixed list of Updates, so
// that a run under faults can be compared whole (test/support/fault-snapshot.ts) with an
// undisturbed run.

export const REVIEWER = 'Sở Thông tin và Truyền thông';
export const APPROVER = 'Chủ tịch UBND tỉnh';
export const SERVICE_CENTER = 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh';

export type Step =
  | { type: 'submit'; list: AgencyList }
  | { type: 'return'; overall: string; lines?: { procedureCode: string; reason: string }[] }
  | { type: 'accept'; note?: string }
  | { type: 'withdraw'; reason: string }
  | { type: 'escalate'; reason: string }
  | { type: 'ask'; question: string }
  | { type: 'answer'; answer: string };

export interface ScriptedAgency {
  entry: RosterEntry;
  steps: Step[];
  /** Stage once the campaign is approved. */
  final: Stage;
  /** Escalation kinds this agency must end with, each exactly once. */
  escalations: string[];
}

/** A list of `procedures` procedures; later versions add a document (what a return asks for). */
function list(seed: number, procedures: number, version: number): AgencyList {
  return {
    procedures: Array.from({ length: procedures }, (_, p) => ({
      code: `1.${String(1000 + seed * 10 + p).padStart(6, '0')}`,
      name: `Thủ tục hành chính ${seed}.${p + 1}`,
      field: 'Lĩnh vực thử nghiệm',
      documents: [
        {
          name: `Tờ khai đề nghị ${seed}.${p + 1}`,
          kind: 'thanh_phan_ho_so' as const,
          basis: 'Nghị định 107/2021/NĐ-CP',
        },
        { name: `Giấy phép ${seed}.${p + 1}`, kind: 'ket_qua' as const },
        ...(version > 1
          ? [{ name: `Văn bản bổ sung lần ${version - 1}`, kind: 'y_kien' as const, note: 'Bổ sung theo yêu cầu' }]
          : []),
      ],
    })),
  };
}

const agency = (
  code: string,
  name: string,
  kind: RosterEntry['kind'],
  extra: Partial<RosterEntry> = {},
): RosterEntry => ({
  code,
  name,
  kind,
  email: `${code}@example.gov.vn`,
  stage: 'assigned',
  ...extra,
});

/** The roster and each agency's Updates; deterministic, no clock-dependent content. */
export function scriptedAgencies(): ScriptedAgency[] {
  const back = (overall: string, procedureCode?: string): Step => ({
    type: 'return',
    overall,
    lines: procedureCode ? [{ procedureCode, reason: 'Thiếu giấy tờ kết quả' }] : [],
  });
  return [
    {
      // A re-review agency of letter 751: starts returned, one resubmission.
      entry: agency('so-tu-phap', 'Sở Tư pháp', 'department', {
        stage: 'returned',
        reason: 'Kết quả rà soát trước chưa đạt',
      }),
      steps: [
        { type: 'submit', list: list(1, 2, 1) },
        { type: 'accept', note: 'Đạt yêu cầu' },
      ],
      final: 'approved',
      escalations: [],
    },
    {
      entry: agency('so-y-te', 'Sở Y tế', 'department'),
      steps: [
        { type: 'submit', list: list(2, 1, 1) },
        back('Chưa đủ thành phần hồ sơ', '1.001020'),
        { type: 'submit', list: list(2, 1, 2) },
        { type: 'accept' },
      ],
      final: 'approved',
      escalations: [],
    },
    {
      // Two returns: perfunctory (đối phó), escalated once.
      entry: agency('so-noi-vu', 'Sở Nội vụ', 'department'),
      steps: [
        { type: 'submit', list: list(3, 2, 1) },
        back('Thiếu kết quả giải quyết TTHC'),
        { type: 'submit', list: list(3, 2, 2) },
        back('Vẫn chưa đạt', '1.001031'),
        { type: 'submit', list: list(3, 2, 3) },
        { type: 'accept' },
      ],
      final: 'approved',
      escalations: ['perfunctory'],
    },
    {
      // Three returns: the perfunctory escalation is still raised only once.
      entry: agency('ubnd-huyen-binh-son', 'UBND huyện Bình Sơn', 'district'),
      steps: [
        { type: 'submit', list: list(4, 1, 1) },
        back('Lần 1: thiếu giấy tờ'),
        { type: 'submit', list: list(4, 1, 2) },
        back('Lần 2: thiếu giấy tờ'),
        { type: 'submit', list: list(4, 1, 3) },
        back('Lần 3: thiếu giấy tờ'),
        { type: 'submit', list: list(4, 1, 4) },
        { type: 'accept' },
      ],
      final: 'approved',
      escalations: ['perfunctory'],
    },
    {
      // Reported by hand to the Office, then does its work.
      entry: agency('cong-an-tinh', 'Công an tỉnh', 'police'),
      steps: [
        { type: 'escalate', reason: 'Không phối hợp rà soát' },
        { type: 'submit', list: list(5, 2, 1) },
        { type: 'accept' },
      ],
      final: 'approved',
      escalations: ['manual'],
    },
    {
      entry: agency('ubnd-xa-binh-thanh', 'UBND xã Bình Thạnh', 'commune'),
      steps: [
        { type: 'submit', list: list(6, 1, 1) },
        back('Chưa đúng biểu mẫu'),
        { type: 'withdraw', reason: 'Sáp nhập đơn vị hành chính' },
      ],
      final: 'withdrawn',
      escalations: [],
    },
    {
      entry: agency('thanh-tra-tinh', 'Thanh tra tỉnh', 'department'),
      steps: [
        { type: 'ask', question: 'TTHC 1.001070 có phải số hóa ý kiến của cơ quan phối hợp không?' },
        { type: 'answer', answer: 'Có, nếu ý kiến là thành phần hồ sơ.' },
        { type: 'submit', list: list(7, 1, 1) },
        { type: 'accept' },
      ],
      final: 'approved',
      escalations: [],
    },
    {
      // Submits but is never reviewed: missing at consolidation, left open afterwards.
      entry: agency('ubnd-huyen-ly-son', 'UBND huyện Lý Sơn', 'district'),
      steps: [{ type: 'submit', list: list(8, 1, 1) }],
      final: 'submitted',
      escalations: ['missing_at_consolidation'],
    },
    {
      // Silent: reminded twice, overdue, then missing at consolidation (see SILENT below).
      entry: agency(SILENT, 'Sở Xây dựng', 'department'),
      steps: [],
      final: 'assigned',
      escalations: ['submission_overdue', 'missing_at_consolidation'],
    },
  ];
}

/**
 * The one agency that does nothing: its submission deadline is shortened (an extension by the
 * Service Center, through the server) so that its reminders and its overdue escalation fall due
 * while the fault suites disturb the run. Nothing else it has depends on when the script's Updates land.
 */
export const SILENT = 'so-xay-dung';
/** Monday 12/02/2024, end of day, Asia/Ho_Chi_Minh. */
export const SILENT_DEADLINE = '2024-02-12T23:59:59+07:00';

/**
 * When the silent agency's timers are due, worked out by hand on the "weekends-only" calendar with
 * reminders 2 and 1 working days before the deadline (08:00 on those days): Monday 12/02 minus one
 * working day is Friday 09/02, minus two is Thursday 08/02 (the weekend 10–11/02 is skipped).
 */
export const SILENT_TIMERS = [
  { what: 'reminder 2 working days before', at: '2024-02-08T08:00:00+07:00' },
  { what: 'reminder 1 working day before', at: '2024-02-09T08:00:00+07:00' },
  { what: 'submission overdue', at: SILENT_DEADLINE },
] as const;

/** The rehearsal's clock starts at 08:00 on the directive's day (Wednesday 07/02/2024). */
export const CAMPAIGN_START = '2024-02-07T08:00:00+07:00';
/** Consolidation waits until every timer above has fired: Tuesday 13/02/2024 08:00. */
export const CONSOLIDATE_AT = '2024-02-13T08:00:00+07:00';

/**
 * A rehearsal (launched with `?drill=true`) of letter 751 on fixed dates: the campaign's own
 * deadlines and its review and resubmission periods lie far beyond the test, so that only the
 * silent agency's timers fire; every run is given the same instants.
 */
export function scriptedCampaign(agencies: ScriptedAgency[]) {
  const base = sampleCampaign({
    agencies: agencies.map((a) => a.entry),
    deadlines: { submission: '2024-04-26T23:59:59+07:00', approval: '2024-05-31T23:59:59+07:00' },
  });
  return {
    ...base,
    policy: { ...base.policy, reminderOffsets: [2, 1], resubmissionWorkingDays: 40, reviewWorkingDays: 40 },
  };
}

/** mulberry32: a small seeded PRNG, so a "random" fault schedule is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface RetryLog {
  retries: { label: string; error: string }[];
}

/** A step's answer without its instant, with the campaign ID replaced: comparable across runs. */
export type Receipt = Record<string, unknown>;

export interface Driver {
  /** The dondoc server the script goes through (the same address across its restarts). */
  baseUrl: string;
  /** Personal API tokens: `reviewer`, `approver`, `operator`, and each agency by its code. */
  tokens: Record<string, string>;
  /** The test's own Temporal client: reads and clean-up only, never an Update. */
  client: Client;
  campaignId: string;
  log: RetryLog;
  /** Updates started and not yet answered (to tell whether a fault hit one in flight). */
  inFlight: number;
  /** Updates answered so far (to tell whether a run makes progress between faults). */
  answered: number;
  /** What happened when (Updates answered, faults), from the driver's start: where a run waited. */
  trace: string[];
  started: number;
}

export function newDriver(
  client: Client,
  campaignId: string,
  server: { baseUrl: string; tokens: Record<string, string> },
): Driver {
  return {
    ...server,
    client,
    campaignId,
    log: { retries: [] },
    inFlight: 0,
    answered: 0,
    trace: [],
    started: Date.now(),
  };
}

/** Records a moment of the run; DONDOC_FAULT_TRACE=1 also prints it as it happens. */
export function note(driver: Driver, what: string): void {
  const line = `${((Date.now() - driver.started) / 1000).toFixed(1)}s ${what}`;
  driver.trace.push(line);
  if (process.env.DONDOC_FAULT_TRACE) process.stderr.write(`[${driver.campaignId}] ${line}\n`);
}

/** Fails with `describe()` (where the run stands) when `promise` takes longer than `ms`. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, describe: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`not done after ${ms} ms, ${describe()}`)), ms)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function normalize<T>(value: T, campaignId: string): T {
  return JSON.parse(JSON.stringify(value).split(campaignId).join('<campaign>').replace(UUID, '<uuid>')) as T;
}

/** An HTTP answer the server refused for a reason a retry cannot change (a 4xx): the script is wrong. */
class Refused extends Error {}

/**
 * One action through the server as `who`, until it is answered. The Idempotency-Key is fixed by the
 * caller: the server derives the Update ID from it, so a retry after a lost answer (the server or
 * the worker killed) reaches the same Update, which Temporal applies once.
 */
export async function post(
  driver: Driver,
  who: string,
  path: string,
  body: unknown,
  idempotencyKey: string,
): Promise<Record<string, unknown>> {
  const call = async () => {
    let response: Response;
    try {
      response = await fetch(`${driver.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${driver.tokens[who]}`,
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(120_000),
      });
    } catch (error) {
      throw Object.assign(new Error(`no answer: ${(error as Error).message}`), { name: 'NoAnswer' });
    }
    const text = await response.text();
    if (response.status === 200) return JSON.parse(text) as Record<string, unknown>;
    if (response.status >= 500 || response.status === 429)
      throw Object.assign(new Error(`${response.status} ${text.slice(0, 300)}`), { name: 'Unavailable' });
    throw new Refused(`${who} ${path}: ${response.status} ${text.slice(0, 500)}`);
  };
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (error instanceof Refused || Date.now() > deadline) throw error;
      driver.log.retries.push({
        label: `${who} ${path}`,
        error: `${(error as Error).name}: ${(error as Error).message}`,
      });
      await sleep(250);
    }
  }
}

const agencyPath = (driver: Driver, code: string, action: string) =>
  `/api/v1/campaigns/${encodeURIComponent(driver.campaignId)}/agencies/${code}/${action}`;

async function runStep(driver: Driver, code: string, step: Step, index: number): Promise<Receipt> {
  const key = `fault-${code}-step-${index}`;
  const supportId = `${driver.campaignId}/${code}#support-1`;
  const send = (who: string, action: string, body: unknown) =>
    post(driver, who, agencyPath(driver, code, action), body, key);
  const call = (): Promise<Record<string, unknown>> => {
    switch (step.type) {
      case 'submit':
        return send(code, 'submissions', { list: step.list });
      case 'return':
        return send('reviewer', 'return', { reasons: { overall: step.overall, lines: step.lines ?? [] } });
      case 'accept':
        return send('reviewer', 'accept', step.note === undefined ? {} : { note: step.note });
      case 'withdraw':
        return send('operator', 'withdraw', { reason: step.reason });
      case 'escalate':
        return send('operator', 'escalate', { reason: step.reason });
      case 'ask':
        return send(code, 'support', { question: step.question });
      case 'answer':
        return send('reviewer', 'support/answer', { requestId: supportId, answer: step.answer });
    }
  };
  driver.inFlight++;
  try {
    const receipt = await call();
    delete receipt.at; // when it happened: checked on the campaign clock, not here
    driver.answered++;
    note(driver, `${code} ${step.type}`);
    return normalize(receipt, driver.campaignId);
  } finally {
    driver.inFlight--;
  }
}

/**
 * Runs steps [from, to) of every agency's script, agencies side by side, each agency's steps in
 * order. `pause` is a think time between two steps of one agency (spreads the run over time).
 */
export async function runScripts(
  driver: Driver,
  agencies: ScriptedAgency[],
  options: {
    from?: (a: ScriptedAgency) => number;
    to?: (a: ScriptedAgency) => number;
    pause?: () => number;
    /** Awaited before each Update is sent (a fault schedule may hold the script back). */
    before?: () => Promise<void>;
  } = {},
): Promise<Record<string, Receipt[]>> {
  const receipts: Record<string, Receipt[]> = {};
  await Promise.all(
    agencies.map(async (a) => {
      const code = a.entry.code;
      receipts[code] = [];
      const from = options.from?.(a) ?? 0;
      const to = Math.min(options.to?.(a) ?? a.steps.length, a.steps.length); // the silent agency has none
      for (let i = from; i < to; i++) {
        if (options.pause) await sleep(options.pause());
        await options.before?.();
        receipts[code]!.push(await runStep(driver, code, a.steps[i]!, i));
      }
    }),
  );
  return receipts;
}

/** Sends one scripted Update through the server, counted as in flight while it is unanswered. */
async function tracked(driver: Driver, label: string, send: () => Promise<Record<string, unknown>>) {
  driver.inFlight++;
  try {
    const answer = await send();
    driver.answered++;
    note(driver, label);
    return answer;
  } finally {
    driver.inFlight--;
  }
}

/**
 * Consolidation, then approval straight after it, as the reviewer and the approver do them: no
 * waiting for the agencies to record their consolidation first (approval must reach those that
 * have not yet: test/faults/campaign-fan-out.test.ts).
 */
export async function consolidateAndApprove(
  driver: Driver,
  options: { before?: () => Promise<void> } = {},
): Promise<Receipt> {
  const campaign = `/api/v1/campaigns/${encodeURIComponent(driver.campaignId)}`;
  await options.before?.();
  const summary = await tracked(driver, 'consolidated', () =>
    post(driver, 'reviewer', `${campaign}/consolidate`, {}, 'fault-consolidate'),
  );
  await options.before?.();
  const approval = await tracked(driver, 'approved', () =>
    post(
      driver,
      'approver',
      `${campaign}/approve`,
      { decisionNumber: '512/QĐ-UBND', decisionDate: '2024-03-13', signer: 'Đặng Văn Minh' },
      'fault-approve',
    ),
  );
  // File paths differ from run to run; the counts and the missing agencies do not.
  const { round, by, procedures, entries, agencies: listed, missing } = summary;
  return normalize(
    { consolidation: { round, by, procedures, entries, agencies: listed, missing }, approval },
    driver.campaignId,
  );
}

/** The instants every run of a scripted campaign is given alike (kept verbatim in snapshots). */
export function fixedInstants(definition: { deadlines: { submission: string; approval?: string } }): Date[] {
  return [
    new Date(definition.deadlines.submission),
    ...(definition.deadlines.approval ? [new Date(definition.deadlines.approval)] : []),
    new Date(SILENT_DEADLINE),
    ...SILENT_TIMERS.map((timer) => new Date(timer.at)),
    new Date('2024-02-07T00:00:00+07:00'), // the directive's date
    new Date('2024-03-13T00:00:00+07:00'), // the approval decision's date
    new Date('2024-03-13T00:00:00Z'),
  ];
}

export async function waitFor(
  probe: () => Promise<boolean>,
  what: string,
  timeoutMs: number,
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(intervalMs);
  }
}

const { EventType, WorkflowTaskFailedCause } = temporal.api.enums.v1;

/** Workflow task failures that mean a bug (non-determinism, an exception in workflow code). */
export async function workflowTaskFailures(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .filter((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
    .map(
      (event) =>
        event.workflowTaskFailedEventAttributes?.cause ??
        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED,
    )
    .filter(
      (cause) =>
        // Benign: new events arrived while the task ran, or the worker asked for a fresh start.
        cause !== WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND &&
        cause !== WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_STICKY_TASK_QUEUE,
    )
    .map((cause) => WorkflowTaskFailedCause[cause] ?? String(cause));
}

/**
 * Waits until the campaign is over: the campaign and every finished agency workflow completed
 * (which includes their background notifications), the agency left open idle. Returns the
 * workflow task failures that indicate a bug, by workflow.
 */
export async function waitForCampaignEnd(
  client: Client,
  campaignId: string,
  agencies: ScriptedAgency[],
  timeoutMs: number,
): Promise<Record<string, string[]>> {
  const timeout = (promise: Promise<unknown>, what: string) =>
    withDeadline(promise, timeoutMs, () => `waiting for ${what}`);
  const handles = [
    { id: campaignWorkflowId(campaignId), open: false },
    ...agencies.map((a) => ({
      id: agencyWorkflowId(campaignId, a.entry.code),
      open: a.final !== 'approved' && a.final !== 'withdrawn',
    })),
  ];
  await Promise.all(
    handles.map(async ({ id, open }) => {
      const handle = client.workflow.getHandle(id);
      if (!open) {
        await timeout(handle.result(), `${id} to complete`);
        return;
      }
      await waitFor(
        async () => ((await handle.describe()).raw.pendingActivities ?? []).length === 0,
        `${id} to have no pending activity`,
        timeoutMs,
      );
    }),
  );
  const failures: Record<string, string[]> = {};
  for (const { id } of handles) {
    const found = await workflowTaskFailures(client.workflow.getHandle(id));
    if (found.length > 0) failures[normalize(id, campaignId)] = found;
  }
  return failures;
}

/** Terminates whatever the scenario left running (the agency never reviewed), ignoring the rest. */
export async function terminateOpen(client: Client, campaignId: string, agencies: ScriptedAgency[]): Promise<void> {
  const ids = [campaignWorkflowId(campaignId), ...agencies.map((a) => agencyWorkflowId(campaignId, a.entry.code))];
  await Promise.all(
    ids.map((id) =>
      client.workflow
        .getHandle(id)
        .terminate('fault test cleanup')
        .catch(() => undefined),
    ),
  );
}

const AUDITED: Partial<Record<Step['type'], string>> = {
  submit: 'submit',
  return: 'return',
  accept: 'accept',
  withdraw: 'withdraw',
};

/** Audited actions that are not stage transitions (keyed apart, not by transition sequence), by step. */
const BESIDE_TRANSITIONS: Record<string, Step['type']> = {
  escalate: 'escalate',
  support_request: 'ask',
  support_answer: 'answer',
};

/** The audit trail an agency must end with: its transitions in order, each once. */
export function expectedAudit(a: ScriptedAgency, extra: string[] = []): string[] {
  const steps = a.steps.flatMap((step) => (AUDITED[step.type] ? [AUDITED[step.type]!] : []));
  return ['assign', ...steps, ...extra, ...(a.final === 'approved' ? ['consolidate', 'approve'] : [])];
}

/**
 * What every run must end with, whatever the faults: the script's own expectations. `extra` adds
 * what a test did beside the script (an extension, the escalation it led to), per agency code.
 */
export function expectScriptOutcome(
  snapshot: RunSnapshot,
  agencies: ScriptedAgency[],
  extra: { escalations?: Record<string, string[]>; audit?: Record<string, string[]> } = {},
): void {
  expect(snapshot.tables.Campaign).toEqual([
    expect.objectContaining({ status: 'approved', decisionNumber: '512/QĐ-UBND', decisionSigner: 'Đặng Văn Minh' }),
  ]);
  expect(snapshot.tables.Assignment!.map((row) => row.agencyCode).sort()).toEqual(
    agencies.map((a) => a.entry.code).sort(),
  );
  const version = (id: unknown) => Number(/#v(\d+)/.exec(String(id))?.[1]);
  const seq = (key: unknown) => Number(String(key).slice(String(key).lastIndexOf(':') + 1));
  for (const a of agencies) {
    const code = a.entry.code;
    const assignmentId = `<campaign>/${code}`;
    const of = (table: string) => rowsWhere(snapshot, table, 'assignmentId', assignmentId);
    expect({
      code,
      stage: rowsWhere(snapshot, 'Assignment', 'id', assignmentId)[0]?.stage,
      submissions: of('Submission')
        .map((row) => row.version as number)
        .sort((x, y) => x - y),
      decisions: of('ReviewDecision')
        .sort((x, y) => version(x.submissionId) - version(y.submissionId))
        .map((row) => row.decision),
      escalations: of('Escalation')
        .map((row) => row.kind)
        .sort(),
      audit: of('AuditEvent')
        .filter((row) => !(String(row.action) in BESIDE_TRANSITIONS))
        .sort((x, y) => seq(x.idempotencyKey) - seq(y.idempotencyKey))
        .map((row) => row.action),
      besides: of('AuditEvent')
        .map((row) => String(row.action))
        .filter((action) => action in BESIDE_TRANSITIONS)
        .sort(),
    }).toEqual({
      code,
      stage: a.final,
      submissions: a.steps.filter((s) => s.type === 'submit').map((_, i) => i + 1),
      decisions: a.steps.flatMap((s) => (s.type === 'return' ? ['returned'] : s.type === 'accept' ? ['accepted'] : [])),
      escalations: [...a.escalations, ...(extra.escalations?.[code] ?? [])].sort(),
      audit: expectedAudit(a, extra.audit?.[code]),
      besides: a.steps
        .flatMap((step) => Object.entries(BESIDE_TRANSITIONS).filter(([, type]) => type === step.type))
        .map(([action]) => action)
        .sort(),
    });
  }
  // Nothing left half done in the outbox: every row delivered (or, without SMTP, skipped).
  expect(snapshot.tables.Notification!.filter((row) => row.status !== 'sent' && row.status !== 'skipped')).toEqual([]);
}

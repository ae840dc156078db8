import { setTimeout as sleep } from 'node:timers/promises';
import { type Client, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { RosterEntry } from '../../client/campaign-definition';
import { retryTransient } from '../../server/transient';
import { agencyWorkflowId } from '../../domain/agency-input';
import type { AgencyList } from '../../domain/agency-list';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { approveUpdate, consolidateUpdate } from '../../workflows/campaign/messages';
import {
  acceptListUpdate,
  answerSupportUpdate,
  escalateUpdate,
  requestSupportUpdate,
  returnListUpdate,
  submitListUpdate,
  withdrawUpdate,
} from '../../workflows/agency/messages';
import type { Stage } from '../../domain/stages';
import { rowsWhere, type RunSnapshot } from './fault-snapshot';
import { sampleCampaign } from './sample-campaign';

// The scripted campaign of the fault suites: eight agencies, each with a fixed list of Updates, so
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
  ];
}

/** Deadlines far enough that no reminder or deadline fires during a test: the runs stay comparable. */
export function scriptedCampaign(agencies: ScriptedAgency[], deadlines: { submission: string; approval: string }) {
  return sampleCampaign({ agencies: agencies.map((a) => a.entry), deadlines });
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

/**
 * Runs an Update until it answers. The update ID is fixed by the caller: Temporal deduplicates a
 * retried Update by its ID, so a retry after a lost answer can never apply the change twice.
 */
export async function withRetry<T>(
  label: string,
  call: () => Promise<T>,
  log: RetryLog,
  timeoutMs = 240_000,
): Promise<T> {
  return retryTransient(call, {
    timeoutMs,
    onRetry: (error) => log.retries.push({ label, error: `${(error as Error).name}: ${(error as Error).message}` }),
  });
}

/** A step's answer without its instant, with the campaign ID replaced: comparable across runs. */
export type Receipt = Record<string, unknown>;

export interface Driver {
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

export function newDriver(client: Client, campaignId: string): Driver {
  return { client, campaignId, log: { retries: [] }, inFlight: 0, answered: 0, trace: [], started: Date.now() };
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

export function normalize<T>(value: T, campaignId: string): T {
  return JSON.parse(JSON.stringify(value).split(campaignId).join('<campaign>')) as T;
}

async function runStep(driver: Driver, code: string, step: Step, index: number): Promise<Receipt> {
  const handle: WorkflowHandle = driver.client.workflow.getHandle(agencyWorkflowId(driver.campaignId, code));
  const updateId = `step-${index}`;
  const supportId = `${driver.campaignId}/${code}#support-1`;
  const call = (): Promise<object> => {
    switch (step.type) {
      case 'submit':
        return handle.executeUpdate(submitListUpdate, { args: [{ list: step.list }], updateId });
      case 'return':
        return handle.executeUpdate(returnListUpdate, {
          args: [{ reasons: { overall: step.overall, lines: step.lines ?? [] } }],
          updateId,
        });
      case 'accept':
        return handle.executeUpdate(acceptListUpdate, { args: [{ note: step.note }], updateId });
      case 'withdraw':
        return handle.executeUpdate(withdrawUpdate, { args: [{ reason: step.reason }], updateId });
      case 'escalate':
        return handle.executeUpdate(escalateUpdate, { args: [{ reason: step.reason }], updateId });
      case 'ask':
        return handle.executeUpdate(requestSupportUpdate, { args: [{ question: step.question }], updateId });
      case 'answer':
        return handle.executeUpdate(answerSupportUpdate, {
          args: [{ requestId: supportId, answer: step.answer }],
          updateId,
        });
    }
  };
  driver.inFlight++;
  try {
    const receipt = (await withRetry(`${code} ${updateId} ${step.type}`, call, driver.log)) as Receipt;
    delete receipt.at; // the instant differs from run to run
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
      const to = options.to?.(a) ?? a.steps.length;
      for (let i = from; i < to; i++) {
        if (options.pause) await sleep(options.pause());
        await options.before?.();
        receipts[code]!.push(await runStep(driver, code, a.steps[i]!, i));
      }
    }),
  );
  return receipts;
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
  const campaign = driver.client.workflow.getHandle(campaignWorkflowId(driver.campaignId));
  await options.before?.();
  driver.inFlight++;
  let summary;
  try {
    summary = await withRetry(
      'consolidate',
      () => campaign.executeUpdate(consolidateUpdate, { args: [{}], updateId: 'consolidate' }),
      driver.log,
    );
    driver.answered++;
    note(driver, 'consolidated');
  } finally {
    driver.inFlight--;
  }
  await options.before?.();
  driver.inFlight++;
  try {
    const approval = await withRetry(
      'approve',
      () =>
        campaign.executeUpdate(approveUpdate, {
          args: [{ decisionNumber: '512/QĐ-UBND', decisionDate: '2024-03-13', signer: 'Đặng Văn Minh' }],
          updateId: 'approve',
        }),
      driver.log,
    );
    driver.answered++;
    note(driver, 'approved');
    // Instants and file paths differ from run to run; the counts and the missing agencies do not.
    const { round, by, procedures, entries, agencies: listed, missing } = summary;
    return normalize(
      { consolidation: { round, by, procedures, entries, agencies: listed, missing }, approval },
      driver.campaignId,
    );
  } finally {
    driver.inFlight--;
  }
}

/** The instants every run of a scripted campaign is given alike (kept verbatim in snapshots). */
export function fixedInstants(deadlines: { submission: string; approval: string }): Date[] {
  return [
    new Date(deadlines.submission),
    new Date(deadlines.approval),
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

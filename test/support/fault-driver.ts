import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { type ScriptedAgency, type Step } from './fault-campaign';
import { normalize } from './fault-watch';

// How the fault suites drive the scripted campaign: only through the dondoc server, over HTTP, each
// person with their own API token, each action under a fixed Idempotency-Key, retried until the
// server answers (its Update ID derives from the key, so Temporal applies a retried action once).

/** A step's answer without its instant, with the campaign ID replaced: comparable across runs. */
export type Receipt = Record<string, unknown>;

export interface RetryLog {
  retries: { label: string; error: string }[];
}

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

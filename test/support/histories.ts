import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { GATES } from '../../workflows/common/code-gates';

// Histories recorded by the suite, kept so that every later change of workflow code must replay them.
// Stored as binary protobuf: compact, and read back without any JSON conversion quirks.
const HISTORIES_DIR = path.join(__dirname, '..', 'histories');
/** The workflow source the histories were recorded from (see replay.test.ts). */
export const MANIFEST = path.join(HISTORIES_DIR, 'workflows-source.json');
const WORKFLOWS_DIR = path.join(__dirname, '..', '..', 'workflows');
const CODE_GATES = path.join(WORKFLOWS_DIR, 'common', 'code-gates.ts');
const History = temporal.api.history.v1.History;
type IHistory = temporal.api.history.v1.IHistory;
const { EventType } = temporal.api.enums.v1;

const recording = () => process.env.DONDOC_RECORD_HISTORIES === '1';

/** Saves the history when DONDOC_RECORD_HISTORIES=1 (a developer refreshing the fixtures); returns it. */
export async function saveHistory(handle: WorkflowHandle, name: string): Promise<IHistory> {
  const history = await handle.fetchHistory();
  if (recording()) {
    fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.binpb`), History.encode(history).finish());
    writeManifest();
  }
  return history;
}

/** Like saveHistory; returns the number of events. */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<number> {
  return (await saveHistory(handle, name)).events?.length ?? 0;
}

/**
 * Every recorded history, as paths under test/histories/: the current recordings at the top, and
 * each earlier release's, recorded from code that runs it started may still be on (README,
 * "Releases and running workflows"), in a folder of its own that is never recorded again.
 */
export function historyFiles(): string[] {
  return (fs.readdirSync(HISTORIES_DIR, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.binpb'))
    .sort();
}

/** The generation a history belongs to: '' for the current recordings, else its folder. */
export function historyGeneration(file: string): string {
  return path.dirname(file) === '.' ? '' : path.dirname(file);
}

export function readHistory(file: string): IHistory {
  return History.decode(fs.readFileSync(path.join(HISTORIES_DIR, file)));
}

function payloadJson(payload: temporal.api.common.v1.IPayload | undefined): unknown {
  if (!payload?.data) return undefined;
  try {
    return JSON.parse(Buffer.from(payload.data).toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * What a history exercises: `workflow:<type>`, `update:<name>`, `signal:<name>` and, for a signal
 * whose payload has a `type` (campaignEvent), `signal:<name>:<type>`.
 */
export function historyMessages(history: IHistory): string[] {
  const found = new Set<string>();
  for (const event of history.events ?? []) {
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
      found.add(`workflow:${event.workflowExecutionStartedEventAttributes?.workflowType?.name}`);
    } else if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) {
      found.add(`update:${event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name}`);
    } else if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) {
      const signal = event.workflowExecutionSignaledEventAttributes;
      found.add(`signal:${signal?.signalName}`);
      const body = payloadJson(signal?.input?.payloads?.[0]);
      if (body && typeof body === 'object' && typeof (body as { type?: unknown }).type === 'string')
        found.add(`signal:${signal?.signalName}:${(body as { type: string }).type}`);
    }
  }
  return [...found].sort();
}

/** Every file under workflows/, by path, with its SHA-256. */
export function workflowSources(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else
        files[path.relative(WORKFLOWS_DIR, full).split(path.sep).join('/')] = crypto
          .createHash('sha256')
          .update(fs.readFileSync(full))
          .digest('hex');
    }
  };
  walk(WORKFLOWS_DIR);
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The IDs of every gate of the workflows (workflows/common/code-gates.ts holds them all). */
export function patchIds(): string[] {
  return [...new Set<string>(Object.values(GATES))].sort();
}

/** Files of workflows/ that call patched() or deprecatePatch() themselves, not through CodeGates. */
export function ungatedPatchCalls(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (full !== CODE_GATES && /\b(?:patched|deprecatePatch)\(/.test(fs.readFileSync(full, 'utf8')))
        found.push(path.relative(WORKFLOWS_DIR, full));
    }
  };
  walk(WORKFLOWS_DIR);
  return found.sort();
}

export interface Manifest {
  /** SHA-256 of each file of workflows/ when the histories were last recorded. */
  sources: Record<string, string>;
  /** The patch IDs in workflows/ at that time. */
  patches: string[];
}

export function writeManifest(): void {
  const manifest: Manifest = { sources: workflowSources(), patches: patchIds() };
  fs.writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
}

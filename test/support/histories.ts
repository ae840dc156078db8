import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

// Histories recorded by the suite, kept so that every later change of workflow code must replay them.
// Stored as binary protobuf: compact, and read back without any JSON conversion quirks.
export const HISTORIES_DIR = path.join(__dirname, '..', 'histories');
const History = temporal.api.history.v1.History;

/** Saves the history when DONDOC_RECORD_HISTORIES=1 (a developer refreshing the fixtures). */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<number> {
  const history = await handle.fetchHistory();
  if (process.env.DONDOC_RECORD_HISTORIES === '1') {
    fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.binpb`), History.encode(history).finish());
  }
  return history.events?.length ?? 0;
}

export function readHistory(file: string): temporal.api.history.v1.IHistory {
  return History.decode(fs.readFileSync(path.join(HISTORIES_DIR, file)));
}

import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';

/** A Date attribute is the same instant; any other is the same value; null means absent. */
function sameValue(now: unknown, next: unknown): boolean {
  if (now instanceof Date && next instanceof Date) return now.getTime() === next.getTime();
  return (now ?? null) === (next ?? null);
}

/**
 * Upserts only the attributes whose value differs from what the run already shows (set at its start
 * or by an earlier upsert, as workflowInfo() keeps them); nothing at all when none does. Each upsert
 * is a history event and a visibility write.
 */
export function upsertChangedSearchAttributes(pairs: SearchAttributeUpdatePair[]): void {
  const shown = workflowInfo().typedSearchAttributes;
  const changed = pairs.filter((pair) => !sameValue(shown.get(pair.key), pair.value));
  if (changed.length > 0) upsertSearchAttributes(changed);
}

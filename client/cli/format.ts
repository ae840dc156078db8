import { formatDate, formatDateTime } from '../../domain/time';
import { STAGE_LABELS, type Stage } from '../../domain/stages';

// Small formatting helpers for the admin script's output (Vietnamese, dates in Vietnam time).

/** `dd/mm/yyyy` when the deadline is the end of a day (23:59 in Vietnam), else `HH:mm dd/mm/yyyy`. */
export function formatDeadline(value: Date | string): string {
  const text = formatDateTime(value);
  return text.startsWith('23:59 ') ? `hết ngày ${formatDate(value)}` : text;
}

export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage as Stage] ?? stage;
}

/** Runs `fn` over `items`, at most `limit` at once, keeping the order of the results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

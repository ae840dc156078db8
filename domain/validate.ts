import type { z } from 'zod';
import { describeIssues } from './list-fields';
import { updatePayloadSizeProblem } from './payload-limits';

/** Refuses an Update's argument past the payload limits, cheaply, with the limit and the fix. */
export function refuseOversized(raw: unknown): void {
  const tooLarge = updatePayloadSizeProblem(raw);
  if (tooLarge) throw new Error(tooLarge);
}

/** An argument whose size is already checked, parsed, or an error naming each field and its fix. */
export function parseArgument<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`Dữ liệu không hợp lệ:\n${describeIssues(parsed.error)}`);
  return parsed.data;
}

import type { z } from 'zod';
import { describeIssues } from './list-fields';
import { updatePayloadSizeProblem } from './payload-limits';

/** Refuses an Update's argument past the payload limits, cheaply, with the limit and the fix. */
export function refuseOversized(raw: unknown): void {
  const tooLarge = updatePayloadSizeProblem(raw);
  if (tooLarge) throw new Error(tooLarge);
}

/** Parses an argument whose size is already checked, then checks the action against the state. */
export function validateShape<S extends z.ZodType>(schema: S, raw: unknown, check: (input: z.output<S>) => void): void {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`Dữ liệu không hợp lệ:\n${describeIssues(parsed.error)}`);
  check(parsed.data);
}

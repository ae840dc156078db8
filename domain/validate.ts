import type { z } from 'zod';
import { describeIssues } from './list-fields';
import { updatePayloadSizeProblem } from './payload-limits';

/**
 * An Update validator: rejects bad payloads and disallowed actions before they reach the history.
 * The size limit comes first, so an oversized argument sent past the server's own check is refused
 * cheaply, with the limit and the fix, before its fields are parsed; the schema bounds every field.
 */
export function validate<S extends z.ZodType>(schema: S, raw: unknown, check: (input: z.output<S>) => void): void {
  const tooLarge = updatePayloadSizeProblem(raw);
  if (tooLarge) throw new Error(tooLarge);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`Dữ liệu không hợp lệ:\n${describeIssues(parsed.error)}`);
  check(parsed.data);
}

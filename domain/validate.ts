import type { z } from 'zod';
import { describeIssues } from './agency-list';

/** An Update validator: rejects bad payloads and disallowed actions before they reach the history. */
export function validate<S extends z.ZodType>(schema: S, raw: unknown, check: (input: z.output<S>) => void): void {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`Dữ liệu không hợp lệ:\n${describeIssues(parsed.error)}`);
  check(parsed.data);
}

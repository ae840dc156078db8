import { z } from 'zod';

/**
 * Zod's own messages (wrong type, unknown option…) in Vietnamese. Zod keeps its locale globally, so
 * each entry point sets it once, explicitly: the worker (activities) and the workflow sandbox
 * (workflows/common/checks.ts, when a run first checks a message), the admin script, `npm start`, and the tests.
 */
export function useVietnameseZodMessages(): void {
  z.config(z.locales.vi());
}

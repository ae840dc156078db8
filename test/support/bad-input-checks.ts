import { preview } from './bad-input-generators';

// What the bad-input tests check in every answer, and how they report what they found: grouped by
// rule and mutation, with a few exact inputs each, so a failure reads as a bug report.

/** Letters only Vietnamese uses among Latin scripts (with its tone marks), upper or lower case. */
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
/** zod's own English messages, which reach people when a schema gives no message of its own. */
const ENGLISH =
  /Invalid (input|option|string|email|element|key|union|type)\b|expected (string|number|object|array|boolean|nonoptional)|received (undefined|null|string|number|object|array|boolean|NaN)|Too (small|big):|Unrecognized key|must match pattern|Required\b/;

/** True when the text is Vietnamese and carries none of zod's English messages. */
export function isVietnamese(text: string): boolean {
  return VIETNAMESE.test(text) && !ENGLISH.test(text);
}

/** Lines (of a multi-line message) that are not Vietnamese: each problem is its own line. */
export function foreignLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !isVietnamese(line));
}

interface Finding {
  count: number;
  examples: string[];
}

/** Failed expectations, grouped as `rule [mutation]`, with up to three exact examples each. */
export class Findings {
  private readonly groups = new Map<string, Finding>();

  add(rule: string, mutation: string, example: string): void {
    const key = `${rule} [${mutation}]`;
    const group = this.groups.get(key) ?? { count: 0, examples: [] };
    group.count++;
    if (group.examples.length < 3) group.examples.push(example);
    this.groups.set(key, group);
  }

  get size(): number {
    return this.groups.size;
  }

  /** For `expect(findings.summary()).toEqual({})`: empty when every case behaved. */
  summary(): Record<string, Finding> {
    return Object.fromEntries([...this.groups.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

export function describeCase(c: { id: string; what: string }, extra?: string): string {
  return `${c.id}: ${c.what}${extra ? ` → ${extra}` : ''}`;
}

export function shortError(error: unknown): string {
  const e = error as { name?: string; message?: string } | undefined;
  return preview(`${e?.name ?? typeof error}: ${e?.message ?? String(error)}`, 400);
}

/** Runs `fn` over `items`, at most `limit` at once. */
export async function mapLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

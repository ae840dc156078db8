import { ApplicationFailure } from '@temporalio/common';

// What an idempotent write compares when its unique key is already taken: a retry finds the very
// record it meant to write; anything else is a divergence (a reset workflow reusing its keys with
// different facts), which must not pass as "already done".

/** JSON with sorted keys and no undefined fields: PostgreSQL's jsonb does not keep key order. */
function canonicalJson(value: unknown): string {
  const normal = value === undefined ? null : JSON.parse(JSON.stringify(value));
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, inner]) => [k, sort(inner)]),
          )
        : v;
  return JSON.stringify(sort(normal));
}

/** `field: stored → wanted` for every field that differs (values compared as canonical JSON). */
export function recordDifferences(
  what: string,
  stored: Record<string, unknown> | null,
  wanted: Record<string, unknown>,
): string[] {
  if (!stored) return [`${what}: not stored (another unique key collided)`];
  const shorten = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}...` : text);
  return Object.entries(wanted)
    .filter(([field, value]) => canonicalJson(stored[field]) !== canonicalJson(value))
    .map(
      ([field, value]) =>
        `${what}.${field}: stored ${shorten(canonicalJson(stored[field]))}, now ${shorten(canonicalJson(value))}`,
    );
}

/** The failure a divergent record raises: not retried, it names every field that differs. */
export function idempotencyConflict(found: string[]): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `An idempotency key is already used by a different record: ${found.join('; ')}`,
    'IdempotencyConflict',
    found,
  );
}

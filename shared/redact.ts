// Secrets never reach a terminal or a log: credentials inside URLs (postgresql://user:pass@…,
// smtp://user:pass@…) and secret query parameters are masked wherever a value is printed.

const MASK = '***';
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/?#'"`]*):([^\s@/?#'"`]*)@/gi;
const SECRET_PARAMETER =
  /([?&;](?:password|passwd|pass|pwd|secret|token|api[_-]?key|access[_-]?token|auth)=)[^&;#\s'"`]*/gi;

/** The text with every URL password and secret query parameter replaced by ***. */
export function redactCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, `$1$2:${MASK}@`).replace(SECRET_PARAMETER, `$1${MASK}`);
}

/** Strings, errors and plain objects (a few levels deep) with their credentials masked. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactCredentials(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const copy = new Error(redactCredentials(value.message));
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : redactCredentials(value.stack);
    for (const [key, inner] of Object.entries(value)) Reflect.set(copy, key, redactValue(inner, depth + 1));
    return copy;
  }
  if (Array.isArray(value)) return value.map((inner) => redactValue(inner, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactValue(inner, depth + 1)]));
}

import type { FastifyReply, FastifyRequest } from 'fastify';

// Where a browser returns after signing in: the page it asked for while signed out (an e-mailed
// link), carried as `next` through the sign-in form, the e-mailed sign-in link or the SSO round
// trip. Only a path on dondoc itself is ever followed; anything that could leave the site (a full
// address, `//host`, a backslash that browsers read as a slash, control characters) is dropped.

const MAX_LENGTH = 2_000;
const PLACEHOLDER_ORIGIN = 'http://dondoc.invalid';

/** The path to return to, or undefined when `value` is not a safe path on this site. */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return undefined;
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return undefined;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return undefined;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return undefined;
  // Returning to the sign-in pages, the home page or the API would only go round in circles.
  if (url.pathname === '/' || url.pathname.startsWith('/sign-in') || url.pathname.startsWith('/api/')) return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Normalising can make a path that leaves the site (`/.//evil` → `//evil`) or grow past the limit
  // (percent-encoding): what is returned must pass this same check unchanged (idempotent).
  if (path.startsWith('//') || path.startsWith('/\\') || path.length > MAX_LENGTH) return undefined;
  return path;
}

/** The sign-in page, remembering `next` when it is a safe path. */
export function signInPath(next?: unknown): string {
  const path = safeReturnPath(next);
  return path ? `/sign-in?next=${encodeURIComponent(path)}` : '/sign-in';
}

/** Sends a signed-out browser to sign in, then back to the page it asked for (GET pages only). */
export function redirectToSignIn(request: FastifyRequest, reply: FastifyReply) {
  return reply.redirect(signInPath(request.method === 'GET' ? request.url : undefined), 303);
}

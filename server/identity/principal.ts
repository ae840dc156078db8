import type { FastifyRequest } from 'fastify';
import type { Database } from '../../prisma/database';
import { refusalMessage, roleFor, type Action, type Role, type Scope } from '../../domain/access';
import { recordAccess, type Channel } from './audit';
import { forbidden, unauthenticated } from '../../shared/http-errors';
import { resolveApiToken } from './api-tokens';
import { hashSecret } from './secrets';
import { findPerson, type PersonWithGrants } from './people';
import { resumeSession, type SessionPolicy } from './sessions';

// Who is asking: derived from the session cookie or the bearer token, never from the payload.

export const SESSION_COOKIE = 'dondoc_session';

export interface Principal {
  person: PersonWithGrants;
  channel: Exclude<Channel, 'system'>;
  sessionId?: string;
  tokenId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    /** Set when the request carried `Authorization: Bearer`: no ambient credential, so no CSRF check. */
    bearer?: boolean;
  }
}

export async function authenticate(
  db: Database,
  request: FastifyRequest,
  policy: SessionPolicy,
  now: Date,
): Promise<void> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    request.bearer = true;
    const token = match ? await resolveApiToken(db, match[1]!, now) : undefined;
    // A bad token is an error, not an anonymous request: the caller meant to be someone.
    if (!token) throw unauthenticated();
    const person = await findPerson(db, { id: token.personId });
    if (!person) throw unauthenticated();
    request.principal = { person, channel: token.channel, tokenId: token.tokenId };
    return;
  }
  const secret = request.cookies[SESSION_COOKIE];
  if (!secret) return;
  const session = await resumeSession(db, secret, policy, now);
  if (!session) return;
  const person = await findPerson(db, { id: session.personId });
  if (person) request.principal = { person, channel: 'web', sessionId: session.sessionId };
}

/**
 * What a CSRF token is bound to: the signed-in session (the hash of its cookie's secret, which no
 * one else knows), or the signed-out state. A token made beside another session, such as an
 * attacker's own cookie and token pair, is refused with this one.
 */
export function csrfUserInfo(request: FastifyRequest): string {
  const secret = request.cookies[SESSION_COOKIE];
  return request.principal?.sessionId && secret ? `session:${hashSecret(secret)}` : 'signed-out';
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}

/** The role under which the signed-in person may take `action` on `scope`; a refusal is audited, then thrown. */
export async function authorize(
  db: Database,
  request: FastifyRequest,
  action: Action,
  scope: Scope,
): Promise<{ principal: Principal; role: Role }> {
  const principal = requirePrincipal(request);
  const role = roleFor(principal.person.grants, action, scope);
  if (role) return { principal, role };
  await recordAccess(db, {
    personId: principal.person.id,
    channel: principal.channel,
    action,
    campaignId: scope.campaignId,
    agencyCode: scope.agencyCode,
    clientAddress: request.ip,
    outcome: 'refused',
  });
  throw forbidden(refusalMessage(action, scope));
}

export function wantsHtml(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
}

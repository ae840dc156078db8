import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../shared/http-errors';
import { SESSION_COOKIE } from '../identity/principal';

// Reads that build a whole report or file (reports, exports, the catalogue workbook, charts) are
// bounded in how many run at once: per person, so one person cannot take every slot, and in all,
// so the server's thread stays free for everyone else. A request past a bound is refused at once
// (429 for the person, 503 for everyone) with Retry-After, never queued: a queue would hold memory
// and sockets for work the client may no longer want. A counting semaphore is all this needs; the
// well-known libraries (p-limit, p-queue) queue instead of refusing, and are ESM-only.

export interface HeavyReadLimits {
  /** Heavy reads one person may have running at once. */
  perPerson: number;
  /** Heavy reads running at once, everyone together. */
  global: number;
}

export const DEFAULT_HEAVY_READ_LIMITS: HeavyReadLimits = { perPerson: 2, global: 4 };

/** The earliest retry suggested, and the latest: the wait is a guess from how long the last reads took. */
const RETRY_MIN_S = 1;
const RETRY_MAX_S = 60;

export class HeavyReadLimiter {
  private running = 0;
  private readonly byPerson = new Map<string, number>();
  /** Slots held by the requests of each credential (a hash of the session cookie or bearer header). */
  private readonly byCredential = new Map<string, number>();
  /** Moving average of how long a heavy read took (ms), for Retry-After. */
  private averageMs = 1_000;

  /** Requests refused for want of a slot, by which bound refused them (the metrics read it). */
  readonly refused = { person: 0, global: 0 };

  constructor(readonly limits: HeavyReadLimits) {}

  /** Heavy reads running now. */
  get inUse(): number {
    return this.running;
  }

  /** A release function when a slot is free, else the refusal to send. */
  acquire(personId: string, credential?: string): (() => void) | HttpError {
    const mine = this.byPerson.get(personId) ?? 0;
    if (mine >= this.limits.perPerson) return this.refusal('person');
    if (this.running >= this.limits.global) return this.refusal('global');
    this.running++;
    this.byPerson.set(personId, mine + 1);
    if (credential) this.byCredential.set(credential, (this.byCredential.get(credential) ?? 0) + 1);
    const started = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      decrement(this.byPerson, personId);
      if (credential) decrement(this.byCredential, credential);
      this.averageMs = 0.8 * this.averageMs + 0.2 * (performance.now() - started);
    };
  }

  /**
   * The refusal for a credential whose requests already hold every slot one person may: they are one
   * person's, so the per-person bound refuses it anyway. Only a credential that took slots (signed in)
   * is ever counted, so a made-up one is never refused here.
   */
  refusalBeforeSignIn(credential: string): HttpError | undefined {
    return (this.byCredential.get(credential) ?? 0) >= this.limits.perPerson ? this.refusal('person') : undefined;
  }

  /** Seconds after which a slot is likely free again. */
  retryAfterSeconds(): number {
    return Math.min(RETRY_MAX_S, Math.max(RETRY_MIN_S, Math.ceil(this.averageMs / 1000)));
  }

  private refusal(which: 'person' | 'global'): HttpError {
    this.refused[which]++;
    const seconds = this.retryAfterSeconds();
    return which === 'person'
      ? new BusyRefusal(
          429,
          'too_many_heavy_reads',
          `Bạn đang có ${this.limits.perPerson} yêu cầu báo cáo hoặc tải tệp chưa xong (tối đa ${this.limits.perPerson} cùng lúc mỗi người). Hãy đợi các yêu cầu đó xong rồi thử lại sau ${seconds} giây.`,
          seconds,
        )
      : new BusyRefusal(
          503,
          'server_busy',
          `Máy chủ đang lập báo cáo hoặc tệp cho nhiều người (tối đa ${this.limits.global} cùng lúc). Hãy thử lại sau ${seconds} giây.`,
          seconds,
        );
  }
}

/** A refusal that says when to come back (the error handler sends it as Retry-After). */
export class BusyRefusal extends HttpError {
  constructor(
    statusCode: number,
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(statusCode, code, message);
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const left = (counts.get(key) ?? 1) - 1;
  if (left > 0) counts.set(key, left);
  else counts.delete(key);
}

/** What a request signs in with, hashed: the bearer header, else the session cookie. */
function credentialOf(request: FastifyRequest): string | undefined {
  const secret = request.headers.authorization ?? request.cookies[SESSION_COOKIE];
  return secret ? createHash('sha256').update(secret).digest('base64url') : undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route builds a report or a file: it runs within the heavy-read limits (heavy-reads.ts). */
    heavyRead?: boolean;
  }
}

/**
 * Takes a slot for every signed-in request to a `heavyRead` route, after the person is known and
 * before anything is read; the slot is given back when the response ends or the client goes away.
 * A signed-out request takes none: its route refuses it at once.
 */
export function registerHeavyReadLimits(app: FastifyInstance, limiter: HeavyReadLimiter): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.routeOptions.config.heavyRead || !request.principal) return;
    const slot = limiter.acquire(request.principal.person.id, credentialOf(request));
    if (slot instanceof HttpError) throw slot;
    reply.raw.once('close', slot);
  });
}

/**
 * Registered before sign-in: a heavy read on a session (or token) whose requests already hold the
 * person's every slot is refused before the session is read. A burst of one person's heavy reads
 * then costs the server's thread no database work beyond the reads it lets run.
 */
export function registerHeavyReadPreCheck(app: FastifyInstance, limiter: HeavyReadLimiter): void {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!request.routeOptions.config.heavyRead) return;
    const credential = credentialOf(request);
    const refusal = credential ? limiter.refusalBeforeSignIn(credential) : undefined;
    if (refusal) throw refusal;
  });
}

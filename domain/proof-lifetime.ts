import type { ActorClaims } from './actor-proof';

// Kept apart from the proof's schema (zod) so that a workflow run reads it without loading zod.

/** How long a proof is good for from the moment the server signs it. */
export const PROOF_LIFETIME_MS = 5 * 60_000;

/**
 * The instant the server signed the proof: when the person acted. A workflow task that runs an
 * Update again (its first worker died after recording) reads the same instant from the same
 * argument, so every deadline it derives, and every record it writes, is the same again.
 */
export function signedAt(claims: Pick<ActorClaims, 'expiresAt'>): number {
  return Date.parse(claims.expiresAt) - PROOF_LIFETIME_MS;
}

import { useVietnameseZodMessages } from '../../domain/zod-locale';

// What a workflow checks its messages with: the zod schemas of every message, and the verifier of the
// server's actor proofs. Workflow code reaches it only through lazy-checks.ts, on a run's first check.

// Validation messages in Vietnamese, set on this run's copy of zod before any schema parses.
useVietnameseZodMessages();

export * as agency from '../agency/messages';
export * as calendar from '../agency/calendar-messages';
export * as suspension from '../agency/suspension-messages';
export * as campaign from '../campaign/messages';
export { actorProofSchema, verifyActorProof } from '../../domain/actor-proof';

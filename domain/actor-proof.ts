import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { ROLE_LABELS, ROLES, type Role } from './access';

// The proof of the actor that every Update carries: the server states who acts (person, role), on
// which workflow (campaign and agency), for which Update (name, ID and a hash of its arguments) and
// until when, and signs it with Ed25519. The workflow verifies it in its validator with a pure-JS
// verifier against the keys its worker's deployment configured: no I/O and no randomness, so the
// check is deterministic. A proof copied from any history is useless anywhere else: another
// workflow, another Update ID, other arguments or a later time each refuse it.

ed.hashes.sha512 = sha512;

const actorClaimsSchema = z.object({
  personId: z.string().min(1),
  personName: z.string().min(1),
  role: z.enum(ROLES),
  campaignId: z.string().min(1),
  /** The one workflow the proof is for: the campaign's, or one agency's. */
  workflowId: z.string().min(1),
  update: z.string().min(1),
  updateId: z.string().min(1),
  /** SHA-256 (hex) of the Update's argument without its proof, as canonical JSON (RFC 8785). */
  argumentsHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** ISO instant after which the proof is worthless (workflow time). */
  expiresAt: z.string().min(1),
});
export type ActorClaims = z.infer<typeof actorClaimsSchema>;

/** Who an accepted Update's proof names, as its handler reads it back (on replay too). */
export type ProvenActor = Pick<ActorClaims, 'personId' | 'personName' | 'role'>;

export const actorProofSchema = z.object({
  claims: actorClaimsSchema,
  signatures: z
    .array(z.object({ keyId: z.string().min(1).max(64), signature: z.string().regex(/^[0-9a-f]{128}$/) }))
    .min(1)
    .max(8),
});
export type ActorProof = z.infer<typeof actorProofSchema>;

/** Who acted, as the audit rows name them: the person of a verified proof. */
export interface ActingPerson {
  personId: string;
  personName: string;
}

/** Key ID → Ed25519 public key (hex): the keys a workflow trusts. */
export type TrustedKeys = Record<string, string>;

/** A role as people read it, without its code. */
function roleName(role: Role): string {
  return ROLE_LABELS[role].replace(/\s*\([a-z]+\)$/, '');
}

/** The Update's argument as the proof covers it: everything but the proof, as the workflow receives it. */
export function argumentsHash(argument: unknown): string {
  // The argument as it travels (the signer passes it through JSON first: server/identity/proof.ts), so the
  // workflow, which receives it decoded, hashes it without another serialisation of a large list.
  const text = canonicalize({ ...(argument as object), proof: undefined }) ?? '';
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** The exact bytes signed: the claims in a fixed order, so signer and verifier agree byte for byte. */
export function claimsMessage(claims: ActorClaims): Uint8Array {
  const ordered = [
    claims.personId,
    claims.personName,
    claims.role,
    claims.campaignId,
    claims.workflowId,
    claims.update,
    claims.updateId,
    claims.argumentsHash,
    claims.expiresAt,
  ];
  return utf8ToBytes(JSON.stringify(['dondoc-actor-proof/2', ...ordered]));
}

export function signatureHex(signature: Uint8Array): string {
  return bytesToHex(signature);
}

export interface ProofExpectation {
  workflowId: string;
  campaignId: string;
  update: string;
  updateId: string;
  /** The roles that may send this Update, and what it does (for the refusal). */
  roles: readonly Role[];
  actionLabel: string;
  /** Workflow time, in milliseconds. */
  nowMs: number;
}

class ActorProofError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActorProofError';
  }
}

/**
 * The verified claims of the proof an Update's argument carries, or an ActorProofError saying (in
 * Vietnamese) why it is not accepted. The checks run from the cheapest; the argument is hashed last.
 */
export function verifyActorProof(argument: unknown, trusted: TrustedKeys, expected: ProofExpectation): ActorClaims {
  const refuse = (why: string): never => {
    throw new ActorProofError(
      `Yêu cầu không có xác nhận hợp lệ của máy chủ dondoc (${why}); không có gì thay đổi. Hãy thực hiện qua dondoc (trang web, API hoặc công cụ quản trị sau khi đăng nhập).`,
    );
  };
  if (Object.keys(trusted).length === 0)
    return refuse('worker chưa được cấu hình khóa công khai của máy chủ, nên không nhận thao tác nào');
  const raw = (argument as { proof?: unknown } | null | undefined)?.proof;
  if (raw === undefined || raw === null) return refuse('thiếu xác nhận người thực hiện');
  const parsed = actorProofSchema.safeParse(raw);
  if (!parsed.success) return refuse('xác nhận sai định dạng');
  const { claims, signatures } = parsed.data;
  const message = claimsMessage(claims);
  const signed = signatures.some(({ keyId, signature }) => {
    const key = trusted[keyId];
    if (!key) return false;
    try {
      return ed.verify(hexToBytes(signature), message, hexToBytes(key));
    } catch {
      return false;
    }
  });
  if (!signed) return refuse('chữ ký không đúng hoặc khóa không được tin cậy');
  if (claims.update !== expected.update) return refuse('xác nhận dành cho một thao tác khác');
  if (claims.updateId !== expected.updateId) return refuse('xác nhận dành cho một lần gửi khác');
  if (claims.campaignId !== expected.campaignId) return refuse('xác nhận dành cho chiến dịch khác');
  if (claims.workflowId !== expected.workflowId) return refuse('xác nhận dành cho hồ sơ khác');
  const expires = Date.parse(claims.expiresAt);
  if (Number.isNaN(expires) || expires <= expected.nowMs) return refuse('xác nhận đã hết hạn');
  if (!expected.roles.includes(claims.role))
    throw new ActorProofError(
      `Không có quyền: ${roleName(claims.role)} không được ${expected.actionLabel}; chỉ ${expected.roles.map(roleName).join(' hoặc ')} mới được làm việc này. Không có gì thay đổi.`,
    );
  if (claims.argumentsHash !== argumentsHash(argument)) return refuse('nội dung yêu cầu khác với nội dung đã xác nhận');
  return claims;
}

import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { ROLES, type Role } from './access';

// The proof of the actor that every Update carries: the server states who acts (person, role,
// campaign, agency), for which Update (name and ID) and until when, and signs it with Ed25519.
// The workflow verifies it in its validator with a pure-JS verifier: no I/O and no randomness, so
// the check is deterministic. The server may sign with several keys at once (rotation): a
// workflow accepts the proof when one signature is by a key it was given at launch.

ed.hashes.sha512 = sha512;

export const actorClaimsSchema = z.object({
  personId: z.string().min(1),
  personName: z.string().min(1),
  role: z.enum(ROLES),
  campaignId: z.string().min(1),
  agencyCode: z.string().optional(),
  update: z.string().min(1),
  updateId: z.string().min(1),
  /** ISO instant after which the proof is worthless (workflow time). */
  expiresAt: z.string().min(1),
});
export type ActorClaims = z.infer<typeof actorClaimsSchema>;

export const actorProofSchema = z.object({
  claims: actorClaimsSchema,
  signatures: z.array(z.object({ keyId: z.string().min(1), signature: z.string().regex(/^[0-9a-f]{128}$/) })).min(1),
});
export type ActorProof = z.infer<typeof actorProofSchema>;

/** Who acted, as the audit rows name them: the person of a verified proof. */
export interface ActingPerson {
  personId: string;
  personName: string;
}

/** Key ID → Ed25519 public key (hex): the keys a workflow trusts. */
export type TrustedKeys = Record<string, string>;

/** The exact bytes signed: the claims in a fixed order, so signer and verifier agree byte for byte. */
export function claimsMessage(claims: ActorClaims): Uint8Array {
  const ordered = [
    claims.personId,
    claims.personName,
    claims.role,
    claims.campaignId,
    claims.agencyCode ?? '',
    claims.update,
    claims.updateId,
    claims.expiresAt,
  ];
  return utf8ToBytes(JSON.stringify(['dondoc-actor-proof/1', ...ordered]));
}

export function signatureHex(signature: Uint8Array): string {
  return bytesToHex(signature);
}

export interface ProofExpectation {
  update: string;
  updateId: string;
  campaignId: string;
  agencyCode?: string;
  /** The roles that may send this Update. */
  roles: readonly Role[];
  /** Workflow time, in milliseconds. */
  nowMs: number;
}

export class ActorProofError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActorProofError';
  }
}

/** The verified claims, or an ActorProofError saying (in Vietnamese) why the proof is not accepted. */
export function verifyActorProof(raw: unknown, trusted: TrustedKeys, expected: ProofExpectation): ActorClaims {
  const refuse = (why: string): never => {
    throw new ActorProofError(
      `Yêu cầu không có xác nhận hợp lệ của máy chủ dondoc (${why}); không có gì thay đổi. Hãy thực hiện qua dondoc (trang web, API hoặc công cụ quản trị sau khi đăng nhập).`,
    );
  };
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
  if (claims.update !== expected.update || claims.updateId !== expected.updateId)
    return refuse('xác nhận dành cho một thao tác khác');
  if (claims.campaignId !== expected.campaignId) return refuse('xác nhận dành cho chiến dịch khác');
  const expires = Date.parse(claims.expiresAt);
  if (Number.isNaN(expires) || expires <= expected.nowMs) return refuse('xác nhận đã hết hạn');
  if (!expected.roles.includes(claims.role)) return refuse(`vai trò ${claims.role} không được làm việc này`);
  if (claims.role === 'agency' && claims.agencyCode !== expected.agencyCode)
    return refuse('xác nhận dành cho cơ quan khác');
  return claims;
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  argumentsHash,
  claimsMessage,
  signatureHex,
  type ActorClaims,
  type ActorProof,
  type TrustedKeys,
} from '../../domain/actor-proof';
import { PROOF_LIFETIME_MS } from '../../domain/proof-lifetime';

// The server's signing keys: every PEM file in one folder signs each proof, and each key's ID is
// derived from its public key. The workers trust the public keys their own configuration names
// (loadTrustedKeys); to rotate, give the workers the new public key and restart them, then add the
// private key to the server's folder (both sign for a while), then retire the old key from both.

interface SigningKey {
  keyId: string;
  privateKey: crypto.KeyObject;
  publicKeyHex: string;
}

export interface Signer {
  /** Key ID → public key (hex): what the workers must trust (worker/trust-anchor.ts). */
  trustedKeys(): TrustedKeys;
  /** The proof for one Update: its claims, bound to its argument (the proof itself left out). */
  sign(claims: Omit<ActorClaims, 'expiresAt' | 'argumentsHash'>, argument: unknown, now: Date): ActorProof;
}

function rawPublicKey(privateKey: crypto.KeyObject): Buffer {
  // An Ed25519 SPKI DER ends with the 32-byte raw key.
  return crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).subarray(-32);
}

export function keyIdOf(publicKey: Buffer): string {
  return crypto.createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
}

export function loadSigner(dir: string, options: { generate: boolean }): Signer {
  if (!fs.existsSync(dir) || fs.readdirSync(dir).filter((f) => f.endsWith('.pem')).length === 0) {
    if (!options.generate)
      throw new Error(
        `DONDOC_SIGNING_KEYS_DIR: không có khóa ký (.pem) trong ${dir}. Cách sửa: tạo bằng "openssl genpkey -algorithm ed25519 -out ${dir}/dondoc-1.pem" và giữ bí mật.`,
      );
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    fs.writeFileSync(path.join(dir, 'dondoc-1.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
      flag: 'wx',
    });
  }
  const keys: SigningKey[] = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.pem'))
    .sort()
    .map((file) => {
      const privateKey = crypto.createPrivateKey(fs.readFileSync(path.join(dir, file)));
      if (privateKey.asymmetricKeyType !== 'ed25519')
        throw new Error(`DONDOC_SIGNING_KEYS_DIR: ${file} không phải khóa Ed25519.`);
      const publicKey = rawPublicKey(privateKey);
      return { keyId: keyIdOf(publicKey), privateKey, publicKeyHex: publicKey.toString('hex') };
    });
  return {
    trustedKeys: () => Object.fromEntries(keys.map((key) => [key.keyId, key.publicKeyHex])),
    sign(partial, argument, now) {
      const claims: ActorClaims = {
        ...partial,
        // What the data converter will send: JSON (an Infinity becomes null, undefined fields go).
        argumentsHash: argumentsHash(JSON.parse(JSON.stringify(argument ?? {}))),
        expiresAt: new Date(now.getTime() + PROOF_LIFETIME_MS).toISOString(),
      };
      const message = claimsMessage(claims);
      return {
        claims,
        signatures: keys.map((key) => ({
          keyId: key.keyId,
          signature: signatureHex(crypto.sign(null, message, key.privateKey)),
        })),
      };
    },
  };
}

/**
 * The public keys a worker trusts: every PEM file in its folder, a public key or a private one (whose
 * public half is taken), so a worker needs no private key where the server runs apart from it.
 */
export function loadTrustedKeys(dir: string): TrustedKeys {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((file) => file.endsWith('.pem')) : [];
  if (files.length === 0)
    throw new Error(
      `DONDOC_TRUSTED_KEYS_DIR: không có khóa công khai (.pem) nào trong ${dir}, nên worker không thể kiểm tra xác nhận của máy chủ. Cách sửa: chép khóa công khai của máy chủ ("openssl pkey -in dondoc-1.pem -pubout") vào thư mục này.`,
    );
  const keys: TrustedKeys = {};
  for (const file of files.sort()) {
    const pem = fs.readFileSync(path.join(dir, file), 'utf8');
    const publicKey = pem.includes('PRIVATE KEY')
      ? crypto.createPublicKey(crypto.createPrivateKey(pem))
      : crypto.createPublicKey(pem);
    if (publicKey.asymmetricKeyType !== 'ed25519')
      throw new Error(`DONDOC_TRUSTED_KEYS_DIR: ${file} không phải khóa Ed25519.`);
    const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
    keys[keyIdOf(raw)] = raw.toString('hex');
  }
  return keys;
}

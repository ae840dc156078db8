import crypto from 'node:crypto';

// Every bearer secret (sign-in link, session cookie, API token) is 32 random bytes; the database
// keeps only its SHA-256, so a copy of the database signs no one in.

export function newSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID()}`;
}

// Small primitives for secrets: random opaque tokens, their stored digests, and constant-time
// comparison of equal-length digests (never of the raw, attacker-sized inputs).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** An opaque random token, base64url without padding. 32 bytes = 256 bits by default. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a token as lower-case hex: what the database stores instead of the token. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares two secrets in constant time by comparing their SHA-256 digests, which always have
 * the same length whatever the inputs are. */
export function secretsEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}

/** True when `token` looks like one of ours (base64url of `bytes` random bytes). Cheap shape check
 * before any lookup, so that oversized or odd input never reaches the database. */
export function isOpaqueTokenShape(token: unknown, bytes = 32): token is string {
  if (typeof token !== 'string') return false;
  const length = Math.ceil((bytes * 4) / 3);
  return token.length === length && /^[A-Za-z0-9_-]+$/.test(token);
}

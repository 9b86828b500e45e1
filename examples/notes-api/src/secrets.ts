// Comparing a secret the client sent with the expected one without leaking, through timing, how
// much of it matched: both sides are hashed to the same length first.
import { createHash, timingSafeEqual } from 'node:crypto';

export function sameSecret(given: string | Buffer, expected: string | Buffer): boolean {
  const digest = (value: string | Buffer) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

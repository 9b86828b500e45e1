// Remembers tokens whose signature and claims verified, so that a client presenting the same
// access token for its 15 minutes pays for one signature verification, not one per request (~170 us
// for EdDSA through jose + WebCrypto here, most of an authenticated request's cost). Used by
// oidcVerifier, and exported for applications that write their own BearerVerifier.
//
// Safe because: only tokens that verified are stored (an attacker cannot fill it without valid
// tokens); an entry never outlives the token's own `exp` nor `iat + maxTokenAge`, and lives at
// most `maxTtlMs`; a lookup must match the whole stored token, so any change to a byte misses. Revocation is NOT
// cached: a verifier that revokes (the platform: per-user not-before, lock and session) checks that
// on every request, after this. Bounded: the oldest entry goes first when full.
import type { Principal } from '../policy/types.js';

export interface VerifiedTokenCacheOptions {
  readonly maxEntries?: number;
  readonly maxTtlMs?: number;
}

interface Entry {
  /** The whole token: a lookup hits only when it is exactly this string. */
  readonly token: string;
  readonly principal: Principal;
  readonly expiresAt: number;
}

/** Characters of the token the map is keyed by. Looking a ~600-character token up by itself hashes
 * all of it on every request (a string from the HTTP parser is new each time, so V8 has no cached
 * hash), about half a microsecond; its last 32 characters (in a JWT, part of the signature) hash
 * in a few nanoseconds, and the entry's whole token is then compared, which is much cheaper than
 * hashing. Two tokens with the same ending only replace each other's entry (a miss, never a
 * wrong principal). */
const KEY_LENGTH = 32;
const keyOf = (token: string): string => (token.length <= KEY_LENGTH ? token : token.slice(token.length - KEY_LENGTH));

export class VerifiedTokenCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxTtlMs: number;

  constructor(options: VerifiedTokenCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#maxTtlMs = options.maxTtlMs ?? 60_000;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(token: string, now: number): Principal | undefined {
    const key = keyOf(token);
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.token !== token) return undefined;
    if (now >= entry.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.principal;
  }

  /** `validUntil`: when the token itself stops being acceptable (min of exp and iat + max age), ms. */
  set(token: string, principal: Principal, validUntil: number, now: number): void {
    const expiresAt = Math.min(validUntil, now + this.#maxTtlMs);
    if (expiresAt <= now) return;
    const key = keyOf(token);
    if (this.#entries.size >= this.#maxEntries && !this.#entries.has(key)) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { token, principal, expiresAt });
  }

  clear(): void {
    this.#entries.clear();
  }
}

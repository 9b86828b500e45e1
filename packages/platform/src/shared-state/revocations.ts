// Revocation across instances: the database stays the source of truth (the wrapped store), and
// Redis carries short-lived marks that every instance reads on each check, so a logout, a lock or
// a password reset on one instance refuses the user's tokens on all others at once (the database
// store alone answers from a cache that may be up to its TTL old).
//   rev:u:<user>    "not before" in epoch seconds (only ever raised)
//   rev:s:<session> the session (refresh family) is revoked
// Marks expire after the access-token lifetime (plus skew): by then every token they refuse has
// expired by itself. When Redis is unreachable, checks fall back to the database store and
// writes still reach the database; nothing is lost, propagation is just no longer instant.
import type { RevocationStore } from '../identity/state/types.js';
import { USER_ID } from '../identity/state/types.js';
import type { SharedRedis } from './connection.js';

// KEYS[1] mark; ARGV seconds, ttlMs. Raises, never lowers; the TTL follows the newest mark.
const RAISE = `
local current = tonumber(redis.call('GET', KEYS[1]))
local next = tonumber(ARGV[1])
if current == nil or current < next then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;

interface RaiseCommand {
  rampartRevocationRaise(key: string, seconds: number, ttlMs: number): Promise<number>;
}

export interface SharedRevocationOptions {
  readonly prefix?: string;
  /** How long a mark is kept: the access-token lifetime plus clock skew. Default 16 minutes. */
  readonly markTtlMs?: number;
}

export class SharedRevocationStore implements RevocationStore {
  readonly #prefix: string;
  readonly #ttlMs: number;

  constructor(
    private readonly inner: RevocationStore,
    private readonly redis: SharedRedis,
    options: SharedRevocationOptions = {},
  ) {
    this.#prefix = options.prefix ?? 'rampart:rev:';
    this.#ttlMs = options.markTtlMs ?? 16 * 60 * 1000;
    redis.client.defineCommand('rampartRevocationRaise', { numberOfKeys: 1, lua: RAISE });
  }

  /** The Redis marks for a user (and session); undefined when Redis cannot answer. */
  async #marks(userId: string, sessionId?: string): Promise<{ notBefore: number; sessionRevoked: boolean } | undefined> {
    const keys = [`${this.#prefix}u:${userId}`];
    if (sessionId !== undefined) keys.push(`${this.#prefix}s:${sessionId}`);
    try {
      const [user, session] = await this.redis.run((client) => client.mget(...keys));
      return { notBefore: Number(user ?? 0), sessionRevoked: session !== null && session !== undefined };
    } catch {
      return undefined; // counted and logged by SharedRedis; the database answers alone
    }
  }

  async notBefore(userId: string): Promise<number> {
    const fromDatabase = await this.inner.notBefore(userId);
    if (!USER_ID.test(userId)) return fromDatabase;
    const marks = await this.#marks(userId);
    return Math.max(fromDatabase, marks?.notBefore ?? 0);
  }

  async isRevoked(userId: string, issuedAtSeconds: number, sessionId?: string): Promise<boolean> {
    if (!USER_ID.test(userId) || (sessionId !== undefined && !USER_ID.test(sessionId))) return true;
    const marks = await this.#marks(userId, sessionId);
    if (marks !== undefined && (issuedAtSeconds < marks.notBefore || marks.sessionRevoked)) return true;
    return this.inner.isRevoked(userId, issuedAtSeconds, sessionId);
  }

  async revokeBefore(userId: string, seconds: number): Promise<void> {
    await this.inner.revokeBefore(userId, seconds);
    if (!USER_ID.test(userId)) return;
    const key = `${this.#prefix}u:${userId}`;
    await this.redis
      .run((client) => (client as unknown as RaiseCommand).rampartRevocationRaise(key, seconds, this.#ttlMs))
      .catch(() => undefined); // the database has it; other instances see it when their cache expires
  }

  async revokeSession(sessionId: string, reason: string): Promise<void> {
    await this.inner.revokeSession(sessionId, reason);
    if (!USER_ID.test(sessionId)) return;
    const key = `${this.#prefix}s:${sessionId}`;
    await this.redis.run((client) => client.set(key, '1', 'PX', this.#ttlMs)).catch(() => undefined);
  }

  invalidate(): void {
    this.inner.invalidate();
  }
}

// REDIS_URL set: the identity state every instance must share, on Redis. One call for the
// platform's wiring (assemblePlatform): pass `revocations`, `lockout` and `totpReplay` to
// createIdentity and `close()` on shutdown. Given the process's shared `connection`, it opens
// nothing and its close() leaves that connection to its creator.
import type { Kysely } from 'kysely';
import type { IdentityTables } from '../db/schema/identity.js';
import { DatabaseRevocationStore } from '../identity/state/database.js';
import { SharedRedis } from './connection.js';
import type { SharedRedisOptions, SharedStateHealth } from './connection.js';
import { RedisLockoutStore } from './lockout.js';
import { SharedRevocationStore } from './revocations.js';
import { RedisTotpReplayStore } from './totp-replay.js';

export { SharedRedis, SHARED_STATE_RETRY_AFTER_SECONDS, type SharedStateHealth, type SharedRedisOptions } from './connection.js';
export { RedisLockoutStore } from './lockout.js';
export { RedisTotpReplayStore } from './totp-replay.js';
export { SharedRevocationStore, type SharedRevocationOptions } from './revocations.js';

export type SharedIdentityStateOptions = SharedRedisOptions & IdentityStateOptions;

interface IdentityStateOptions {
  // Any database whose tables include identity's (Kysely's generics are invariant).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  readonly db: Kysely<any>;
  readonly now: () => number;
  /** Key prefix; default `rampart:`. */
  readonly prefix?: string;
  /** Access-token lifetime in ms (revocation marks live this long plus a minute). Default 15 min. */
  readonly accessTokenTtlMs?: number;
}

export interface SharedIdentityState {
  readonly revocations: SharedRevocationStore;
  readonly lockout: RedisLockoutStore;
  readonly totpReplay: RedisTotpReplayStore;
  health(): SharedStateHealth;
  waitUntilUp(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createSharedIdentityState(options: SharedIdentityStateOptions): SharedIdentityState {
  const prefix = options.prefix ?? 'rampart:';
  const redis = new SharedRedis(options);
  const database = new DatabaseRevocationStore(options.db as Kysely<IdentityTables>, options.now);
  return {
    revocations: new SharedRevocationStore(database, redis, {
      prefix: `${prefix}rev:`,
      markTtlMs: (options.accessTokenTtlMs ?? 15 * 60 * 1000) + 60_000,
    }),
    lockout: new RedisLockoutStore(redis, `${prefix}lockout:`),
    totpReplay: new RedisTotpReplayStore(redis, `${prefix}totp:`),
    health: () => redis.health(),
    waitUntilUp: (timeoutMs) => redis.waitUntilUp(timeoutMs),
    close: () => redis.close(),
  };
}

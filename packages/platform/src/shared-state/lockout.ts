// Consecutive failed logins per account in Redis: one script per decision (count, lock at the
// threshold, restart counting), so that failures arriving at several instances at once are all
// counted and the lock is set exactly once. Keys expire: a lock when it ends, a count after
// `idleTtlMs` without failures.
import type { LockoutState, LockoutStore } from '../identity/state/types.js';
import { USER_ID } from '../identity/state/types.js';
import type { SharedRedis } from './connection.js';

// KEYS[1] hash {f: failures, u: locked until ms}; ARGV now, threshold, durationMs, idleTtlMs.
const RECORD_FAILURE = `
local now = tonumber(ARGV[1])
local failures = redis.call('HINCRBY', KEYS[1], 'f', 1)
local locked = tonumber(redis.call('HGET', KEYS[1], 'u') or '0')
if failures >= tonumber(ARGV[2]) then
  locked = now + tonumber(ARGV[3])
  failures = 0
  redis.call('HSET', KEYS[1], 'f', 0, 'u', string.format('%d', locked))
end
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[4]), locked - now))
return {failures, string.format('%d', locked)}
`;

interface LockoutCommands {
  rampartLockoutFailure(key: string, now: number, threshold: number, durationMs: number, idleTtlMs: number): Promise<[number, string]>;
}

export class RedisLockoutStore implements LockoutStore {
  constructor(
    private readonly redis: SharedRedis,
    private readonly prefix = 'rampart:lockout:',
    /** A count of failures with none added for this long is forgotten. Default one day. */
    private readonly idleTtlMs = 24 * 60 * 60 * 1000,
  ) {
    redis.client.defineCommand('rampartLockoutFailure', { numberOfKeys: 1, lua: RECORD_FAILURE });
  }

  #key(userId: string): string {
    if (!USER_ID.test(userId)) throw new TypeError('lockout: user id must be a UUID');
    return this.prefix + userId;
  }

  async get(userId: string): Promise<LockoutState> {
    const key = this.#key(userId);
    const [failures, locked] = await this.redis.run((client) => client.hmget(key, 'f', 'u'));
    return { consecutiveFailures: Number(failures ?? 0), lockedUntil: Number(locked ?? 0) };
  }

  async recordFailure(userId: string, now: number, threshold: number, durationMs: number): Promise<LockoutState> {
    const key = this.#key(userId);
    const [failures, locked] = await this.redis.run((client) =>
      (client as unknown as LockoutCommands).rampartLockoutFailure(key, now, threshold, durationMs, this.idleTtlMs),
    );
    return { consecutiveFailures: Number(failures), lockedUntil: Number(locked) };
  }

  async reset(userId: string): Promise<void> {
    const key = this.#key(userId);
    await this.redis.run((client) => client.del(key));
  }
}

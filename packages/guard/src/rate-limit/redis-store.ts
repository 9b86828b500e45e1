// Shared rate-limit store on Redis: the limits hold across every instance of an application.
// One Lua script per decision (INCR, PEXPIRE on the first hit, PTTL) so that concurrent
// instances can never both see "first hit" or leave a counter without expiry. A nested decision
// (an IPv6 /64 and its /48) is one script too: one round trip, and the /48 is counted only when
// the /64 was within its limit, atomically. When Redis is
// unreachable or slow, `hit` rejects quickly with StoreUnavailableError and the rate-limit layer
// applies the class's `onStoreFailure` (503 or the in-process fallback); nothing crashes.
import { createHash } from 'node:crypto';
import { createRedisConnection } from './redis-connection.js';
import type { RedisConnection, RedisConnectionOptions } from './redis-connection.js';
import type { RedisHealthSnapshot, RedisStateListener } from './redis-health.js';
import { StoreUnavailableError } from './store-unavailable-error.js';
import type { NestedRateLimitDecision, RateLimitDecision, RateLimitStore } from '../policy/types.js';

/** An open connection (`createRedisConnection`) the application shares between the store and its
 * own uses of Redis: one socket and one health record per process. The store never closes it;
 * whoever created it does, after the store is no longer used. */
export interface SharedRedisConnectionOption {
  readonly connection: RedisConnection;
}

/** Either the settings of a connection the store opens (and closes), or a shared `connection`. */
export type RedisRateLimitStoreOptions = (RedisConnectionOptions | SharedRedisConnectionOption) & {
  /** Prefix of every key, so that several applications can share one Redis. Default `rampart:rl:`. */
  readonly prefix?: string;
};

// KEYS[1] counter; ARGV[1] window in ms. Returns {count, remaining ms}. The PTTL < 0 branch repairs
// a counter without expiry (written by something else): every key this store owns expires.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

// KEYS[1] the client's counter, KEYS[2] the wider one (its /48); ARGV[1] window in ms, ARGV[2]
// the limit of KEYS[1]. Returns {count, ttl} when KEYS[1] is over its limit (KEYS[2] untouched),
// else {count, ttl, wider count, wider ttl}. (Two keys in one script: one Redis, not a cluster.)
const HIT_NESTED_SCRIPT = `
local function hit(key, window)
  local count = redis.call('INCR', key)
  if count == 1 then
    redis.call('PEXPIRE', key, window)
  end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, window)
    ttl = tonumber(window)
  end
  return count, ttl
end
local count, ttl = hit(KEYS[1], ARGV[1])
if count > tonumber(ARGV[2]) then
  return {count, ttl}
end
local wider, widerTtl = hit(KEYS[2], ARGV[1])
return {count, ttl, wider, widerTtl}
`;

/** Keys longer than this are replaced by their SHA-256 (keys may carry caller input, e.g. an email). */
const MAX_RAW_KEY_LENGTH = 200;

interface HitCommand {
  rampartRateLimitHit(key: string, windowMs: number): Promise<[number, number]>;
  rampartRateLimitHitNested(key: string, wider: string, windowMs: number, limit: number): Promise<number[]>;
}

function checkWindow(windowMs: number): void {
  if (!Number.isSafeInteger(windowMs) || windowMs <= 0) throw new RangeError('windowMs must be a positive integer');
}

export class RedisRateLimitStore implements RateLimitStore {
  readonly kind = 'shared' as const;
  readonly #connection: RedisConnection;
  /** False for a shared connection: its creator closes it. */
  readonly #ownsConnection: boolean;
  readonly #prefix: string;

  constructor(options: RedisRateLimitStoreOptions) {
    this.#prefix = options.prefix ?? 'rampart:rl:';
    this.#ownsConnection = !('connection' in options);
    this.#connection = 'connection' in options ? options.connection : createRedisConnection({ name: 'rampart-rate-limit', ...options });
    // ioredis sends EVALSHA and falls back to EVAL when the server lost its script cache (restart).
    this.#connection.client.defineCommand('rampartRateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.#connection.client.defineCommand('rampartRateLimitHitNested', { numberOfKeys: 2, lua: HIT_NESTED_SCRIPT });
  }

  /** The Redis key for a limiter key (exposed for tests and operators). */
  redisKey(key: string): string {
    const body = key.length > MAX_RAW_KEY_LENGTH ? `h:${createHash('sha256').update(key).digest('hex')}` : key;
    return this.#prefix + body;
  }

  async hit(key: string, windowMs: number, now: number): Promise<RateLimitDecision> {
    checkWindow(windowMs);
    const client = this.#connection.client as unknown as HitCommand;
    const [count, ttl] = await this.#run(() => client.rampartRateLimitHit(this.redisKey(key), windowMs));
    return { count: Number(count), resetAt: now + Number(ttl) };
  }

  async hitNested(key: string, wider: string, limit: number, windowMs: number, now: number): Promise<NestedRateLimitDecision> {
    checkWindow(windowMs);
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
    const client = this.#connection.client as unknown as HitCommand;
    const reply = await this.#run(() => client.rampartRateLimitHitNested(this.redisKey(key), this.redisKey(wider), windowMs, limit));
    const [count, ttl, widerCount, widerTtl] = reply;
    const first = { count: Number(count), resetAt: now + Number(ttl) };
    if (widerCount === undefined) return first;
    return { ...first, wider: { count: Number(widerCount), resetAt: now + Number(widerTtl) } };
  }

  /** Runs one command; a failure is counted, marks the store down and becomes StoreUnavailableError. */
  async #run<T>(command: () => Promise<T>): Promise<T> {
    let reply: T;
    try {
      reply = await command();
    } catch (error) {
      this.#connection.health.countRejection();
      this.#connection.health.set('down', 'command failed');
      throw new StoreUnavailableError('rate-limit store unavailable', { cause: error });
    }
    this.#connection.health.set('up', 'command succeeded');
    return reply;
  }

  /** Current state and counters of the connection. */
  health(): RedisHealthSnapshot {
    return this.#connection.health.snapshot();
  }

  /** Called on every up/down change (after it is logged). Returns an unsubscribe function. */
  onStateChange(listener: RedisStateListener): () => void {
    return this.#connection.health.onChange(listener);
  }

  /** Resolves true once Redis answers, false after `timeoutMs`; lets a process log at start
   * whether the shared store is reachable. Never rejects. */
  waitUntilUp(timeoutMs: number): Promise<boolean> {
    return this.#connection.waitUntilUp(timeoutMs);
  }

  /** Closes the connection the store opened; a shared connection is left to its creator. */
  close(): Promise<void> {
    return this.#ownsConnection ? this.#connection.close() : Promise.resolve();
  }
}

// Shared rate-limit store on Redis: the limits hold across every instance of an application.
// One Lua script per decision (INCR, PEXPIRE on the first hit, PTTL) so that concurrent
// instances can never both see "first hit" or leave a counter without expiry. When Redis is
// unreachable or slow, `hit` rejects quickly with StoreUnavailableError and the rate-limit layer
// applies the class's `onStoreFailure` (503 or the in-process fallback); nothing crashes.
import { createHash } from 'node:crypto';
import { createRedisConnection } from './redis-connection.js';
import type { RedisConnection, RedisConnectionOptions } from './redis-connection.js';
import type { RedisHealthSnapshot, RedisStateListener } from './redis-health.js';
import { StoreUnavailableError } from './store-unavailable-error.js';
import type { RateLimitDecision, RateLimitStore } from '../policy/types.js';

export interface RedisRateLimitStoreOptions extends RedisConnectionOptions {
  /** Prefix of every key, so that several applications can share one Redis. Default `rampart:rl:`. */
  readonly prefix?: string;
}

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

/** Keys longer than this are replaced by their SHA-256 (keys may carry caller input, e.g. an email). */
const MAX_RAW_KEY_LENGTH = 200;

interface HitCommand {
  rampartRateLimitHit(key: string, windowMs: number): Promise<[number, number]>;
}

export class RedisRateLimitStore implements RateLimitStore {
  readonly kind = 'shared' as const;
  readonly #connection: RedisConnection;
  readonly #prefix: string;

  constructor(options: RedisRateLimitStoreOptions) {
    this.#prefix = options.prefix ?? 'rampart:rl:';
    this.#connection = createRedisConnection({ name: 'rampart-rate-limit', ...options });
    // ioredis sends EVALSHA and falls back to EVAL when the server lost its script cache (restart).
    this.#connection.client.defineCommand('rampartRateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  }

  /** The Redis key for a limiter key (exposed for tests and operators). */
  redisKey(key: string): string {
    const body = key.length > MAX_RAW_KEY_LENGTH ? `h:${createHash('sha256').update(key).digest('hex')}` : key;
    return this.#prefix + body;
  }

  async hit(key: string, windowMs: number, now: number): Promise<RateLimitDecision> {
    if (!Number.isSafeInteger(windowMs) || windowMs <= 0) {
      throw new RangeError('windowMs must be a positive integer');
    }
    const client = this.#connection.client as unknown as HitCommand;
    let reply: [number, number];
    try {
      reply = await client.rampartRateLimitHit(this.redisKey(key), windowMs);
    } catch (error) {
      this.#connection.health.countRejection();
      this.#connection.health.set('down', 'command failed');
      throw new StoreUnavailableError('rate-limit store unavailable', { cause: error });
    }
    this.#connection.health.set('up', 'command succeeded');
    const [count, ttl] = reply;
    return { count: Number(count), resetAt: now + Number(ttl) };
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

  close(): Promise<void> {
    return this.#connection.close();
  }
}

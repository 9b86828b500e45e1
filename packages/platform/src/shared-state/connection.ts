// The Redis connection of the shared identity state. It is guard's connection (the same fail-fast
// settings as the rate-limit store, see docs/decisions/production.md: no offline queue, no replay
// of unanswered commands, short timeouts, endless capped reconnects, an 'error' listener so nothing
// crashes, every up/down change logged once and counted). The platform opens ONE per process and
// hands it to both the rate-limit store and this state, so there is one socket, one health record
// and one set of counters; a connection given here is closed by whoever created it.
import type { Redis } from 'ioredis';
import { createRedisConnection } from '@rampart/guard';
import { StorageUnavailableError } from '../errors/index.js';
import type { RedisConnection, RedisConnectionOptions, RedisHealthSnapshot } from '@rampart/guard';

/** State and counters of the connection (`rejected`: operations that failed because Redis was
 * unreachable or slow, whether the rate-limit store or the identity state issued them). */
export type SharedStateHealth = RedisHealthSnapshot;

/** A connection to open (and close), or an open one shared with the rate-limit store. */
export type SharedRedisOptions = RedisConnectionOptions | { readonly connection: RedisConnection };

/** Seconds a client is told to wait when shared state is unreachable. */
export const SHARED_STATE_RETRY_AFTER_SECONDS = 5;

export class SharedRedis {
  readonly client: Redis;
  readonly #connection: RedisConnection;
  readonly #ownsConnection: boolean;

  constructor(options: SharedRedisOptions) {
    this.#ownsConnection = !('connection' in options);
    this.#connection = 'connection' in options ? options.connection : createRedisConnection({ name: 'rampart-shared-state', ...options });
    // guard types its client structurally (its declarations must not need ioredis); it is an
    // ioredis Redis, whose commands the identity state uses (docs/guard.md, "Redis store").
    this.client = this.#connection.client as unknown as Redis;
  }

  /** Runs one Redis operation; on failure counts it and throws the StorageUnavailableError (a storage
   * outage, never a rate-limit refusal; the HTTP edge answers it 503 with Retry-After). */
  async run<T>(operation: (client: Redis) => Promise<T>): Promise<T> {
    const { health } = this.#connection;
    try {
      const result = await operation(this.client);
      health.set('up', 'command succeeded');
      return result;
    } catch (error) {
      health.countRejection();
      health.set('down', 'command failed');
      throw new StorageUnavailableError('ERR_SHARED_STATE_UNAVAILABLE', {
        cause: error,
        retryAfterSeconds: SHARED_STATE_RETRY_AFTER_SECONDS,
      });
    }
  }

  health(): SharedStateHealth {
    return this.#connection.health.snapshot();
  }

  /** Resolves true once connected, false after `timeoutMs`. Never rejects. */
  waitUntilUp(timeoutMs: number): Promise<boolean> {
    return this.#connection.waitUntilUp(timeoutMs);
  }

  /** Closes the connection this object opened; a shared one is left to its creator. */
  close(): Promise<void> {
    return this.#ownsConnection ? this.#connection.close() : Promise.resolve();
  }
}

// One ioredis connection with the settings a request path needs: a command either answers within
// a short time or fails at once. No offline queue (a command issued while disconnected is refused
// instead of waiting), no replay of unanswered commands after a reconnect (a hit counted twice
// would be wrong), and a reconnect loop that never gives up, so service comes back by itself.
//
// ioredis is an optional peer dependency of guard: only this store needs it, so it is loaded
// when a connection is made, never when @rampart/guard is imported. The declarations name only
// the structural RedisClient below, so a program type-checked with skipLibCheck: false does not
// need ioredis installed either.
import { createRequire } from 'node:module';
import type * as Ioredis from 'ioredis';
import type { Redis } from 'ioredis';
import { RedisHealth } from './redis-health.js';
import type { RedisStoreLogger } from './redis-health.js';

export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://` for TLS. */
  readonly url: string;
  /** Milliseconds to establish a connection before it counts as failed. Default 1000. */
  readonly connectTimeoutMs?: number;
  /** Milliseconds a command may take before it is rejected. Default 300. */
  readonly commandTimeoutMs?: number;
  /** Upper bound of the delay between reconnect attempts, in milliseconds. Default 1000. */
  readonly maxReconnectDelayMs?: number;
  /** Name used in logs and `CLIENT LIST`. */
  readonly name?: string;
  readonly logger?: RedisStoreLogger;
}

/** The part of an ioredis client the store uses. */
export interface RedisClient {
  readonly status: string;
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
  quit(): Promise<unknown>;
  disconnect(): void;
}

export interface RedisConnection {
  readonly client: RedisClient;
  readonly health: RedisHealth;
  /** Resolves true once connected, false if not connected within `timeoutMs`. Never rejects. */
  waitUntilUp(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Exponential backoff from 50 ms, capped, with no end: the store must recover on its own. */
export function reconnectDelay(attempt: number, maxDelayMs: number): number {
  return Math.min(50 * 2 ** Math.min(attempt, 16), maxDelayMs);
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of milliseconds`);
  return value;
}

const requireFromHere = createRequire(import.meta.url);

/** ioredis's client class, or an error that says how to install it. */
function loadRedis(): typeof Redis {
  try {
    return (requireFromHere('ioredis') as typeof Ioredis).Redis;
  } catch (error) {
    if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error('RedisRateLimitStore needs the ioredis package (an optional peer dependency of @rampart/guard): npm install ioredis', {
      cause: error,
    });
  }
}

export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
  const Redis = loadRedis();
  const name = options.name ?? 'rampart';
  const maxDelay = positive(options.maxReconnectDelayMs, 1000, 'maxReconnectDelayMs');
  const health = new RedisHealth(name, options.logger);
  const client = new Redis(options.url, {
    connectionName: name,
    connectTimeout: positive(options.connectTimeoutMs, 1000, 'connectTimeoutMs'),
    commandTimeout: positive(options.commandTimeoutMs, 300, 'commandTimeoutMs'),
    enableOfflineQueue: false,
    // 0: commands in flight when the connection drops are rejected at once, not kept for retry.
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => reconnectDelay(attempt, maxDelay),
    // CLIENT SETINFO would announce the library name and version to the server; not needed.
    disableClientInfo: true,
  });
  // Without an 'error' listener, a refused connection would be an unhandled 'error' event and
  // would end the process. The state change is what matters; the details go to the log once.
  client.on('error', (error: Error & { code?: string }) => health.set('down', error.code ?? 'error'));
  client.on('ready', () => health.set('up', 'ready'));
  client.on('close', () => health.set('down', 'connection closed'));
  let closed = false;

  return {
    client,
    health,
    waitUntilUp(timeoutMs) {
      if (health.state === 'up') return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          stop();
          resolve(false);
        }, timeoutMs);
        const stop = health.onChange((state) => {
          if (state !== 'up') return;
          clearTimeout(timer);
          stop();
          resolve(true);
        });
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (client.status === 'ready') {
        // QUIT lets pending replies arrive; if it cannot be sent, drop the socket.
        await client.quit().catch(() => client.disconnect());
      } else {
        client.disconnect();
      }
    },
  };
}

// The Redis connection of the shared identity state, with the same fail-fast settings as guard's
// rate-limit store (see docs/decisions/production.md): no offline queue, no replay of unanswered
// commands, short timeouts, endless capped reconnects, an 'error' listener so nothing crashes,
// and every up/down change logged once and counted.
import { Redis } from 'ioredis';
import { StorageUnavailableError } from '../errors/index.js';

export type SharedStateStatus = 'connecting' | 'up' | 'down';

export interface SharedStateLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface SharedStateHealth {
  readonly state: SharedStateStatus;
  readonly wentDown: number;
  readonly wentUp: number;
  /** Operations that failed because Redis was unreachable or slow. */
  readonly failures: number;
}

export interface SharedRedisOptions {
  readonly url: string;
  readonly connectTimeoutMs?: number;
  readonly commandTimeoutMs?: number;
  readonly maxReconnectDelayMs?: number;
  readonly logger?: SharedStateLogger;
}

/** Seconds a client is told to wait when shared state is unreachable. */
export const SHARED_STATE_RETRY_AFTER_SECONDS = 5;

export class SharedRedis {
  readonly client: Redis;
  #state: SharedStateStatus = 'connecting';
  #wentDown = 0;
  #wentUp = 0;
  #failures = 0;
  #closed = false;

  constructor(private readonly options: SharedRedisOptions) {
    const maxDelay = options.maxReconnectDelayMs ?? 1000;
    this.client = new Redis(options.url, {
      connectionName: 'rampart-shared-state',
      connectTimeout: options.connectTimeoutMs ?? 1000,
      commandTimeout: options.commandTimeoutMs ?? 300,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 16), maxDelay),
      disableClientInfo: true,
    });
    this.client.on('error', (error: Error & { code?: string }) => this.#set('down', error.code ?? 'error'));
    this.client.on('ready', () => this.#set('up', 'ready'));
    this.client.on('close', () => this.#set('down', 'connection closed'));
  }

  #set(next: 'up' | 'down', reason: string): void {
    if (next === this.#state) return;
    const previous = this.#state;
    this.#state = next;
    if (next === 'up') {
      this.#wentUp += 1;
      this.options.logger?.info({ store: 'shared-state', previous, reason }, 'redis shared state is up');
    } else {
      this.#wentDown += 1;
      this.options.logger?.warn({ store: 'shared-state', previous, reason }, 'redis shared state is down');
    }
  }

  /** Runs one Redis operation; on failure counts it and throws the StorageUnavailableError (a storage
   * outage, never a rate-limit refusal; the HTTP edge answers it 503 with Retry-After). */
  async run<T>(operation: (client: Redis) => Promise<T>): Promise<T> {
    try {
      const result = await operation(this.client);
      this.#set('up', 'command succeeded');
      return result;
    } catch (error) {
      this.#failures += 1;
      this.#set('down', 'command failed');
      throw new StorageUnavailableError('ERR_SHARED_STATE_UNAVAILABLE', {
        cause: error,
        retryAfterSeconds: SHARED_STATE_RETRY_AFTER_SECONDS,
      });
    }
  }

  health(): SharedStateHealth {
    return { state: this.#state, wentDown: this.#wentDown, wentUp: this.#wentUp, failures: this.#failures };
  }

  /** Resolves true once connected, false after `timeoutMs`. Never rejects. */
  async waitUntilUp(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#state !== 'up' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.#state === 'up';
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }
}

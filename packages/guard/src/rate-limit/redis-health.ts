// Up/down tracking of one Redis connection: every change is logged once and counted, so that an
// operator sees an outage begin and end in the logs and in /metrics, not once per request.

export type RedisConnectionState = 'connecting' | 'up' | 'down';

/** The subset of a pino logger the store writes to (a FastifyBaseLogger fits). */
export interface RedisStoreLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Counters the platform can expose in /metrics. */
export interface RedisHealthSnapshot {
  readonly state: RedisConnectionState;
  /** Times the connection went from up (or connecting) to down. */
  readonly wentDown: number;
  /** Times it came (back) up, the first connection included. */
  readonly wentUp: number;
  /** Operations rejected because Redis was unreachable or too slow. */
  readonly rejected: number;
}

export type RedisStateListener = (state: RedisConnectionState, reason: string) => void;

export class RedisHealth {
  #state: RedisConnectionState = 'connecting';
  #wentDown = 0;
  #wentUp = 0;
  #rejected = 0;
  readonly #listeners = new Set<RedisStateListener>();

  constructor(
    private readonly name: string,
    private readonly logger?: RedisStoreLogger,
  ) {}

  get state(): RedisConnectionState {
    return this.#state;
  }

  /** Records a state; logs and counts only real changes. `reason` is a short internal text
   * (an error code or event name), never sent to clients. */
  set(next: 'up' | 'down', reason: string): void {
    if (next === this.#state) return;
    const previous = this.#state;
    this.#state = next;
    if (next === 'up') {
      this.#wentUp += 1;
      this.logger?.info({ store: this.name, previous, reason }, 'redis store is up');
    } else {
      this.#wentDown += 1;
      this.logger?.warn({ store: this.name, previous, reason }, 'redis store is down');
    }
    for (const listener of this.#listeners) listener(next, reason);
  }

  countRejection(): void {
    this.#rejected += 1;
  }

  onChange(listener: RedisStateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  snapshot(): RedisHealthSnapshot {
    return { state: this.#state, wentDown: this.#wentDown, wentUp: this.#wentUp, rejected: this.#rejected };
  }
}

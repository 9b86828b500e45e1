// A bound on concurrent Argon2 work. Each hash costs ~20 MiB and tens of milliseconds of a core on
// libuv's thread pool; without a bound, a flood of logins from many addresses (each within its own
// rate limit) fills the pool, starves the event loop and every other request with it. Work beyond
// `concurrency` waits in a bounded queue; beyond that it is refused at once with ERR_IDENTITY_BUSY
// and a retry hint (before any hashing, so the refusal itself is cheap; HTTP answers 503 + Retry-After).
import { availableParallelism } from 'node:os';
import { IdentityError } from '../../errors/index.js';

export interface HashingSlotsOptions {
  /** Hashes running at once. Default: every core but one (at least one), so a core stays free. */
  readonly concurrency?: number;
  /** Hashes waiting for a slot before new ones are refused. Default 32 per slot. */
  readonly maxQueue?: number;
}

export const HASHING_BUSY_RETRY_AFTER_SECONDS = 1;

export class HashingSlots {
  readonly concurrency: number;
  readonly maxQueue: number;
  #running = 0;
  #refused = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(options: HashingSlotsOptions = {}) {
    this.concurrency = options.concurrency ?? Math.max(1, availableParallelism() - 1);
    this.maxQueue = options.maxQueue ?? this.concurrency * 32;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError('concurrency must be a positive integer');
    if (!Number.isInteger(this.maxQueue) || this.maxQueue < 0) throw new RangeError('maxQueue must be a non-negative integer');
  }

  /** Work running and waiting now (for tests and metrics). */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }

  /** Work refused since start because the queue was full (rampart_password_hash_refusals_total). */
  get refused(): number {
    return this.#refused;
  }

  /** Runs `work` in a slot; throws IdentityError ERR_IDENTITY_BUSY at once when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      if (this.#waiting.length >= this.maxQueue) {
        this.#refused++;
        throw new IdentityError('ERR_IDENTITY_BUSY', { retryAfterSeconds: HASHING_BUSY_RETRY_AFTER_SECONDS });
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter (the running count stays), or free it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

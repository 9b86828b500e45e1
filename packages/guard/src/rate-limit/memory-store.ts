// The in-process rate-limit store: synchronous, fixed windows aligned to the clock
// (`floor(now / windowMs) * windowMs`), and BOUNDED.
//
// Memory: keys are not stored. Each key is reduced to a 64-bit fingerprint (two 32-bit hashes
// seeded at random per store, so collisions cannot be precomputed) in an open-addressing table of
// typed arrays: 12 bytes per slot, load factor <= 1/2, at most `maxKeys` live entries per window.
// The table grows by doubling up to that bound and is wiped (and shrunk back) when the window
// rolls over, so 1,000,000 distinct keys cost ~24 MiB at most, and nothing is kept longer than
// one window.
//
// Eviction resistance: a live counter is never evicted. Once `maxKeys` keys are tracked in the
// current window (or a probe sequence is unusually long), a NEW key is counted in one shared
// overflow bucket instead: an attacker flooding distinct addresses exhausts the overflow bucket
// (so those new keys are limited together, hard) but every client already counted keeps its own
// counter and its own verdict.
import { randomInt } from 'node:crypto';
import type { NestedRateLimitDecision, RateLimitDecision, RateLimitStore } from '../policy/types.js';

const INITIAL_SLOTS = 1024;
/** Probes before a key is sent to the overflow bucket (bounds CPU under hash flooding). */
const MAX_PROBES = 64;

export interface MemoryStoreOptions {
  /** Upper bound on distinct keys tracked per window (per window length). */
  readonly maxKeys: number;
}

/** One window length's table. */
class WindowTable {
  windowEnd = 0;
  size = 0;
  overflowCount = 0;
  mask: number;
  fingerprintA: Uint32Array;
  fingerprintB: Uint32Array;
  counts: Uint32Array;
  private readonly maxSlots: number;

  constructor(
    private readonly maxKeys: number,
    initialSlots: number,
  ) {
    // Smallest power of two that keeps the load factor at 1/2 with maxKeys entries.
    let maxSlots = INITIAL_SLOTS;
    while (maxSlots < maxKeys * 2) maxSlots *= 2;
    this.maxSlots = maxSlots;
    const slots = Math.min(initialSlots, maxSlots);
    this.mask = slots - 1;
    this.fingerprintA = new Uint32Array(slots);
    this.fingerprintB = new Uint32Array(slots);
    this.counts = new Uint32Array(slots);
  }

  get slots(): number {
    return this.mask + 1;
  }

  /** Bytes held by the typed arrays. */
  get bytes(): number {
    return this.fingerprintA.byteLength + this.fingerprintB.byteLength + this.counts.byteLength;
  }

  reset(windowEnd: number): void {
    this.windowEnd = windowEnd;
    this.size = 0;
    this.overflowCount = 0;
    if (this.slots > INITIAL_SLOTS) {
      // Give the memory of a flood back instead of keeping the high-water mark.
      this.mask = INITIAL_SLOTS - 1;
      this.fingerprintA = new Uint32Array(INITIAL_SLOTS);
      this.fingerprintB = new Uint32Array(INITIAL_SLOTS);
      this.counts = new Uint32Array(INITIAL_SLOTS);
    } else {
      this.counts.fill(0);
    }
  }

  /** Counts one hit; returns the count after it. */
  hit(a: number, b: number): number {
    let index = a & this.mask;
    for (let probe = 0; probe < MAX_PROBES; probe++) {
      const count = this.counts[index] as number;
      if (count === 0) {
        if (this.size >= this.maxKeys) break;
        if ((this.size + 1) * 2 > this.slots && this.slots < this.maxSlots) {
          this.grow();
          return this.hit(a, b);
        }
        this.fingerprintA[index] = a;
        this.fingerprintB[index] = b;
        this.counts[index] = 1;
        this.size++;
        return 1;
      }
      if (this.fingerprintA[index] === a && this.fingerprintB[index] === b) {
        const next = count + 1;
        // Saturate instead of wrapping (never reaches 0, which marks an empty slot).
        if (next <= 0xffffffff) this.counts[index] = next;
        return next;
      }
      index = (index + 1) & this.mask;
    }
    return ++this.overflowCount;
  }

  private grow(): void {
    const oldA = this.fingerprintA;
    const oldB = this.fingerprintB;
    const oldCounts = this.counts;
    const slots = this.slots * 2;
    this.mask = slots - 1;
    this.fingerprintA = new Uint32Array(slots);
    this.fingerprintB = new Uint32Array(slots);
    this.counts = new Uint32Array(slots);
    for (let i = 0; i < oldCounts.length; i++) {
      const count = oldCounts[i] as number;
      if (count === 0) continue;
      const a = oldA[i] as number;
      let index = a & this.mask;
      while ((this.counts[index] as number) !== 0) index = (index + 1) & this.mask;
      this.fingerprintA[index] = a;
      this.fingerprintB[index] = oldB[i] as number;
      this.counts[index] = count;
    }
  }
}

export class MemoryStore implements RateLimitStore {
  readonly kind = 'memory' as const;
  private readonly maxKeys: number;
  private readonly tables = new Map<number, WindowTable>();
  private readonly seedA = randomInt(0, 0x7fffffff);
  private readonly seedB = randomInt(0, 0x7fffffff);
  /** Reused output of `fingerprint` (the store is synchronous, so one buffer is enough). */
  private readonly scratch = new Uint32Array(2);
  /** The table of the window length asked last (nearly every hit asks the same one). */
  private lastWindowMs = 0;
  private lastTable: WindowTable | undefined;

  constructor(options: MemoryStoreOptions) {
    if (!Number.isInteger(options.maxKeys) || options.maxKeys < 1) {
      throw new TypeError('rateLimit.maxKeys must be a positive integer');
    }
    this.maxKeys = options.maxKeys;
  }

  hit(key: string, windowMs: number, now: number): RateLimitDecision {
    return this.hitParts(key, '', windowMs, now);
  }

  /** Counts `key`, then `wider` only when `key` is within `limit` (see RateLimitStore). */
  hitNested(key: string, wider: string, limit: number, windowMs: number, now: number): NestedRateLimitDecision {
    const first = this.hit(key, windowMs, now);
    if (first.count > limit) return first;
    return { count: first.count, resetAt: first.resetAt, wider: this.hit(wider, windowMs, now) };
  }

  /** `hit(prefix + rest, ...)` without building that string: the same counter, fingerprinted over
   * both parts in one pass (the rate limiter keeps a constant prefix per class). */
  hitParts(prefix: string, rest: string, windowMs: number, now: number): RateLimitDecision {
    const table = this.tableAt(windowMs, now);
    fingerprint(prefix, rest, this.seedA, this.seedB, this.scratch);
    return { count: table.hit(this.scratch[0] as number, this.scratch[1] as number), resetAt: table.windowEnd };
  }

  /** The table of `windowMs`, reset when its window has ended at `now`. */
  private tableAt(windowMs: number, now: number): WindowTable {
    let table = windowMs === this.lastWindowMs ? this.lastTable : this.tables.get(windowMs);
    if (table === undefined) {
      table = new WindowTable(this.maxKeys, INITIAL_SLOTS);
      this.tables.set(windowMs, table);
    }
    this.lastWindowMs = windowMs;
    this.lastTable = table;
    if (now >= table.windowEnd) table.reset(Math.floor(now / windowMs) * windowMs + windowMs);
    return table;
  }

  /** Live keys and bytes held, for tests and metrics. */
  stats(): { keys: number; overflowHits: number; bytes: number } {
    let keys = 0;
    let overflowHits = 0;
    let bytes = 0;
    for (const table of this.tables.values()) {
      keys += table.size;
      overflowHits += table.overflowCount;
      bytes += table.bytes;
    }
    return { keys, overflowHits, bytes };
  }

  close(): Promise<void> {
    this.tables.clear();
    this.lastWindowMs = 0;
    this.lastTable = undefined;
    return Promise.resolve();
  }
}

/** Two 32-bit FNV-1a hashes over the UTF-16 code units of `head` then `tail` (the key is their
 * concatenation) with seeded offsets, one pass; each finished with the murmur3 mix; together they
 * are the key's 64-bit fingerprint. */
function fingerprint(head: string, tail: string, seedA: number, seedB: number, out: Uint32Array): void {
  let a = (0x811c9dc5 ^ seedA) >>> 0;
  let b = (0x811c9dc5 ^ seedB) >>> 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  for (let i = 0; i < tail.length; i++) {
    const c = tail.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  out[0] = mix(a);
  out[1] = mix(b);
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

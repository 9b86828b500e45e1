import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory-store.js';

const MINUTE = 60_000;
const T0 = 1_800_000_000_000; // a whole minute: windows align on multiples of windowMs

describe('MemoryStore counting and windows', () => {
  it('counts hits per key inside one fixed window and reports the window end', () => {
    const store = new MemoryStore({ maxKeys: 100 });
    expect(store.hit('public|a:1.2.3.4', MINUTE, T0)).toEqual({ count: 1, resetAt: T0 + MINUTE });
    expect(store.hit('public|a:1.2.3.4', MINUTE, T0 + 10_000)).toEqual({ count: 2, resetAt: T0 + MINUTE });
    expect(store.hit('public|a:5.6.7.8', MINUTE, T0 + 20_000)).toEqual({ count: 1, resetAt: T0 + MINUTE });
    expect(store.hit('public|a:1.2.3.4', MINUTE, T0 + 59_999).count).toBe(3);
  });

  it('starts a new window at the boundary (aligned to the clock)', () => {
    const store = new MemoryStore({ maxKeys: 100 });
    store.hit('k', MINUTE, T0 + 30_000);
    store.hit('k', MINUTE, T0 + 40_000);
    expect(store.hit('k', MINUTE, T0 + MINUTE)).toEqual({ count: 1, resetAt: T0 + 2 * MINUTE });
    expect(store.stats().keys).toBe(1);
  });

  it('keeps windows of different lengths apart', () => {
    const store = new MemoryStore({ maxKeys: 100 });
    store.hit('k', MINUTE, T0);
    expect(store.hit('k', 3_600_000, T0).count).toBe(1);
    expect(store.hit('k', MINUTE, T0 + MINUTE).count).toBe(1);
    // The hour window did not roll over with the minute one.
    expect(store.hit('k', 3_600_000, T0 + MINUTE).count).toBe(2);
  });

  it('hitParts(prefix, rest) counts the very counter of hit(prefix + rest)', () => {
    const store = new MemoryStore({ maxKeys: 100 });
    expect(store.hitParts('public|a:', '1.2.3.4', MINUTE, T0)).toEqual({ count: 1, resetAt: T0 + MINUTE });
    expect(store.hit('public|a:1.2.3.4', MINUTE, T0 + 1).count).toBe(2);
    expect(store.hitParts('public|a:1.2.', '3.4', MINUTE, T0 + 2).count).toBe(3);
    // Another split of another key is another counter.
    expect(store.hitParts('public|a:', '1.2.3.5', MINUTE, T0 + 3).count).toBe(1);
    expect(store.stats().keys).toBe(2);
  });

  it('switching between window lengths keeps each table (the last one asked is cached)', () => {
    const store = new MemoryStore({ maxKeys: 100 });
    for (let i = 0; i < 3; i++) {
      store.hit('k', MINUTE, T0);
      store.hit('k', 3_600_000, T0);
    }
    expect(store.hit('k', MINUTE, T0).count).toBe(4);
    expect(store.hit('k', 3_600_000, T0).count).toBe(4);
    expect(store.hit('k', MINUTE, T0 + MINUTE).count).toBe(1);
    expect(store.hit('k', 3_600_000, T0 + MINUTE).count).toBe(5);
  });

  it('keeps counts exact while the table grows (no lost or merged keys)', () => {
    const store = new MemoryStore({ maxKeys: 50_000 });
    for (let round = 1; round <= 3; round++) {
      for (let i = 0; i < 20_000; i++) store.hit(`public|a:10.${i >> 8}.${i & 255}.1`, MINUTE, T0);
    }
    for (const i of [0, 1, 777, 19_999]) {
      expect(store.hit(`public|a:10.${i >> 8}.${i & 255}.1`, MINUTE, T0).count).toBe(4);
    }
    expect(store.stats()).toMatchObject({ keys: 20_000, overflowHits: 0 });
  });

  it('refuses a non-positive bound', () => {
    expect(() => new MemoryStore({ maxKeys: 0 })).toThrow(/maxKeys/);
  });
});

describe('MemoryStore under a flood of distinct keys', () => {
  it('1,000,000 distinct addresses with maxKeys 1,000,000: structure stays under 64 MiB', () => {
    const store = new MemoryStore({ maxKeys: 1_000_000 });
    for (let i = 0; i < 1_000_000; i++) {
      store.hit(`public|a:${(i >>> 24) & 255}.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`, MINUTE, T0);
    }
    const { keys, bytes } = store.stats();
    expect(keys).toBeGreaterThan(999_000); // a few may land in overflow after MAX_PROBES
    expect(bytes).toBeLessThan(64 * 1024 * 1024);
    expect(bytes).toBeLessThanOrEqual(2 ** 21 * 12);
  });

  it('never tracks more than maxKeys; the flood lands in one overflow bucket', () => {
    const store = new MemoryStore({ maxKeys: 10_000 });
    for (let i = 0; i < 1_000_000; i++) store.hit(`public|a:flood-${i}`, MINUTE, T0);
    const { keys, overflowHits, bytes } = store.stats();
    expect(keys).toBe(10_000);
    expect(overflowHits).toBe(990_000);
    // 10,000 keys at load <= 1/2: 32,768 slots of 12 bytes.
    expect(bytes).toBe(32_768 * 12);
  });

  it('a flood cannot evict a counter that is already live', () => {
    const store = new MemoryStore({ maxKeys: 1_000 });
    const victim = 'login|a:203.0.113.9';
    for (let i = 0; i < 4; i++) store.hit(victim, MINUTE, T0);
    for (let i = 0; i < 200_000; i++) store.hit(`login|a:attacker-${i}`, MINUTE, T0 + 1);
    // The victim keeps its own count (not reset to 1, not merged with the overflow bucket).
    expect(store.hit(victim, MINUTE, T0 + 2).count).toBe(5);
    // A key first seen during the flood shares the exhausted overflow bucket: limited hard.
    expect(store.hit('login|a:newcomer', MINUTE, T0 + 3).count).toBeGreaterThan(199_000);
  });

  it('gives the memory of a flood back when the window rolls over', () => {
    const store = new MemoryStore({ maxKeys: 100_000 });
    for (let i = 0; i < 100_000; i++) store.hit(`k${i}`, MINUTE, T0);
    expect(store.stats().bytes).toBeGreaterThan(1_000_000);
    store.hit('k0', MINUTE, T0 + MINUTE);
    expect(store.stats()).toEqual({ keys: 1, overflowHits: 0, bytes: 1024 * 12 });
  });
});

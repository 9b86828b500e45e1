// The shared identity state against the local Redis: several "instances" (separate store objects
// with separate in-process state) share one Redis, as several processes would.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { StorageUnavailableError } from '../errors/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../../../test-support/ports.js';
import { REDIS_URL, redisAvailable } from '../../../../test-support/services.js';
import { MemoryRevocationStore } from '../identity/state/memory.js';
import { SharedRedis } from './connection.js';
import { RedisLockoutStore } from './lockout.js';
import { SharedRevocationStore } from './revocations.js';
import { RedisTotpReplayStore } from './totp-replay.js';

const available = await redisAvailable();

describe('shared state when Redis is unreachable', () => {
  it('fails fast with the StorageUnavailableError (a retry hint, no rate-limit code), and revocation checks fall back to the database store', async () => {
    const redis = new SharedRedis({ url: `redis://127.0.0.1:${await closedPort()}` });
    try {
      const lockout = new RedisLockoutStore(redis, 'x:');
      const started = performance.now();
      const error = await lockout.get(randomUUID()).catch((e: unknown) => e);
      expect(performance.now() - started).toBeLessThan(100);
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(error).toMatchObject({ code: 'ERR_SHARED_STATE_UNAVAILABLE', retryAfterSeconds: 5 });
      await expect(new RedisTotpReplayStore(redis, 'x:').claim(randomUUID(), 1)).rejects.toBeInstanceOf(StorageUnavailableError);

      const inner = new MemoryRevocationStore();
      const revocations = new SharedRevocationStore(inner, redis, { prefix: 'x:' });
      const user = randomUUID();
      expect(await revocations.isRevoked(user, 100)).toBe(false);
      await revocations.revokeBefore(user, 200); // reaches the database store despite Redis
      expect(await inner.notBefore(user)).toBe(200);
      expect(await revocations.isRevoked(user, 100)).toBe(true);
      expect(redis.health()).toMatchObject({ state: 'down', wentDown: 1 });
      expect(redis.health().rejected).toBeGreaterThanOrEqual(4);
    } finally {
      await redis.close();
    }
  });
});

describe.runIf(available)('shared state on the local Redis', () => {
  const prefix = `rampart:test:${randomUUID()}:`;
  const instances: SharedRedis[] = [];
  let admin: Redis;

  beforeAll(async () => {
    admin = new Redis(REDIS_URL);
    for (let i = 0; i < 3; i += 1) instances.push(new SharedRedis({ url: REDIS_URL }));
    for (const redis of instances) expect(await redis.waitUntilUp(2000)).toBe(true);
  });

  afterAll(async () => {
    await Promise.all(instances.map((redis) => redis.close()));
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  it('counts concurrent failures from several instances exactly and locks at each threshold', async () => {
    const stores = instances.map((redis) => new RedisLockoutStore(redis, `${prefix}lockout:`));
    const user = randomUUID();
    const now = Date.now();
    const states = await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 3]!.recordFailure(user, now, 10, 60_000)));
    const locks = states.filter((s) => s.consecutiveFailures === 0);
    expect(locks).toHaveLength(3);
    for (const lock of locks) expect(lock.lockedUntil).toBe(now + 60_000);
    const counts = states.map((s) => s.consecutiveFailures).filter((n) => n > 0).sort((a, b) => a - b);
    expect(counts).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9]);
    expect(await stores[2]!.get(user)).toEqual({ consecutiveFailures: 0, lockedUntil: now + 60_000 });
    const ttl = await admin.pttl(`${prefix}lockout:${user}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(24 * 60 * 60 * 1000);

    await stores[1]!.reset(user);
    expect(await stores[0]!.get(user)).toEqual({ consecutiveFailures: 0, lockedUntil: 0 });
  });

  it('expires a lock and its counter by itself', async () => {
    const store = new RedisLockoutStore(instances[0]!, `${prefix}lockout-short:`, 100);
    const user = randomUUID();
    await store.recordFailure(user, Date.now(), 5, 100);
    expect((await store.get(user)).consecutiveFailures).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await store.get(user)).toEqual({ consecutiveFailures: 0, lockedUntil: 0 });
  });

  it('refuses user ids that are not UUIDs before they reach Redis', async () => {
    const store = new RedisLockoutStore(instances[0]!, `${prefix}lockout:`);
    for (const hostile of ['*', `${randomUUID()}\r\nFLUSHALL`, '../x', '']) {
      await expect(store.get(hostile)).rejects.toBeInstanceOf(TypeError);
    }
    const totp = new RedisTotpReplayStore(instances[0]!, `${prefix}totp:`);
    expect(await totp.claim('*', 5)).toBe(false);
    expect(await totp.claim(randomUUID(), -1)).toBe(false);
    expect(await totp.claim(randomUUID(), 1.5)).toBe(false);
  });

  it('accepts a TOTP time step once across instances, and never an older one', async () => {
    const stores = instances.map((redis) => new RedisTotpReplayStore(redis, `${prefix}totp:`));
    const user = randomUUID();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 3]!.claim(user, 58_000_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await stores[1]!.claim(user, 57_999_999)).toBe(false);
    expect(await stores[2]!.claim(user, 58_000_001)).toBe(true);
    const ttl = await admin.pttl(`${prefix}totp:${user}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(10 * 60 * 1000);
  });

  it('refuses a revoked user or session on every instance at once, while their own stores do not know yet', async () => {
    const inners = instances.map(() => new MemoryRevocationStore());
    const stores = instances.map((redis, i) => new SharedRevocationStore(inners[i]!, redis, { prefix: `${prefix}rev:`, markTtlMs: 60_000 }));
    const user = randomUUID();
    const session = randomUUID();
    expect(await stores[1]!.isRevoked(user, 1000, session)).toBe(false);

    await stores[0]!.revokeBefore(user, 2000);
    expect(await inners[1]!.isRevoked(user, 1000)).toBe(false); // instance 1's own store has no idea
    expect(await stores[1]!.isRevoked(user, 1000)).toBe(true);
    expect(await stores[2]!.isRevoked(user, 2000)).toBe(false); // issued at/after the mark
    expect(await stores[2]!.notBefore(user)).toBe(2000);
    await stores[2]!.revokeBefore(user, 1500); // never lowered
    expect(await stores[1]!.notBefore(user)).toBe(2000);

    const other = randomUUID();
    await stores[2]!.revokeSession(session, 'logout');
    expect(await stores[0]!.isRevoked(other, 5000, session)).toBe(true);
    expect(await stores[0]!.isRevoked(other, 5000, randomUUID())).toBe(false);
    expect(await stores[0]!.isRevoked('not-a-uuid', 5000)).toBe(true);
    const ttl = await admin.pttl(`${prefix}rev:s:${session}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});

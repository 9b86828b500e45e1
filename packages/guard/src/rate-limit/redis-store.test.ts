import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../../../test-support/ports.js';
import { REDIS_URL, redisAvailable } from '../../../../test-support/services.js';
import { RedisRateLimitStore } from './redis-store.js';
import { StoreUnavailableError } from './store-unavailable-error.js';
import { createRedisConnection, reconnectDelay } from './redis-connection.js';

const available = await redisAvailable();

describe('reconnectDelay', () => {
  it('backs off exponentially from 50 ms and never exceeds the cap', () => {
    expect(reconnectDelay(1, 1000)).toBe(100);
    expect(reconnectDelay(3, 1000)).toBe(400);
    expect(reconnectDelay(10, 1000)).toBe(1000);
    expect(reconnectDelay(10_000, 750)).toBe(750);
  });
});

describe('RedisRateLimitStore against an unreachable Redis', () => {
  it('rejects fast with StoreUnavailableError, counts it, logs down once and never crashes', async () => {
    const logged: string[] = [];
    const logger = { info: (_o: object, msg: string) => logged.push(msg), warn: (_o: object, msg: string) => logged.push(msg) };
    const store = new RedisRateLimitStore({ url: `redis://127.0.0.1:${await closedPort()}`, logger });
    try {
      for (let i = 0; i < 5; i += 1) {
        const started = performance.now();
        const error = await store.hit('k', 60_000, Date.now()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect((error as StoreUnavailableError).code).toBe('RAMPART_RATE_LIMIT_STORE_UNAVAILABLE');
        expect(performance.now() - started).toBeLessThan(100);
      }
      const health = store.health();
      expect(health.state).toBe('down');
      expect(health.rejected).toBe(5);
      expect(health.wentDown).toBe(1);
      expect(logged.filter((m) => m === 'redis store is down')).toHaveLength(1);
      expect(await store.waitUntilUp(50)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('rejects a nested hit with StoreUnavailableError too', async () => {
    const store = new RedisRateLimitStore({ url: `redis://127.0.0.1:${await closedPort()}` });
    try {
      await expect(store.hitNested('k', 'w', 5, 60_000, Date.now())).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.hitNested('k', 'w', 0, 60_000, Date.now())).rejects.toBeInstanceOf(RangeError);
    } finally {
      await store.close();
    }
  });

  it('refuses a window that is not a positive integer', async () => {
    const store = new RedisRateLimitStore({ url: `redis://127.0.0.1:${await closedPort()}` });
    try {
      for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(store.hit('k', bad, Date.now())).rejects.toBeInstanceOf(RangeError);
      }
    } finally {
      await store.close();
    }
  });
});

describe.runIf(available)('RedisRateLimitStore against the local Redis', () => {
  const prefix = `rampart:test:${randomUUID()}:`;
  let admin: Redis;
  let store: RedisRateLimitStore;

  beforeAll(async () => {
    admin = new Redis(REDIS_URL);
    store = new RedisRateLimitStore({ url: REDIS_URL, prefix });
    expect(await store.waitUntilUp(2000)).toBe(true);
  });

  afterAll(async () => {
    await store.close();
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  it('counts hits within a window and reports when the window ends', async () => {
    const now = Date.now();
    const first = await store.hit('count', 60_000, now);
    const second = await store.hit('count', 60_000, now);
    expect(first.count).toBe(1);
    expect(second.count).toBe(2);
    expect(first.resetAt).toBeGreaterThan(now + 59_000);
    expect(first.resetAt).toBeLessThanOrEqual(now + 60_000);
    expect(store.health()).toMatchObject({ state: 'up', rejected: 0 });
  });

  it('hitNested: counts the wider key only while the first is within its limit, in one script', async () => {
    const now = Date.now();
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await store.hitNested('n:64', 'n:48', 2, 60_000, now));
    expect(decisions.map((d) => [d.count, d.wider?.count])).toEqual([
      [1, 1],
      [2, 2],
      [3, undefined],
      [4, undefined],
    ]);
    expect(decisions[0]!.wider!.resetAt).toBeGreaterThan(now + 59_000);
    expect((await store.hitNested('n:64b', 'n:48', 2, 60_000, now)).wider?.count).toBe(3);
    expect(await admin.pttl(`${prefix}n:48`)).toBeGreaterThan(0);
    expect(await admin.get(`${prefix}n:48`)).toBe('3');
  });

  it('hitNested is exact under concurrency across stores: the wider key counts admitted hits only', async () => {
    const other = new RedisRateLimitStore({ url: REDIS_URL, prefix });
    try {
      expect(await other.waitUntilUp(2000)).toBe(true);
      const now = Date.now();
      const decisions = await Promise.all(
        Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? store : other).hitNested(`c:64:${i % 10}`, 'c:48', 3, 60_000, now)),
      );
      expect(decisions.filter((d) => d.wider !== undefined)).toHaveLength(30);
      expect(await admin.get(`${prefix}c:48`)).toBe('30');
    } finally {
      await other.close();
    }
  });

  it('stores namespaced keys that expire by themselves', async () => {
    await store.hit('expiring', 150, Date.now());
    const ttl = await admin.pttl(`${prefix}expiring`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(150);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await admin.exists(`${prefix}expiring`)).toBe(0);
    expect((await store.hit('expiring', 150, Date.now())).count).toBe(1);
  });

  it('repairs a counter that has no expiry', async () => {
    await admin.set(`${prefix}stuck`, '7');
    const decision = await store.hit('stuck', 5000, Date.now());
    expect(decision.count).toBe(8);
    const ttl = await admin.pttl(`${prefix}stuck`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000);
  });

  it('keeps stores with different prefixes apart', async () => {
    const other = new RedisRateLimitStore({ url: REDIS_URL, prefix: `${prefix}other:` });
    try {
      expect(await other.waitUntilUp(2000)).toBe(true);
      await store.hit('shared-name', 60_000, Date.now());
      await store.hit('shared-name', 60_000, Date.now());
      expect((await other.hit('shared-name', 60_000, Date.now())).count).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('is exact under concurrency across several stores (instances): every count is handed out once', async () => {
    const instances = [store, new RedisRateLimitStore({ url: REDIS_URL, prefix }), new RedisRateLimitStore({ url: REDIS_URL, prefix })];
    try {
      for (const instance of instances) expect(await instance.waitUntilUp(2000)).toBe(true);
      const now = Date.now();
      const decisions = await Promise.all(
        Array.from({ length: 300 }, (_, i) => instances[i % 3]!.hit('contended', 60_000, now)),
      );
      const counts = decisions.map((d) => d.count).sort((a, b) => a - b);
      expect(counts).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    } finally {
      await instances[1]!.close();
      await instances[2]!.close();
    }
  });

  it('uses a shared connection without opening one and leaves it open when closed', async () => {
    const name = `rampart-test-${randomUUID().slice(0, 8)}`;
    const connection = createRedisConnection({ url: REDIS_URL, name });
    const connectionsNamed = async () => ((await admin.client('LIST')) as string).split('\n').filter((line) => line.includes(` name=${name} `)).length;
    try {
      const first = new RedisRateLimitStore({ connection, prefix });
      const second = new RedisRateLimitStore({ connection, prefix: `${prefix}second:` });
      expect(await first.waitUntilUp(2000)).toBe(true);
      expect((await first.hit('via-shared', 60_000, Date.now())).count).toBe(1);
      expect((await second.hit('via-shared', 60_000, Date.now())).count).toBe(1);
      expect(await connectionsNamed()).toBe(1);
      // One connection, one record: both stores report the same state and counters.
      expect(second.health()).toEqual(first.health());
      await first.close();
      expect(connection.client.status).toBe('ready');
      expect((await second.hit('via-shared', 60_000, Date.now())).count).toBe(2);
    } finally {
      await connection.close();
    }
    expect(await connectionsNamed()).toBe(0);
  });

  it('treats hostile keys as opaque exact names and bounds their length', async () => {
    const hostile = ['a\r\nFLUSHALL\r\n', '*', 'x y', 'ключ', '__proto__', ''];
    for (const key of hostile) {
      expect((await store.hit(key, 60_000, Date.now())).count).toBe(1);
      expect(await admin.exists(`${prefix}${key}`)).toBe(1);
    }
    const long = 'e'.repeat(10_000);
    expect((await store.hit(long, 60_000, Date.now())).count).toBe(1);
    expect((await store.hit(long, 60_000, Date.now())).count).toBe(2);
    expect((await store.hit(`${long}f`, 60_000, Date.now())).count).toBe(1);
    expect(store.redisKey(long).length).toBeLessThan(prefix.length + 70);
    expect(await admin.exists(store.redisKey(long))).toBe(1);
  });
});

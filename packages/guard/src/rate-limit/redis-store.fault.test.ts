// Fault test: a private redis-server (its own port, no persistence) is stopped, frozen and
// restarted under the store; the store must reject fast while Redis is gone and recover by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServerAvailable, startPrivateRedis, type PrivateRedis } from '../../../../test-support/private-redis.js';
import { RedisRateLimitStore } from './redis-store.js';
import { StoreUnavailableError } from './store-unavailable-error.js';

const hasRedisServer = redisServerAvailable('Redis fault');

async function timedFailure(store: RedisRateLimitStore): Promise<number> {
  const started = performance.now();
  const error = await store.hit('load', 60_000, Date.now()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StoreUnavailableError);
  return performance.now() - started;
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe.runIf(hasRedisServer)('RedisRateLimitStore when its Redis fails', () => {
  let redis: PrivateRedis;
  let store: RedisRateLimitStore;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    store = new RedisRateLimitStore({ url: redis.url, commandTimeoutMs: 200, maxReconnectDelayMs: 200 });
    expect(await store.waitUntilUp(3000)).toBe(true);
  });

  afterAll(async () => {
    await store.close();
    await redis.stop();
  });

  it('rejects fast while Redis is stopped and recovers after a restart without a new store', async () => {
    // Load in flight while Redis dies: every hit settles (admitted or refused), none hangs.
    const inFlight = Array.from({ length: 200 }, () => store.hit('load', 60_000, Date.now()).then(() => 'ok', (e: unknown) => e));
    await redis.stop();
    const settled = await Promise.all(inFlight);
    for (const outcome of settled) {
      if (outcome !== 'ok') expect(outcome).toBeInstanceOf(StoreUnavailableError);
    }

    const durations: number[] = [];
    for (let i = 0; i < 20; i += 1) durations.push(await timedFailure(store));
    expect(Math.max(...durations)).toBeLessThan(100);
    expect(store.health().state).toBe('down');

    await redis.restart();
    const recovered = await eventually(
      () => store.hit('after', 60_000, Date.now()).then(() => true, () => false),
      5000,
    );
    expect(recovered).toBe(true);
    // The restarted server has an empty script cache: EVALSHA falls back to EVAL transparently.
    expect((await store.hit('after-restart', 60_000, Date.now())).count).toBe(1);
    const health = store.health();
    expect(health.state).toBe('up');
    expect(health.wentDown).toBeGreaterThanOrEqual(1);
    expect(health.wentUp).toBeGreaterThanOrEqual(2);
    expect(health.rejected).toBeGreaterThanOrEqual(20);
  });

  it('rejects within the command timeout when Redis hangs (process frozen) and resumes after', async () => {
    expect(await store.waitUntilUp(3000)).toBe(true);
    redis.freeze();
    try {
      const started = performance.now();
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () => store.hit('frozen', 60_000, Date.now()).then(() => 'ok', (e: unknown) => e)),
      );
      const elapsed = performance.now() - started;
      for (const outcome of outcomes) expect(outcome).toBeInstanceOf(StoreUnavailableError);
      expect(elapsed).toBeLessThan(1000);
    } finally {
      redis.thaw();
    }
    const resumed = await eventually(() => store.hit('thawed', 60_000, Date.now()).then(() => true, () => false), 5000);
    expect(resumed).toBe(true);
  });
});

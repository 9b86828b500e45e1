// Scenario 8's exactness check for real: three guard processes sharing one Redis (the bench's
// own target), hammered concurrently; the fail-closed class never admits a key above its limit.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { redisAvailable, REDIS_URL } from '../../test-support/services.js';
import { hammer, send } from '../lib/platform-http.js';
import { judgeExactness } from '../lib/platform-measure.js';
import { platformUnavailableReason, startSharedLimitGuard } from '../lib/platform-process.js';
import type { BenchProcess } from '../lib/platform-process.js';

const redis = await redisAvailable();
const unbuilt = platformUnavailableReason();
if (unbuilt) console.warn(`skipping the shared-limit bench test: guard is ${unbuilt}`);

describe.runIf(redis && !unbuilt)('shared Redis limiter across three guard processes', () => {
  const instances: BenchProcess[] = [];
  afterAll(async () => {
    await Promise.all(instances.map((s) => s.stop()));
  });

  it('admits each client key at most `limit` times in total, whichever instance it reaches', async () => {
    const prefix = `rampart:bench-test:${randomUUID()}:`;
    const limit = 15;
    for (let i = 0; i < 3; i++) instances.push(await startSharedLimitGuard({ prefix, limit, limitedClass: 'login', redisUrl: REDIS_URL }));
    const result = await hammer({ ports: instances.map((s) => s.port), path: '/bench', keys: 4, perKey: 45, concurrency: 24 });
    const verdict = judgeExactness(result.admittedByKey, limit);
    expect(verdict.overAdmitted).toEqual([]);
    // Fail closed: a decision Redis did not answer in time is a 503, never an admission; every other
    // request is admitted up to the limit and refused above it.
    const timedOut = result.statuses['503'] ?? 0;
    const stores = await Promise.all(instances.map(async (s) => JSON.parse((await send({ port: s.port, path: '/bench/store' })).body) as { rejected: number }));
    expect(stores.reduce((sum, store) => sum + store.rejected, 0)).toBe(timedOut);
    expect(Object.keys(result.statuses).sort()).toEqual(expect.arrayContaining(['200', '429']));
    expect(Object.keys(result.statuses).every((status) => ['200', '429', '503'].includes(status))).toBe(true);
    expect(verdict.admitted).toBeLessThanOrEqual(4 * limit);
    expect(verdict.admitted).toBeGreaterThanOrEqual(4 * limit - timedOut);
    expect(result.statuses['200']! + result.statuses['429']! + timedOut).toBe(4 * 45);
    const refused = await send({ port: instances[0]!.port, path: '/bench', headers: { 'x-forwarded-for': Object.keys(result.admittedByKey)[0]! } });
    expect(refused.status).toBe(429);
    expect(refused.body).not.toMatch(/redis|ioredis|stack|node_modules/i);
  }, 120_000);
});

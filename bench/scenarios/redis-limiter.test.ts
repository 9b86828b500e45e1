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
    // Redis answered every decision here, so the limit is reached exactly, not merely respected.
    expect(verdict.admitted).toBe(4 * limit);
    expect(result.statuses['200']).toBe(60);
    expect(result.statuses['429']).toBe(4 * 45 - 60);
    const refused = await send({ port: instances[0]!.port, path: '/bench', headers: { 'x-forwarded-for': Object.keys(result.admittedByKey)[0]! } });
    expect(refused.status).toBe(429);
    expect(refused.body).not.toMatch(/redis|ioredis|stack|node_modules/i);
  }, 120_000);
});

import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { RedisHealthSnapshot } from '@rampart/guard';
import { registerRedisMetrics } from './redis-metrics.js';

describe('registerRedisMetrics', () => {
  it('reports the connection record as it is when scraped', async () => {
    let snapshot: RedisHealthSnapshot = { state: 'up', wentDown: 0, wentUp: 1, rejected: 0 };
    const registry = new Registry();
    registerRedisMetrics(registry, { snapshot: () => snapshot });
    const first = await registry.metrics();
    expect(first).toContain('rampart_shared_store_up 1');
    expect(first).toContain('rampart_shared_store_went_up_total 1');

    snapshot = { state: 'down', wentDown: 2, wentUp: 2, rejected: 7 };
    const second = await registry.metrics();
    expect(second).toContain('rampart_shared_store_up 0');
    expect(second).toContain('rampart_shared_store_went_down_total 2');
    expect(second).toContain('rampart_shared_store_rejected_total 7');
    expect(second).toContain('# TYPE rampart_shared_store_rejected_total counter');
  });
});

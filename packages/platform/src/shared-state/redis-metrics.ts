// The process's one Redis connection (the shared store) in /metrics, as rampart_shared_store_*
// (the alert rules' names): whether it is up, how often it went down and
// came back, and how many operations it refused (rate-limit hits and identity state alike, since
// both use it). Read from the connection's health record when Prometheus scrapes.
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { RedisHealthSnapshot } from '@rampart/guard';

export interface RedisHealthReader {
  snapshot(): RedisHealthSnapshot;
}

/** A counter whose value is read at scrape time from a total kept elsewhere. */
function mirroredCounter(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

export function registerRedisMetrics(registry: Registry, health: RedisHealthReader): void {
  new Gauge({
    name: 'rampart_shared_store_up',
    help: 'Whether the Redis connection (rate limits and identity state) is up: 1 up, 0 down or connecting',
    registers: [registry],
    collect() {
      this.set(health.snapshot().state === 'up' ? 1 : 0);
    },
  });
  mirroredCounter(registry, 'rampart_shared_store_went_down_total', 'Times the Redis connection went down', () => health.snapshot().wentDown);
  mirroredCounter(registry, 'rampart_shared_store_went_up_total', 'Times the Redis connection came (back) up, the first time included', () => health.snapshot().wentUp);
  mirroredCounter(
    registry,
    'rampart_shared_store_rejected_total',
    'Redis operations refused because Redis was unreachable or too slow',
    () => health.snapshot().rejected,
  );
}

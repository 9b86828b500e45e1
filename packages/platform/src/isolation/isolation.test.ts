// Which requests each mode refuses, and the gauge that shows the mode in force.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { isolationRefuses } from './mode.js';
import { registerIsolationMetrics } from './metrics.js';
import type { IsolationMode } from './mode.js';

describe('isolationRefuses', () => {
  it('refuses nothing when off', () => {
    expect(isolationRefuses('off', 'POST', '/auth/login')).toBe(false);
  });

  it('read-only refuses writes and lets reads through', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(isolationRefuses('read-only', method, '/api/courses')).toBe(true);
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) expect(isolationRefuses('read-only', method, '/api/courses')).toBe(false);
  });

  it('closed refuses everything but /health and /metrics', () => {
    expect(isolationRefuses('closed', 'GET', '/api/me')).toBe(true);
    expect(isolationRefuses('closed', 'GET', '/health/')).toBe(true);
    expect(isolationRefuses('closed', 'GET', '/health')).toBe(false);
    expect(isolationRefuses('closed', 'GET', '/metrics')).toBe(false);
  });
});

describe('registerIsolationMetrics', () => {
  it('sets rampart_isolation_mode to 1 for the mode in force only, read at scrape time', async () => {
    let mode: IsolationMode = 'off';
    const registry = new Registry();
    registerIsolationMetrics(registry, { current: () => mode });
    expect(await registry.metrics()).toContain('rampart_isolation_mode{mode="off"} 1');
    mode = 'closed';
    const text = await registry.metrics();
    expect(text).toContain('rampart_isolation_mode{mode="closed"} 1');
    expect(text).toContain('rampart_isolation_mode{mode="off"} 0');
    expect(text).toContain('rampart_isolation_mode{mode="read-only"} 0');
  });
});

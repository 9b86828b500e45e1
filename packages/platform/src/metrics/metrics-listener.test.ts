import { connect } from 'node:net';
import { Counter, Registry } from 'prom-client';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startMetricsListener } from './metrics-listener.js';

function registryWithOneCounter(): Registry {
  const registry = new Registry();
  new Counter({ name: 'listener_test_total', help: 'a test counter', registers: [registry] }).inc(3);
  return registry;
}

describe('the metrics listener', () => {
  it('serves GET /metrics without a token on 127.0.0.1, and 404 for anything else', async () => {
    const listener = await startMetricsListener(registryWithOneCounter(), { host: '127.0.0.1', port: 0 });
    try {
      expect(listener.url).toBe(`http://127.0.0.1:${listener.port}`);
      const metrics = await request(`${listener.url}/metrics`);
      expect(metrics.statusCode).toBe(200);
      expect(metrics.headers['content-type']).toContain('text/plain');
      expect(await metrics.body.text()).toContain('listener_test_total 3');
      for (const [method, path] of [
        ['GET', '/'],
        ['GET', '/api/me'],
        ['GET', '/metrics/extra'],
        ['POST', '/metrics'],
        ['DELETE', '/metrics'],
      ] as const) {
        const other = await request(`${listener.url}${path}`, { method });
        expect(other.statusCode, `${method} ${path}`).toBe(404);
        expect(await other.body.text()).not.toContain('listener_test_total');
      }
      const withQuery = await request(`${listener.url}/metrics?x=1`);
      expect(withQuery.statusCode).toBe(200);
      await withQuery.body.dump();
    } finally {
      await listener.close();
    }
  });

  it('is not reachable on another interface address when bound to loopback', async () => {
    const listener = await startMetricsListener(registryWithOneCounter(), { host: '127.0.0.1', port: 0 });
    try {
      // 127.0.0.2 is loopback too but another address: a socket bound to 127.0.0.1 does not answer it.
      const refused = await new Promise<string>((resolve) => {
        const socket = connect({ host: '127.0.0.2', port: listener.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (error: Error & { code?: string }) => resolve(error.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
    } finally {
      await listener.close();
    }
  });

  it('close() stops listening, also with a kept-alive connection open, and is idempotent', async () => {
    const listener = await startMetricsListener(registryWithOneCounter(), { host: '127.0.0.1', port: 0 });
    const first = await request(`${listener.url}/metrics`); // undici keeps the connection alive
    await first.body.dump();
    const closing = listener.close();
    expect(listener.close()).toBe(closing);
    await closing;
    await expect(request(`${listener.url}/metrics`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('answers 500 without details when a metric cannot be collected', async () => {
    const registry = new Registry();
    new Counter({
      name: 'broken_total',
      help: 'a counter whose collect fails',
      registers: [registry],
      collect() {
        throw new Error('secret internal detail');
      },
    });
    const listener = await startMetricsListener(registry, { host: '127.0.0.1', port: 0 });
    try {
      const answer = await request(`${listener.url}/metrics`);
      expect(answer.statusCode).toBe(500);
      expect(await answer.body.text()).not.toContain('secret');
    } finally {
      await listener.close();
    }
  });
});

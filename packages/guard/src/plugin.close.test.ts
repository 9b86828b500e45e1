// Graceful close over a real socket: a keep-alive connection whose request is still in flight when
// close() starts must not hold the close open once that request has been answered.
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildGuardedApp } from './test-support/guard-core-app.js';

const SLOW_MS = 300;

describe('guard close with keep-alive connections', () => {
  it('finishes the in-flight request, then closes without waiting for the keep-alive timeout', async () => {
    const { app } = await buildGuardedApp({}, (instance) => {
      instance.get('/slow', {
        config: { access: 'public', rateLimit: 'public' },
        schema: { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } }, additionalProperties: false } } },
      }, async () => {
        await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
        return { ok: true };
      });
    });
    // Far longer than the test's bound: without the idle sweep, close() would wait for it.
    app.server.keepAliveTimeout = 60_000;
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });

    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/slow', agent, headers: { host: 'localhost' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the request is in flight
    const started = Date.now();
    const closed = app.close();

    const response = await answered;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true });
    await closed;
    expect(Date.now() - started).toBeLessThan(SLOW_MS + 2_000);
    agent.destroy();
  });
});

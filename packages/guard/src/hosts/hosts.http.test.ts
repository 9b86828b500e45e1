// allowedHosts with IP ranges and host-exempt routes, through the whole plugin on a real
// listening server (undici sends the Host given). A load balancer or kubelet probe sends the pod
// IP (and port) as Host.
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGuardedApp } from '../test-support/guard-core-app.js';

const ok = { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } };

let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  ({ app } = await buildGuardedApp({ allowedHosts: ['api.example.com', '10.0.0.0/8', 'fd00::/8'] }, (a) => {
    a.get('/health', { config: { access: 'public', rateLimit: 'public' }, schema: ok }, async () => ({ ok: true }));
    a.get('/probe', { config: { access: 'public', rateLimit: 'public', hostExempt: true }, schema: ok }, async () => ({ ok: true }));
  }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await app.close();
});

async function statusFor(path: string, host: string): Promise<number> {
  const response = await request(`${base}${path}`, { headers: { host } });
  await response.body.dump();
  return response.statusCode;
}

describe('allowedHosts with IP addresses and CIDRs', () => {
  it.each(['api.example.com', '10.1.2.3', '10.1.2.3:8080', '[fd00::1]', '[fd00::1]:8080'])('serves Host %s', async (host) => {
    expect(await statusFor('/health', host)).toBe(200);
  });

  it.each(['11.0.0.1:8080', '[fe80::1]:8080', '10.1', 'evil.test', '127.0.0.1'])('refuses Host %s with 400', async (host) => {
    expect(await statusFor('/health', host)).toBe(400);
  });
});

describe('config.hostExempt', () => {
  it('skips the allow list on the route that declares it, and only there', async () => {
    expect(await statusFor('/probe', 'evil.test')).toBe(200);
    expect(await statusFor('/probe', '172.16.0.9:8080')).toBe(200);
    expect(await statusFor('/health', '172.16.0.9:8080')).toBe(400); // not exempt by default
  });

  it('an exempt route still gets every other layer (security headers, rate-limit headers)', async () => {
    const response = await request(`${base}/probe`, { headers: { host: 'evil.test' } });
    await response.body.dump();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['ratelimit-policy']).toBe('"public";q=100;w=60');
  });
});

import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createErrorHandler, createNotFoundHandler } from '../errors/index.js';
import { resolvePolicy } from '../policy/index.js';
import type { GuardPolicyInput, Principal, RateLimitDecision, RateLimitRule, RateLimitStore } from '../policy/types.js';
import { addressSubject, createRateLimitLayer, StoreUnavailableError, type RateLimitLayerOptions } from './index.js';

const T0 = 1_800_000_000_000; // aligned to the minute and the hour
const rule = (limit: number, windowMs = 60_000, onStoreFailure: RateLimitRule['onStoreFailure'] = 'fallback'): RateLimitRule => ({
  limit,
  windowMs,
  onStoreFailure,
});
const CLASSES = {
  public: rule(3),
  authenticated: rule(4),
  login: rule(2, 60_000, 'closed'),
  passwordReset: rule(1, 3_600_000, 'closed'),
  health: rule(5),
};

let clock = T0;
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  clock = T0;
});

async function buildApp(input: GuardPolicyInput = {}, options: RateLimitLayerOptions = {}): Promise<FastifyInstance> {
  const policy = resolvePolicy({ trustProxy: ['10.0.0.1'], rateLimit: { classes: CLASSES }, ...input });
  const limit = createRateLimitLayer(policy, { now: () => clock, ...options });
  app = Fastify({
    trustProxy: ['10.0.0.1'],
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  });
  app.setErrorHandler(createErrorHandler());
  app.setNotFoundHandler(createNotFoundHandler());
  // Stands in for the authenticate layer: a test token names the principal.
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const token = request.headers['x-test-user'];
    if (typeof token === 'string') {
      const principal: Principal = { subject: token, scopes: new Set(), roles: new Set(), issuer: 'test', claims: {} };
      (request as FastifyRequest & { principal: Principal | null }).principal = principal;
    }
    const result = limit(request, reply);
    const error = result instanceof Promise ? await result : result;
    if (error) throw error;
  });
  app.get('/public', async () => ({ ok: true }));
  app.post('/auth/login', { config: { access: 'public', rateLimit: 'login' } }, async () => ({ ok: true }));
  app.get('/api/me', { config: { access: 'authenticated', rateLimit: 'authenticated' } }, async () => ({ ok: true }));
  app.get('/health', { config: { access: 'public', rateLimit: 'health' } }, async () => ({ status: 'ok' }));
  await app.ready();
  return app;
}

const from = (remoteAddress: string, url = '/public', extra: Record<string, string> = {}) =>
  app!.inject({ method: url === '/auth/login' ? 'POST' : 'GET', url, remoteAddress, headers: extra });

describe('addressSubject', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8:1:3::1', '2001:db8:1:3::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s -> %s', (ip, subject) => {
    expect(addressSubject(ip)).toBe(subject);
  });
});

describe('rate-limit layer', () => {
  it('admits up to the limit, then 429 rate_limited with Retry-After and draft-08 headers', async () => {
    await buildApp();
    clock = T0 + 18_000;
    for (let i = 1; i <= 3; i++) {
      const ok = await from('192.0.2.1');
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['ratelimit-policy']).toBe('"public";q=3;w=60');
      expect(ok.headers.ratelimit).toBe(`"public";r=${3 - i};t=42`);
    }
    const refused = await from('192.0.2.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: 'rate_limited' });
    expect(refused.headers['retry-after']).toBe('42');
    expect(refused.headers['ratelimit-policy']).toBe('"public";q=3;w=60');
    expect(refused.headers.ratelimit).toBe('"public";r=0;t=42');
    // Another client is unaffected.
    expect((await from('192.0.2.2')).statusCode).toBe(200);
  });

  it('opens a new window when the old one ends (fixed windows, injected clock)', async () => {
    await buildApp();
    for (let i = 0; i < 4; i++) await from('192.0.2.1');
    expect((await from('192.0.2.1')).statusCode).toBe(429);
    clock = T0 + 60_000;
    const next = await from('192.0.2.1');
    expect(next.statusCode).toBe(200);
    expect(next.headers.ratelimit).toBe('"public";r=2;t=60');
  });

  it('keeps classes apart: login has its own small bucket', async () => {
    await buildApp();
    expect((await from('192.0.2.1', '/auth/login')).statusCode).toBe(200);
    expect((await from('192.0.2.1', '/auth/login')).statusCode).toBe(200);
    const refused = await from('192.0.2.1', '/auth/login');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['ratelimit-policy']).toBe('"login";q=2;w=60');
    expect((await from('192.0.2.1', '/public')).statusCode).toBe(200);
  });

  it('path variants share one bucket; unmatched routes count in the public class', async () => {
    await buildApp();
    const variants = ['/auth/login', '/AUTH/LOGIN', '/auth/login/', '//auth//login', '/auth/login?x=1'];
    const statuses = [];
    for (const url of variants) statuses.push((await app!.inject({ method: 'POST', url, remoteAddress: '192.0.2.9' })).statusCode);
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    const encoded = await app!.inject({ method: 'POST', url: '/auth%2Flogin', remoteAddress: '192.0.2.9' });
    expect(encoded.statusCode).toBe(404);
    expect(encoded.headers['ratelimit-policy']).toBe('"public";q=3;w=60');
    for (let i = 0; i < 2; i++) await app!.inject({ method: 'GET', url: `/probe-${i}`, remoteAddress: '192.0.2.9' });
    expect((await app!.inject({ method: 'GET', url: '/probe-x', remoteAddress: '192.0.2.9' })).statusCode).toBe(429);
  });

  it('a spoofed X-Forwarded-For from an untrusted peer does not reset the limit', async () => {
    await buildApp();
    for (let i = 0; i < 3; i++) await from('192.0.2.1', '/public', { 'x-forwarded-for': `203.0.113.${i}` });
    expect((await from('192.0.2.1', '/public', { 'x-forwarded-for': '203.0.113.99' })).statusCode).toBe(429);
  });

  it('believes X-Forwarded-For from the trusted proxy only', async () => {
    await buildApp();
    for (let i = 0; i < 3; i++) await from('10.0.0.1', '/public', { 'x-forwarded-for': '203.0.113.5' });
    expect((await from('10.0.0.1', '/public', { 'x-forwarded-for': '203.0.113.5' })).statusCode).toBe(429);
    expect((await from('10.0.0.1', '/public', { 'x-forwarded-for': '203.0.113.6' })).statusCode).toBe(200);
  });

  it('groups IPv6 clients by /64 and IPv4-mapped addresses with their IPv4 form', async () => {
    await buildApp();
    for (let i = 1; i <= 3; i++) expect((await from(`2001:db8:7:7::${i}`)).statusCode).toBe(200);
    expect((await from('2001:db8:7:7:ffff:1:2:3')).statusCode).toBe(429);
    expect((await from('2001:db8:7:8::1')).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) await from('198.51.100.4');
    expect((await from('::ffff:198.51.100.4')).statusCode).toBe(429);
  });

  it('keys the authenticated class by user id, not address', async () => {
    await buildApp();
    for (let i = 0; i < 4; i++) expect((await from(`192.0.2.${i + 10}`, '/api/me', { 'x-test-user': 'user-1' })).statusCode).toBe(200);
    expect((await from('192.0.2.99', '/api/me', { 'x-test-user': 'user-1' })).statusCode).toBe(429);
    expect((await from('192.0.2.99', '/api/me', { 'x-test-user': 'user-2' })).statusCode).toBe(200);
    // Without a principal the class falls back to the address.
    expect((await from('192.0.2.99', '/api/me')).statusCode).toBe(200);
    // A principal on a public-class route does not change the key (address).
    for (let i = 0; i < 3; i++) await from('192.0.2.50', '/public', { 'x-test-user': `u${i}` });
    expect((await from('192.0.2.50', '/public', { 'x-test-user': 'u9' })).statusCode).toBe(429);
  });
});

describe('rate-limit layer with a shared store', () => {
  const failing = (error: unknown): RateLimitStore => ({
    kind: 'shared',
    hit: () => Promise.reject(error),
    close: () => Promise.resolve(),
  });

  it('fails closed for login: 503 with Retry-After, no crash', async () => {
    await buildApp({ rateLimit: { store: failing(new StoreUnavailableError()), classes: CLASSES } });
    const response = await from('192.0.2.1', '/auth/login');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: 'service_unavailable', message: 'internal error' });
    expect(response.headers['retry-after']).toBe('5');
  });

  it('falls back to the bounded in-process store for public, limits still hold', async () => {
    await buildApp({ rateLimit: { store: failing(new Error('ECONNREFUSED 127.0.0.1:6379')), classes: CLASSES } });
    for (let i = 0; i < 3; i++) expect((await from('192.0.2.1')).statusCode).toBe(200);
    const refused = await from('192.0.2.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.body).not.toContain('6379');
  });

  it('treats a synchronous throw like a rejection', async () => {
    const throwing: RateLimitStore = {
      kind: 'shared',
      hit: () => {
        throw new StoreUnavailableError();
      },
      close: () => Promise.resolve(),
    };
    await buildApp({ rateLimit: { store: throwing, classes: CLASSES } });
    expect((await from('192.0.2.1', '/auth/login')).statusCode).toBe(503);
    expect((await from('192.0.2.1', '/health')).statusCode).toBe(200);
  });

  it('handles a store that answers with a non-native thenable', async () => {
    let count = 0;
    const thenable: RateLimitStore = {
      kind: 'shared',
      hit: (_key, windowMs, now) => {
        count += 1;
        const decision = { count, resetAt: now + windowMs };
        // A PromiseLike that is not a Promise (another promise library).
        return { then: (resolve: (d: RateLimitDecision) => unknown) => resolve(decision) } as unknown as Promise<RateLimitDecision>;
      },
      close: () => Promise.resolve(),
    };
    await buildApp({ rateLimit: { store: thenable, classes: CLASSES } });
    for (let i = 0; i < 5; i++) expect((await from('192.0.2.1', '/health')).statusCode).toBe(200);
    const refused = await from('192.0.2.1', '/health');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers.ratelimit).toBe('"health";r=0;t=60');
  });

  it('uses the decisions of a working shared store', async () => {
    const counts = new Map<string, number>();
    const keys: string[] = [];
    const shared: RateLimitStore = {
      kind: 'shared',
      hit: (key, windowMs, now): Promise<RateLimitDecision> => {
        keys.push(key);
        const count = (counts.get(key) ?? 0) + 1;
        counts.set(key, count);
        return Promise.resolve({ count, resetAt: now + windowMs });
      },
      close: () => Promise.resolve(),
    };
    await buildApp({ rateLimit: { store: shared, classes: CLASSES } });
    for (let i = 0; i < 5; i++) expect((await from('192.0.2.1', '/health')).statusCode).toBe(200);
    expect((await from('192.0.2.1', '/health')).statusCode).toBe(429);
    expect(keys[0]).toBe('health|a:192.0.2.1');
  });
});

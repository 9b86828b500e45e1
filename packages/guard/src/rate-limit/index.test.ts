import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createErrorHandler, createNotFoundHandler } from '../errors/index.js';
import { DEFAULT_IPV6_PREFIX48_FACTOR, resolvePolicy } from '../policy/index.js';
import type { GuardPolicyInput, Principal, RateLimitDecision, RateLimitRule, RateLimitStore } from '../policy/types.js';
import { addressSubject, createRateLimiter, createRateLimitLayer, siteOfSubject, StoreUnavailableError, type RateLimitLayerOptions } from './index.js';

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
  app.get('/auth/reset', { config: { access: 'public', rateLimit: 'passwordReset' } }, async () => ({ ok: true }));
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

describe('siteOfSubject', () => {
  it.each([
    ['2001:db8:1:2::/64', '2001:db8:1::/48'],
    ['0:0:0:0::/64', '0:0:0::/48'],
    ['2001:db8:ffff:ffff::/64', '2001:db8:ffff::/48'],
  ])('%s -> %s', (subject, site) => {
    expect(siteOfSubject(subject)).toBe(site);
  });

  it.each(['192.0.2.1', 'x::/64', 'garbage'])('%s has no /48', (subject) => {
    expect(siteOfSubject(subject)).toBeUndefined();
  });
});

describe('createRateLimiter usesAlsoKey', () => {
  it('is false without an alsoKey in any class, so guard installs no preValidation hook', () => {
    expect(createRateLimiter(resolvePolicy({ rateLimit: { classes: CLASSES } })).usesAlsoKey).toBe(false);
  });

  it('is true as soon as one class counts an alsoKey', () => {
    const classes = { ...CLASSES, login: { ...CLASSES.login, alsoKey: () => 'someone' } };
    expect(createRateLimiter(resolvePolicy({ rateLimit: { classes } })).usesAlsoKey).toBe(true);
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

describe('IPv6 /48 second key (login and password reset)', () => {
  // login: 2 per /64, 3 x 2 = 6 per /48; passwordReset: 1 per /64, 2 x 1 = 2 per /48.
  const SITE_CLASSES = {
    ...CLASSES,
    login: { ...CLASSES.login, ipv6Prefix48Factor: 3 },
    passwordReset: { ...CLASSES.passwordReset, ipv6Prefix48Factor: 2 },
  };
  const build = (store: 'memory' | RateLimitStore = 'memory') => buildApp({ rateLimit: { store, classes: SITE_CLASSES } });
  const login = (remoteAddress: string) => app!.inject({ method: 'POST', url: '/auth/login', remoteAddress });

  it('limits the /48 as a whole once its budget is spent, whatever /64 a request comes from', async () => {
    await build();
    const statuses: number[] = [];
    for (let net = 1; net <= 3; net++) for (let host = 1; host <= 2; host++) statuses.push((await login(`2001:db8:aa:${net}::${host}`)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    // A fresh /64 of the same /48 (and another, far away in it) is refused: the /48 budget is spent.
    const refused = await login('2001:db8:aa:ffff::1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: 'rate_limited' });
    expect(refused.headers['ratelimit-policy']).toBe('"login";q=2;w=60');
    expect(refused.headers.ratelimit).toBe('"login";r=0;t=60');
    expect(refused.headers['retry-after']).toBe('60');
    expect((await login('2001:db8:aa:4:1:2:3:4')).statusCode).toBe(429);
    // Another /48, IPv4 and IPv4-mapped clients are unaffected.
    expect((await login('2001:db8:ab:1::1')).statusCode).toBe(200);
    expect((await login('192.0.2.1')).statusCode).toBe(200);
    expect((await login('::ffff:192.0.2.2')).statusCode).toBe(200);
    // The window ends for the /48 too.
    clock = T0 + 60_000;
    expect((await login('2001:db8:aa:ffff::1')).statusCode).toBe(200);
  });

  it('reports the tighter budget in RateLimit while admitting', async () => {
    await build();
    for (let net = 1; net <= 2; net++) for (let host = 1; host <= 2; host++) await login(`2001:db8:cc:${net}::${host}`);
    // /64 budget 2 -> 1 left; /48 budget 6 -> 1 left after this one.
    expect((await login('2001:db8:cc:3::1')).headers.ratelimit).toBe('"login";r=1;t=60');
    expect((await login('2001:db8:cc:3::2')).headers.ratelimit).toBe('"login";r=0;t=60');
  });

  it('one /64 cannot spend its neighbours\' budget: only requests its /64 admitted count in the /48', async () => {
    await build();
    for (let i = 0; i < 20; i++) await login('2001:db8:bb:1::1');
    for (let net = 2; net <= 3; net++) for (let host = 1; host <= 2; host++) expect((await login(`2001:db8:bb:${net}::${host}`)).statusCode).toBe(200);
    expect((await login('2001:db8:bb:4::1')).statusCode).toBe(429);
  });

  it('applies to password reset with its own factor; public and IPv4 are unchanged', async () => {
    await build();
    const reset = (remoteAddress: string) => app!.inject({ method: 'GET', url: '/auth/reset', remoteAddress });
    expect((await reset('2001:db8:dd:1::1')).statusCode).toBe(200);
    expect((await reset('2001:db8:dd:2::1')).statusCode).toBe(200);
    expect((await reset('2001:db8:dd:3::1')).statusCode).toBe(429);
    for (let net = 1; net <= 10; net++) expect((await from(`2001:db8:dd:${net}::1`)).statusCode).toBe(200);
    for (let i = 1; i <= 10; i++) expect((await login(`198.51.100.${i}`)).statusCode).toBe(200);
  });

  it('the suggested factor: a login class of 5 with ipv6Prefix48Factor 16 allows 16 x 5 requests per /48', async () => {
    await buildApp({ rateLimit: { store: 'memory', classes: { login: { limit: 5, windowMs: 60_000, ipv6Prefix48Factor: DEFAULT_IPV6_PREFIX48_FACTOR } } } });
    let admitted = 0;
    for (let net = 1; net <= 17; net++) for (let host = 1; host <= 5; host++) if ((await login(`2001:db8:ee:${net.toString(16)}::${host}`)).statusCode === 200) admitted++;
    expect(admitted).toBe(80);
  });

  it('with a shared store: one nested operation per request when the store has one, two hits otherwise', async () => {
    const calls: string[] = [];
    const counts = new Map<string, number>();
    const bump = (key: string, windowMs: number, now: number): RateLimitDecision => {
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return { count, resetAt: now + windowMs };
    };
    const plain: RateLimitStore = {
      kind: 'shared',
      hit: (key, windowMs, now) => {
        calls.push(`hit ${key}`);
        return Promise.resolve(bump(key, windowMs, now));
      },
      close: () => Promise.resolve(),
    };
    await build(plain);
    await login('2001:db8:ff:1::1');
    expect(calls).toEqual(['hit login|a:2001:db8:ff:1::/64', 'hit login|s:2001:db8:ff::/48']);
    await app!.close();
    app = undefined;

    calls.length = 0;
    const nested: RateLimitStore = {
      ...plain,
      hitNested: (key, wider, limit, windowMs, now) => {
        calls.push(`nested ${key} ${wider} ${limit}`);
        const first = bump(key, windowMs, now);
        return Promise.resolve(first.count > limit ? first : { ...first, wider: bump(wider, windowMs, now) });
      },
    };
    await build(nested);
    for (let i = 0; i < 6; i++) await login(`2001:db8:f0:${i}::1`);
    expect(calls).toHaveLength(6);
    expect(calls[0]).toBe('nested login|a:2001:db8:f0:0::/64 login|s:2001:db8:f0::/48 2');
    expect((await login('2001:db8:f0:9::1')).statusCode).toBe(429);
  });

  it('fails closed for login when the shared store is down, /48 or not', async () => {
    const down: RateLimitStore = {
      kind: 'shared',
      hit: () => Promise.reject(new StoreUnavailableError()),
      hitNested: () => Promise.reject(new StoreUnavailableError()),
      close: () => Promise.resolve(),
    };
    await build(down);
    expect((await login('2001:db8:1:1::1')).statusCode).toBe(503);
    expect((await login('192.0.2.1')).statusCode).toBe(503);
  });
});

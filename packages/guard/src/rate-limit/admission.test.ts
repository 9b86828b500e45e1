// Finding 8 of the outside review: no request may cost more work than a plain one before the
// rate limiter has decided. Through the whole plugin (guardLayers): host refusals and CORS
// preflights are counted in `public` by address; an address over its limit is answered 429
// before its bearer token is verified; a normal authenticated request is still counted once.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAvailable } from '../../../../test-support/services.js';
import type { RateLimitDecision, RateLimitStore } from '../policy/types.js';
import { buildGuardedApp, principal, tableVerifier } from '../test-support/guard-core-app.js';
import { RedisRateLimitStore } from './redis-store.js';

const redis = await redisAvailable();

const ok = { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } };
const ORIGIN = 'https://app.example.com';
const tenantOf = (request: { headers: Record<string, string | string[] | undefined> }) => String(request.headers['x-tenant'] ?? 'none');
const LIMITS = {
  public: { limit: 3 },
  authenticated: { limit: 4 },
  login: { limit: 2, windowMs: 60_000, onStoreFailure: 'closed', ipv6Prefix48Factor: 16 },
  tenant: { limit: 2, windowMs: 60_000, key: tenantOf },
} as const;

let apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.close()));
  apps = [];
});

async function build(store: 'memory' | RateLimitStore = 'memory') {
  const verifier = tableVerifier({ 'good.token': principal('user-1'), 'other.token': principal('user-2') });
  const { app } = await buildGuardedApp(
    { authenticate: verifier, cors: { origins: [ORIGIN] }, rateLimit: { store, classes: LIMITS } },
    (a) => {
      a.get('/public', { config: { access: 'public', rateLimit: 'public' }, schema: ok }, async () => ({ ok: true }));
      a.get('/me', { config: { access: 'authenticated', rateLimit: 'authenticated' }, schema: ok }, async () => ({ ok: true }));
      // Needs a token but is limited in an address-keyed class.
      a.get('/feed', { config: { access: 'authenticated', rateLimit: 'public' }, schema: ok }, async () => ({ ok: true }));
      a.post('/login', { config: { access: 'public', rateLimit: 'login', acceptsBody: false }, schema: ok }, async () => ({ ok: true }));
      a.get('/tenant-feed', { config: { access: 'authenticated', rateLimit: 'tenant' }, schema: ok }, async () => ({ ok: true }));
    },
  );
  apps.push(app);
  return { app, verifier };
}

const send = (app: FastifyInstance, remoteAddress: string, url: string, headers: Record<string, string> = {}, method: 'GET' | 'POST' | 'OPTIONS' = 'GET') =>
  app.inject({ method, url, remoteAddress, headers: { host: 'localhost', ...headers } });
const forged = (i: number) => ({ authorization: `Bearer forged.${i}` });
const preflight = { origin: ORIGIN, 'access-control-request-method': 'GET' };

describe('forged tokens against the authenticated class (keyed by subject)', () => {
  it('an address over its limit is refused before its token is verified', async () => {
    const { app, verifier } = await build();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await send(app, '192.0.2.1', '/me', forged(i))).statusCode);
    // Four failed verifications are counted by address, the fifth is over the limit (it had to be
    // verified to know it was not a subject's request); from then on nothing reaches the verifier.
    expect(statuses).toEqual([401, 401, 401, 401, ...Array<number>(16).fill(429)]);
    expect(verifier.calls).toHaveLength(5);

    const refused = await send(app, '192.0.2.1', '/me', forged(99));
    expect(refused.json()).toMatchObject({ error: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['ratelimit-policy']).toBe('"authenticated";q=4;w=60');
    expect(refused.headers.ratelimit).toMatch(/^"authenticated";r=0;t=\d+$/);
    expect(verifier.calls).toHaveLength(5);

    // Another address is unaffected, and so is a valid user elsewhere.
    expect((await send(app, '192.0.2.2', '/me', forged(100))).statusCode).toBe(401);
    expect((await send(app, '192.0.2.3', '/me', { authorization: 'Bearer good.token' })).statusCode).toBe(200);
  });

  it('an address-keyed class decides before authentication: no verification once over', async () => {
    const { app, verifier } = await build();
    for (let i = 0; i < 3; i++) expect((await send(app, '192.0.2.1', '/feed', forged(i))).statusCode).toBe(401);
    expect(verifier.calls).toHaveLength(3);
    for (let i = 3; i < 10; i++) expect((await send(app, '192.0.2.1', '/feed', forged(i))).statusCode).toBe(429);
    expect(verifier.calls).toHaveLength(3);
  });

  it('a class keyed by a function decides before authentication too: no verification once over', async () => {
    const { app, verifier } = await build();
    const tenant = (i: number) => ({ 'x-tenant': 'acme', ...forged(i) });
    for (let i = 0; i < 2; i++) expect((await send(app, `192.0.2.${i + 1}`, '/tenant-feed', tenant(i))).statusCode).toBe(401);
    for (let i = 2; i < 8; i++) expect((await send(app, `192.0.2.${i + 1}`, '/tenant-feed', tenant(i))).statusCode).toBe(429);
    expect(verifier.calls).toHaveLength(2);
  });

  it('a normal authenticated request is counted once: in its subject bucket only', async () => {
    const { app, verifier } = await build();
    const remaining: string[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await send(app, '192.0.2.1', '/me', { authorization: 'Bearer good.token' });
      expect(response.statusCode).toBe(200);
      remaining.push(String(response.headers.ratelimit));
    }
    expect(remaining.map((v) => v.replace(/;t=\d+$/, ''))).toEqual(['3', '2', '1', '0'].map((r) => `"authenticated";r=${r}`));
    expect((await send(app, '192.0.2.1', '/me', { authorization: 'Bearer good.token' })).statusCode).toBe(429);
    // Neither the address's authenticated bucket nor the public one paid for those requests.
    expect((await send(app, '192.0.2.1', '/me', { authorization: 'Bearer other.token' })).statusCode).toBe(200);
    expect((await send(app, '192.0.2.1', '/me', forged(1))).statusCode).toBe(401);
    expect((await send(app, '192.0.2.1', '/public')).headers.ratelimit).toMatch(/^"public";r=2;/);
    expect(verifier.calls).toHaveLength(7);
  });
});

describe('requests answered before the limiter used to run', () => {
  it('preflights are counted in public by address', async () => {
    const { app } = await build();
    for (let i = 0; i < 3; i++) {
      const response = await send(app, '192.0.2.1', '/login', preflight, 'OPTIONS');
      expect(response.statusCode).toBe(204);
      expect(response.headers['ratelimit-policy']).toBe('"public";q=3;w=60');
    }
    const over = await send(app, '192.0.2.1', '/login', preflight, 'OPTIONS');
    expect(over.statusCode).toBe(429);
    expect(over.headers['access-control-allow-origin']).toBeUndefined();
    expect((await send(app, '192.0.2.1', '/public')).statusCode).toBe(429);
    // The login class was not touched; another address has its own public budget.
    expect((await send(app, '192.0.2.1', '/login', {}, 'POST')).statusCode).toBe(200);
    expect((await send(app, '192.0.2.2', '/login', preflight, 'OPTIONS')).statusCode).toBe(204);
  });

  it('a refused preflight is counted too', async () => {
    const { app } = await build();
    const denied = { origin: 'https://evil.test', 'access-control-request-method': 'GET' };
    for (let i = 0; i < 3; i++) expect((await send(app, '192.0.2.1', '/public', denied, 'OPTIONS')).statusCode).toBe(403);
    expect((await send(app, '192.0.2.1', '/public', denied, 'OPTIONS')).statusCode).toBe(429);
  });

  it('host refusals are counted in public by address, and answered 429 once over', async () => {
    const { app } = await build();
    for (let i = 0; i < 3; i++) {
      const response = await send(app, '192.0.2.1', '/me', { host: `evil-${i}.test`, ...forged(i) });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: 'host_not_allowed' });
      expect(response.headers.ratelimit).toMatch(/^"public";r=\d;/);
    }
    const over = await send(app, '192.0.2.1', '/public', { host: 'evil.test' });
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ error: 'rate_limited' });
    expect((await send(app, '192.0.2.1', '/public')).statusCode).toBe(429);
    expect((await send(app, '192.0.2.2', '/public')).statusCode).toBe(200);
  });
});

describe('with a shared store', () => {
  /** An asynchronous shared store that records every round trip. */
  function recordingStore(): RateLimitStore & { keys: string[] } {
    const counts = new Map<string, number>();
    const keys: string[] = [];
    return {
      kind: 'shared',
      keys,
      hit(key, windowMs, now): Promise<RateLimitDecision> {
        keys.push(key);
        const count = (counts.get(key) ?? 0) + 1;
        counts.set(key, count);
        return Promise.resolve({ count, resetAt: now + windowMs });
      },
      close: () => Promise.resolve(),
    };
  }

  it('one round trip per request, none for an address known to be over', async () => {
    const store = recordingStore();
    const { app, verifier } = await build(store);
    expect((await send(app, '192.0.2.1', '/me', { authorization: 'Bearer good.token' })).statusCode).toBe(200);
    expect(store.keys).toEqual(['authenticated|u:user-1']);
    for (let i = 0; i < 5; i++) await send(app, '192.0.2.1', '/me', forged(i));
    expect(store.keys).toHaveLength(6);
    expect(store.keys.slice(1).every((k) => k === 'authenticated|a:192.0.2.1')).toBe(true);
    for (let i = 5; i < 15; i++) expect((await send(app, '192.0.2.1', '/me', forged(i))).statusCode).toBe(429);
    expect(store.keys).toHaveLength(6);
    expect(verifier.calls).toHaveLength(6);
    await send(app, '192.0.2.1', '/public', { host: 'evil.test' });
    await send(app, '192.0.2.1', '/public', preflight, 'OPTIONS');
    expect(store.keys.slice(6)).toEqual(['public|a:192.0.2.1', 'public|a:192.0.2.1']);
  });

  describe.runIf(redis)('Redis, two instances', () => {
    const prefix = `rampart:test:${randomUUID()}:`;
    const stores: RedisRateLimitStore[] = [];
    afterAll(async () => {
      await Promise.all(stores.map((s) => s.close()));
    });

    it('forged tokens spread over instances are verified at most limit + instances times', async () => {
      const one = new RedisRateLimitStore({ url: REDIS_URL, prefix });
      const two = new RedisRateLimitStore({ url: REDIS_URL, prefix });
      stores.push(one, two);
      expect(await one.waitUntilUp(2000)).toBe(true);
      expect(await two.waitUntilUp(2000)).toBe(true);
      const a = await build(one);
      const b = await build(two);
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await send(i % 2 === 0 ? a.app : b.app, '192.0.2.7', '/me', forged(i))).statusCode);
      expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
      expect(statuses.slice(6)).toEqual(Array<number>(24).fill(429));
      expect(a.verifier.calls.length + b.verifier.calls.length).toBe(6);
      // Host refusals and preflights share the public budget across instances.
      for (let i = 0; i < 2; i++) await send(a.app, '192.0.2.8', '/public', { host: 'evil.test' });
      await send(b.app, '192.0.2.8', '/public', preflight, 'OPTIONS');
      expect((await send(b.app, '192.0.2.8', '/public')).statusCode).toBe(429);
    });

    it('login: one /48 budget across instances (16 x the class limit), one nested script per request', async () => {
      const one = new RedisRateLimitStore({ url: REDIS_URL, prefix: `${prefix}site:` });
      const two = new RedisRateLimitStore({ url: REDIS_URL, prefix: `${prefix}site:` });
      stores.push(one, two);
      expect(await one.waitUntilUp(2000)).toBe(true);
      expect(await two.waitUntilUp(2000)).toBe(true);
      const a = await build(one);
      const b = await build(two);
      let admitted = 0;
      for (let net = 1; net <= 17; net++) {
        for (let host = 1; host <= 2; host++) {
          const response = await send(net % 2 === 0 ? a.app : b.app, `2001:db8:77:${net.toString(16)}::${host}`, '/login', {}, 'POST');
          if (response.statusCode === 200) admitted++;
        }
      }
      expect(admitted).toBe(32); // login limit 2 per /64, 16 x 2 per /48
      expect((await send(a.app, '2001:db8:78:1::1', '/login', {}, 'POST')).statusCode).toBe(200);
    });
  });
});

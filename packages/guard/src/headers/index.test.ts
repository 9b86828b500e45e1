import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorHandler, createNotFoundHandler, GuardError } from '../errors/index.js';
import { createCorsLayer } from '../cors/index.js';
import { createHostsLayer } from '../hosts/index.js';
import { resolvePolicy } from '../policy/index.js';
import type { GuardPolicy, LayerCheck, RateLimitStore, RouteGuardConfig } from '../policy/types.js';
import { createRateLimitLayer, StoreUnavailableError } from '../rate-limit/index.js';
import { createRequestIdGenerator, createRequestIdLayer } from '../request-id/index.js';
import {
  API_CONTENT_SECURITY_POLICY,
  createHeadersLayer,
  pageContentSecurityPolicy,
  pageSecurityHeaders,
  securityHeaders,
} from './index.js';

const EXPECTED_API_HEADERS = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

function expectSecurityHeaders(headers: Record<string, unknown>): void {
  expect(headers).toMatchObject(EXPECTED_API_HEADERS);
  expect(headers['permissions-policy']).toMatch(/camera=\(\)/);
  expect(headers['permissions-policy']).toMatch(/geolocation=\(\)/);
  expect(headers['permissions-policy']).toMatch(/microphone=\(\)/);
  expect(headers).not.toHaveProperty('server');
  expect(headers).not.toHaveProperty('x-powered-by');
}

/** Runs layers the way the guard plugin does: in order, stop on an error or a sent reply. */
function onRequestOf(layers: readonly LayerCheck[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    for (const layer of layers) {
      const result = layer(request, reply);
      const error = result instanceof Promise ? await result : result;
      if (error) throw error;
      if (reply.sent) return reply;
    }
    return undefined;
  };
}

describe('header values', () => {
  const policy = resolvePolicy({});

  it('API profile is the exact set, computed once and frozen', () => {
    const set = securityHeaders(policy);
    expect(set).toMatchObject(EXPECTED_API_HEADERS);
    expect(set['content-security-policy']).toBe(API_CONTENT_SECURITY_POLICY);
    expect(Object.isFrozen(set)).toBe(true);
  });

  it('HSTS follows the policy', () => {
    const custom = resolvePolicy({ headers: { hsts: { maxAge: 63072000, includeSubDomains: true, preload: true } } });
    expect(securityHeaders(custom)['strict-transport-security']).toBe('max-age=63072000; includeSubDomains; preload');
  });

  it("page profile: script-src 'self', no inline, framing denied", () => {
    const csp = pageSecurityHeaders(policy)['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe/);
  });

  it.each(["'unsafe-inline'", "'unsafe-eval'", 'data:', '*'])('page profile refuses script-src %s at start', (source) => {
    expect(() => pageContentSecurityPolicy({ 'script-src': ["'self'", source] })).toThrow(/script-src must not contain/);
  });

  it('page profile refuses directive injection', () => {
    expect(() => pageContentSecurityPolicy({ 'img-src': ["'self'; script-src *"] })).toThrow(/contains/);
  });
});

describe('Fastify keeps onRequest headers on its own error path (default error handler)', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    const policy = resolvePolicy({});
    app = Fastify({ bodyLimit: 64 });
    app.addHook('onRequest', onRequestOf([createHeadersLayer(policy)]));
    app.post('/json', async () => ({ ok: true }));
    app.get('/boom', async () => {
      throw new Error('boom');
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it.each([
    ['invalid JSON (400)', { method: 'POST', url: '/json', headers: { 'content-type': 'application/json' }, payload: '{"a":' }, 400],
    ['unknown route (404)', { method: 'GET', url: '/missing' }, 404],
    ['body too large (413)', { method: 'POST', url: '/json', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ a: 'x'.repeat(100) }) }, 413],
    ['unsupported media type (415)', { method: 'POST', url: '/json', headers: { 'content-type': 'text/xml' }, payload: '<a/>' }, 415],
    ['handler throws (500)', { method: 'GET', url: '/boom' }, 500],
  ] as const)('%s', async (_name, request, status) => {
    const response = await app.inject(request);
    expect(response.statusCode).toBe(status);
    expectSecurityHeaders(response.headers);
  });
});

describe('every status carries the header set (guard layers + guard error handler)', () => {
  let app: FastifyInstance;
  let policy: GuardPolicy;
  const failingStore: RateLimitStore = {
    kind: 'shared',
    hit: () => Promise.reject(new StoreUnavailableError()),
    close: () => Promise.resolve(),
  };

  beforeAll(async () => {
    policy = resolvePolicy({
      allowedHosts: ['api.example.com'],
      cors: { origins: ['https://app.example.com'] },
      rateLimit: {
        store: failingStore,
        classes: {
          public: { limit: 2, windowMs: 60_000, onStoreFailure: 'fallback' },
          authenticated: { limit: 300, windowMs: 60_000, onStoreFailure: 'fallback' },
          login: { limit: 5, windowMs: 60_000, onStoreFailure: 'closed' },
          passwordReset: { limit: 3, windowMs: 3_600_000, onStoreFailure: 'closed' },
          health: { limit: 1000, windowMs: 60_000, onStoreFailure: 'fallback' },
        },
      },
    });
    const errorOptions = { headers: securityHeaders(policy), requestIdHeader: policy.requestId.header };
    app = Fastify({ bodyLimit: 64, genReqId: createRequestIdGenerator(policy) });
    app.setErrorHandler(createErrorHandler(errorOptions));
    app.setNotFoundHandler(createNotFoundHandler(errorOptions));
    app.addHook(
      'onRequest',
      onRequestOf([
        createHostsLayer(policy),
        createRequestIdLayer(policy),
        createHeadersLayer(policy),
        createCorsLayer(policy),
        createRateLimitLayer(policy),
      ]),
    );
    const health: { config: RouteGuardConfig } = { config: { access: 'public', rateLimit: 'health' } };
    app.post('/json', health, async () => ({ ok: true }));
    app.get('/ok', health, async () => ({ ok: true }));
    app.get('/limited', async () => ({ ok: true }));
    app.get('/login', { config: { access: 'public', rateLimit: 'login' } }, async () => ({ ok: true }));
    app.get('/unauthorized', health, async () => {
      throw new GuardError('RAMPART_ERR_AUTH_MISSING_TOKEN', { headers: { 'www-authenticate': 'Bearer' } });
    });
    app.get('/forbidden', health, async () => {
      throw new GuardError('RAMPART_ERR_AUTH_INSUFFICIENT_SCOPE');
    });
    app.get('/method', health, async () => {
      throw new GuardError('RAMPART_ERR_HTTP_METHOD_NOT_ALLOWED');
    });
    app.get('/boom', health, async () => {
      throw new Error('boom at /srv/app/secret.ts');
    });
    await app.ready();
  });
  afterAll(() => app.close());

  const host = 'api.example.com';
  it.each([
    ['200', { method: 'GET', url: '/ok', headers: { host } }, 200],
    ['400 bad Host (rejected before the headers layer ran)', { method: 'GET', url: '/ok', headers: { host: 'evil.test' } }, 400],
    ['400 invalid JSON', { method: 'POST', url: '/json', headers: { host, 'content-type': 'application/json' }, payload: '{' }, 400],
    ['401', { method: 'GET', url: '/unauthorized', headers: { host } }, 401],
    ['403', { method: 'GET', url: '/forbidden', headers: { host } }, 403],
    [
      '403 preflight from an unknown origin',
      { method: 'OPTIONS', url: '/ok', headers: { host, origin: 'https://evil.test', 'access-control-request-method': 'GET' } },
      403,
    ],
    ['404', { method: 'GET', url: '/nope', headers: { host } }, 404],
    ['405', { method: 'GET', url: '/method', headers: { host } }, 405],
    ['413', { method: 'POST', url: '/json', headers: { host, 'content-type': 'application/json' }, payload: JSON.stringify({ a: 'x'.repeat(100) }) }, 413],
    ['415', { method: 'POST', url: '/json', headers: { host, 'content-type': 'application/xml' }, payload: '<a/>' }, 415],
    ['500', { method: 'GET', url: '/boom', headers: { host } }, 500],
    ['503 (login class, shared store down, fails closed)', { method: 'GET', url: '/login', headers: { host } }, 503],
  ] as const)('%s', async (_name, request, status) => {
    const response = await app.inject({ ...request, headers: { ...request.headers, 'x-request-id': `req-${status}` } });
    expect(response.statusCode).toBe(status);
    expectSecurityHeaders(response.headers);
    expect(response.headers['x-request-id']).toBe(`req-${status}`);
    expect(response.body).not.toContain('/srv/app');
  });

  it('429 carries the header set too', async () => {
    let response = await app.inject({ method: 'GET', url: '/limited', headers: { host }, remoteAddress: '198.51.100.7' });
    for (let i = 0; i < 3 && response.statusCode === 200; i++) {
      response = await app.inject({ method: 'GET', url: '/limited', headers: { host }, remoteAddress: '198.51.100.7' });
    }
    expect(response.statusCode).toBe(429);
    expectSecurityHeaders(response.headers);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('over real HTTP: no Server or X-Powered-By banner', async () => {
    const server = Fastify();
    server.addHook('onRequest', onRequestOf([createHeadersLayer(policy)]));
    server.get('/ok', async () => ({ ok: true }));
    const address = await server.listen({ host: '127.0.0.1', port: 0 });
    try {
      for (const path of ['/ok', '/missing']) {
        const response = await fetch(`${address}${path}`);
        const headers = Object.fromEntries(response.headers.entries());
        expectSecurityHeaders(headers);
      }
    } finally {
      await server.close();
    }
  });
});

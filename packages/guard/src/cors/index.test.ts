import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorHandler } from '../errors/index.js';
import { resolvePolicy } from '../policy/index.js';
import type { GuardPolicyInput, LayerCheck } from '../policy/types.js';
import { canonicalOrigin, compileCors, createCorsLayer } from './index.js';

const ALLOWED = 'https://app.example.com';

const HOSTILE_ORIGINS = [
  'https://app.example.com.evil.test',
  'https://evilapp.example.com',
  'https://app.example.co',
  'http://app.example.com',
  'null',
  'HTTPS://APP.EXAMPLE.COM',
  'https://APP.example.com',
  'https://app.example.com.',
  'https://user@app.example.com',
  'https://app.example.com/',
  'https://app.example.com/path',
  'https://app.example.com:443',
  'https://app.example.com:8443',
  ' https://app.example.com',
  'https://app.example.com, https://evil.test',
  'https://xn--pp-7ka.example.com',
  '*',
  '',
];

async function buildApp(input: GuardPolicyInput): Promise<FastifyInstance> {
  const policy = resolvePolicy(input);
  const cors: LayerCheck = createCorsLayer(policy);
  const app = Fastify();
  app.setErrorHandler(createErrorHandler());
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const error = cors(request, reply);
    if (error) throw error;
    if (reply.sent) return reply;
    return undefined;
  });
  app.get('/data', async () => ({ ok: true }));
  app.post('/data', async () => ({ ok: true }));
  await app.ready();
  return app;
}

const corsHeaderNames = (headers: Record<string, unknown>) => Object.keys(headers).filter((name) => name.startsWith('access-control-'));

describe('canonicalOrigin / compileCors', () => {
  it('normalises default ports and case of configured origins', () => {
    expect(canonicalOrigin('https://App.Example.com:443')).toBe('https://app.example.com');
    expect(canonicalOrigin('http://localhost:5173')).toBe('http://localhost:5173');
  });

  it.each(['https://app.example.com/path', 'https://u:p@app.example.com', 'ftp://app.example.com', 'not a url', 'https://app.example.com.', 'https://app.example.com/'])(
    'refuses %j at start',
    (entry) => {
      expect(() => canonicalOrigin(entry)).toThrow(TypeError);
    },
  );

  it('refuses reflection, RegExp and null entries at start', () => {
    const base = resolvePolicy({}).cors;
    expect(() => compileCors({ ...base, origins: true })).toThrow(/exact origins/);
    expect(() => compileCors({ ...base, origins: /example\.com$/ })).toThrow(/exact origins/);
    expect(() => compileCors({ ...base, origins: ['null'] })).toThrow(/cannot be part of a list/);
  });
});

describe('CORS with an exact allow list and credentials', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({
      cors: {
        origins: [ALLOWED, 'http://localhost:5173'],
        credentials: true,
        methods: ['GET', 'POST'],
        allowedHeaders: ['authorization', 'content-type'],
        exposedHeaders: ['x-request-id'],
        maxAgeSeconds: 600,
      },
    });
  });
  afterAll(() => app.close());

  it('allows the listed origin on a simple request, with credentials and Vary', async () => {
    const response = await app.inject({ method: 'GET', url: '/data', headers: { origin: ALLOWED } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(response.headers['access-control-allow-credentials']).toBe('true');
    expect(response.headers['access-control-expose-headers']).toBe('x-request-id');
    expect(response.headers.vary).toBe('Origin');
  });

  it('allows a listed non-default port exactly', async () => {
    const response = await app.inject({ method: 'GET', url: '/data', headers: { origin: 'http://localhost:5173' } });
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const other = await app.inject({ method: 'GET', url: '/data', headers: { origin: 'http://localhost:5174' } });
    expect(corsHeaderNames(other.headers)).toEqual([]);
  });

  it('sets Vary: Origin without an Origin header too', async () => {
    const response = await app.inject({ method: 'GET', url: '/data' });
    expect(response.headers.vary).toBe('Origin');
    expect(corsHeaderNames(response.headers)).toEqual([]);
  });

  it.each(HOSTILE_ORIGINS)('a simple request from %j gets no CORS header at all', async (origin) => {
    const response = await app.inject({ method: 'GET', url: '/data', headers: { origin } });
    expect(response.statusCode).toBe(200);
    expect(corsHeaderNames(response.headers)).toEqual([]);
    expect(response.headers.vary).toBe('Origin');
  });

  it('answers an allowed preflight itself: 204, explicit lists, Max-Age', async () => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/data',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'Content-Type, Authorization' },
    });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(response.headers['access-control-allow-methods']).toBe('GET, POST');
    expect(response.headers['access-control-allow-headers']).toBe('authorization, content-type');
    expect(response.headers['access-control-allow-credentials']).toBe('true');
    expect(response.headers['access-control-max-age']).toBe('600');
  });

  it('answers a preflight for a path with no route (the layer, not the router, decides)', async () => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/no/such/route',
      headers: { origin: ALLOWED, 'access-control-request-method': 'GET' },
    });
    expect(response.statusCode).toBe(204);
  });

  it.each(HOSTILE_ORIGINS.filter((o) => o !== ''))('refuses a preflight from %j with 403 and no CORS header', async (origin) => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/data',
      headers: { origin, 'access-control-request-method': 'GET' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: 'cors_origin_denied' });
    expect(corsHeaderNames(response.headers)).toEqual([]);
  });

  it.each([
    ['a method not on the list', { 'access-control-request-method': 'DELETE' }],
    ['a lower-case method', { 'access-control-request-method': 'post' }],
    ['a header not on the list', { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-evil' }],
    ['a huge header list', { 'access-control-request-method': 'GET', 'access-control-request-headers': 'a,'.repeat(2000) }],
  ])('refuses a preflight asking for %s', async (_name, headers) => {
    const response = await app.inject({ method: 'OPTIONS', url: '/data', headers: { origin: ALLOWED, ...headers } });
    expect(response.statusCode).toBe(403);
    expect(corsHeaderNames(response.headers)).toEqual([]);
    // Never reflected.
    expect(JSON.stringify(response.headers)).not.toContain('x-evil');
  });
});

describe("CORS with '*' (development convenience)", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ cors: { origins: '*', credentials: false, methods: ['GET'] } });
  });
  afterAll(() => app.close());

  it("answers Access-Control-Allow-Origin: * and never the credentials header", async () => {
    const response = await app.inject({ method: 'GET', url: '/data', headers: { origin: 'https://anything.test' } });
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/data',
      headers: { origin: 'https://anything.test', 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('CORS with no origins configured (the default)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({});
  });
  afterAll(() => app.close());

  it('allows no origin', async () => {
    const response = await app.inject({ method: 'GET', url: '/data', headers: { origin: ALLOWED } });
    expect(corsHeaderNames(response.headers)).toEqual([]);
    const preflight = await app.inject({ method: 'OPTIONS', url: '/data', headers: { origin: ALLOWED, 'access-control-request-method': 'GET' } });
    expect(preflight.statusCode).toBe(403);
  });
});

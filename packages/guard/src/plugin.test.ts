// The composed plugin: every layer in order, the shared error shape and the security headers on
// every status, through inject() and through a real listening server (raw HTTP included).
import { connect } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuardError } from './errors/index.js';
import { composeLayers } from './plugin.js';
import { HOST, SECURITY_HEADER_NAMES, buildGuardedApp, principal, tableVerifier } from './test-support/guard-core-app.js';

const ok = { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } };
const verifier = tableVerifier({ 'reader.token': principal('user-1', ['profile:read']) });

let app: FastifyInstance;
let lines: Record<string, unknown>[];
let base: string;
let port: number;

beforeAll(async () => {
  ({ app, lines } = await buildGuardedApp(
    {
      authenticate: verifier,
      cors: { origins: ['https://app.example.com'] },
      body: { limitBytes: 2048 },
      rateLimit: { classes: { login: { limit: 3, windowMs: 60_000 }, public: { limit: 1000 }, authenticated: { limit: 1000 } } },
      securityTxt: { contact: ['mailto:security@example.com'] },
    },
    (a) => {
      a.get('/health', { config: { access: 'public', rateLimit: 'public' }, schema: ok }, async () => ({ ok: true, secret: 'never serialized' }));
      a.post(
        '/auth/login',
        { config: { access: 'public', rateLimit: 'login' }, schema: { body: { type: 'object', properties: { email: { type: 'string' } } }, ...ok } },
        async () => ({ ok: true }),
      );
      a.post(
        '/echo',
        { config: { access: 'public', rateLimit: 'public' }, schema: { body: { type: 'object', properties: { email: { type: 'string' } } }, ...ok } },
        async () => ({ ok: true }),
      );
      a.get('/api/me', { config: { access: { scopes: ['profile:read'] }, rateLimit: 'authenticated' }, schema: ok }, async () => ({ ok: true }));
      a.get('/api/admin', { config: { access: { roles: ['admin'] }, rateLimit: 'authenticated' }, schema: ok }, async () => ({ ok: true }));
      a.get('/crash', { config: { access: 'public', rateLimit: 'public' }, schema: ok }, async () => {
        throw new Error('SELECT * FROM users at /srv/app/db.ts:12');
      });
      a.get('/unavailable', { config: { access: 'public', rateLimit: 'public' }, schema: ok }, async () => {
        throw new GuardError('RAMPART_ERR_RATE_LIMIT_STORE_UNAVAILABLE', { retryAfterSeconds: 5 });
      });
      a.get('/method', { config: { access: 'public', rateLimit: 'public' }, schema: ok }, async () => {
        throw new GuardError('RAMPART_ERR_HTTP_METHOD_NOT_ALLOWED');
      });
    },
  ));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => app.close());

function expectSecurityHeaders(headers: Record<string, string | string[] | undefined>): void {
  for (const name of SECURITY_HEADER_NAMES) expect(headers[name], name).toBeDefined();
  expect(headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['cache-control']).toBe('no-store');
  expect(headers.server).toBeUndefined();
  expect(headers['x-powered-by']).toBeUndefined();
}

/** Sends raw bytes on a new connection and returns the whole answer. */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve(answer);
    });
  });
}

describe('guard plugin over real HTTP', () => {
  it('answers a public route with the security headers and only declared fields', async () => {
    const response = await request(`${base}/health`);
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ ok: true });
    expectSecurityHeaders(response.headers);
    expect(response.headers.ratelimit).toBeDefined();
  });

  it.each([
    ['400 bad host', '/health', { host: 'evil.example.com' }, 400, 'host_not_allowed'],
    ['401 no token', '/api/me', {}, 401, 'authentication_required'],
    ['401 forged token', '/api/me', { authorization: 'Bearer forged' }, 401, 'invalid_token'],
    ['403 missing role', '/api/admin', { authorization: 'Bearer reader.token' }, 403, 'insufficient_scope'],
    ['404 unknown route', '/nope', {}, 404, 'not_found'],
    ['404 unknown method', '/health', { 'x-method': 'PUT' }, 404, 'not_found'],
    ['405 from the application', '/method', {}, 405, 'method_not_allowed'],
    ['500 crash', '/crash', {}, 500, 'internal_error'],
    ['503 store unavailable', '/unavailable', {}, 503, 'service_unavailable'],
  ] as const)('%s: shared shape and the full header set', async (_name, path, headers, status, error) => {
    const { 'x-method': method, ...rest } = headers as Record<string, string>;
    const response = await request(`${base}${path}`, { method: (method ?? 'GET') as 'GET', headers: rest });
    expect(response.statusCode).toBe(status);
    const body = (await response.body.json()) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(['error', 'message', 'reference']);
    expect(body.error).toBe(error);
    if (status >= 500) expect(body.message).toBe('internal error');
    expectSecurityHeaders(response.headers);
  });

  it('413 and 415 carry the headers too', async () => {
    const large = await request(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'x'.repeat(5000) }) });
    expect(large.statusCode).toBe(413);
    expectSecurityHeaders(large.headers);
    await large.body.dump();
    const media = await request(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(media.statusCode).toBe(415);
    expectSecurityHeaders(media.headers);
    await media.body.dump();
  });

  it('limits the login class, shares one bucket across path variants, and answers 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof request>> | undefined;
    for (const path of ['/auth/login', '/AUTH/LOGIN', '/auth/login/', '//auth//login', '/auth/login?x=1']) {
      last = await request(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      statuses.push(last.statusCode);
      if (statuses.length < 5) await last.body.dump();
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(last?.headers['ratelimit-policy']).toBeDefined();
    expectSecurityHeaders(last?.headers ?? {});
    expect(((await last?.body.json()) as Record<string, string>).error).toBe('rate_limited');
  });

  it('ignores X-Forwarded-For from an untrusted peer (the limit is not reset)', async () => {
    const response = await request(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
      body: '{}',
    });
    expect(response.statusCode).toBe(429);
    await response.body.dump();
  });

  it('keeps a well-formed caller request id and replaces a malformed one', async () => {
    const kept = await request(`${base}/health`, { headers: { 'x-request-id': 'abc-123.DEF:9' } });
    expect(kept.headers['x-request-id']).toBe('abc-123.DEF:9');
    await kept.body.dump();
    const replaced = await request(`${base}/health`, { headers: { 'x-request-id': 'x'.repeat(500) } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await replaced.body.dump();
  });

  it('answers a CORS preflight from an allowed origin and refuses an evil one', async () => {
    const preflight = { 'access-control-request-method': 'GET' };
    const allowed = await request(`${base}/health`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', ...preflight } });
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    await allowed.body.dump();
    const evil = await request(`${base}/health`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com.evil.io', ...preflight } });
    expect(evil.statusCode).toBe(403);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    expectSecurityHeaders(evil.headers);
    await evil.body.dump();
  });

  it('serves security.txt from the policy', async () => {
    const response = await request(`${base}/.well-known/security.txt`);
    expect(response.statusCode).toBe(200);
    expect(await response.body.text()).toContain('Contact: mailto:security@example.com');
  });

  it('answers a malformed URL (framework error) in the shared shape with the headers', async () => {
    const response = await request(`${base}/health/%E0%A4%A`);
    expect(response.statusCode).toBe(400);
    expectSecurityHeaders(response.headers);
    expect((await response.body.json()) as object).toMatchObject({ error: 'bad_url', message: 'the request URL is malformed' });
  });

  it('answers an unparsable request on the raw socket in the shared shape with the headers', async () => {
    const answer = await raw('GET /health HTTP/1.1\r\nHost: localhost\r\nBad Header Line\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer.toLowerCase()).toContain("content-security-policy: default-src 'none'; frame-ancestors 'none'");
    expect(answer.toLowerCase()).toContain('x-content-type-options: nosniff');
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Record<string, string>;
    expect(body.error).toBe('bad_request');
    expect(body.reference).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers oversized headers with 431 on the raw socket', async () => {
    const answer = await raw(`GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toContain('"error":"headers_too_large"');
  });

  it('logs the crash with the same reference it answered', async () => {
    const response = await request(`${base}/crash`);
    const body = (await response.body.json()) as Record<string, string>;
    const logged = lines.find((line) => line.reference === body.reference);
    expect(logged?.level).toBe(50);
    expect(JSON.stringify(logged)).toContain('SELECT * FROM users');
  });
});

describe('composeLayers', () => {
  async function appWith(layers: Parameters<typeof composeLayers>[0], closing = false): Promise<FastifyInstance> {
    const plain = Fastify({ logger: false });
    plain.addHook('onRequest', composeLayers(layers, () => closing));
    plain.get('/', async () => 'handler');
    await plain.ready();
    return plain;
  }

  it('runs layers in order, awaits only promises, and stops at the first error', async () => {
    const order: string[] = [];
    const plain = await appWith([
      () => void order.push('sync'),
      async () => void order.push('async'),
      () => {
        order.push('fails');
        return new GuardError('RAMPART_ERR_HOST_NOT_ALLOWED');
      },
      () => void order.push('never'),
    ]);
    const response = await plain.inject('/');
    expect(response.statusCode).toBe(400);
    expect(order).toEqual(['sync', 'async', 'fails']);
    await plain.close();
  });

  it('stops when a layer answered the request itself', async () => {
    const order: string[] = [];
    const plain = await appWith([
      (_request, reply) => {
        order.push('answers');
        reply.code(204).send();
      },
      () => void order.push('never'),
    ]);
    expect((await plain.inject('/')).statusCode).toBe(204);
    expect(order).toEqual(['answers']);
    await plain.close();
  });

  it('turns a throwing or rejecting layer into an error answer, not a crash', async () => {
    const throwing = await appWith([
      () => {
        throw new Error('boom');
      },
    ]);
    expect((await throwing.inject('/')).statusCode).toBe(500);
    await throwing.close();
    const throwingString = await appWith([
      () => {
        throw 'a string, not an Error';
      },
    ]);
    const answer = await throwingString.inject('/');
    expect(answer.statusCode).toBe(500);
    expect(answer.body).not.toContain('a string');
    await throwingString.close();
    const rejecting = await appWith([() => Promise.reject(new Error('boom'))]);
    expect((await rejecting.inject('/')).statusCode).toBe(500);
    await rejecting.close();
  });

  it('answers 503 with Connection: close while the server is closing', async () => {
    const plain = await appWith([], true);
    const response = await plain.inject('/');
    expect(response.statusCode).toBe(503);
    expect(response.headers.connection).toBe('close');
    await plain.close();
  });
});

describe('guard with HOST header', () => {
  it('treats HOST as the allowed default host', async () => {
    const response = await app.inject({ url: '/health', headers: HOST });
    expect(response.statusCode).toBe(200);
  });
});

// The request layers through the composed guard plugin on a real listening server, spoken to over
// HTTP with raw Host/Origin/X-Forwarded-For headers (fetch may not set Host).
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guard } from '../plugin.js';
import { resolvePolicy } from '../policy/index.js';
import type { GuardPolicyInput, RateLimitRule } from '../policy/types.js';
import { guardServerOptions } from '../server-options.js';

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

const HOST = 'api.example.test';
const ORIGIN = 'https://app.example.test';
const rule = (limit: number, onStoreFailure: RateLimitRule['onStoreFailure'] = 'fallback'): RateLimitRule => ({
  limit,
  windowMs: 60_000,
  onStoreFailure,
});

async function start(publicLimit: number): Promise<{ app: FastifyInstance; port: number }> {
  const input: GuardPolicyInput = {
    allowedHosts: [HOST],
    cors: { origins: [ORIGIN], credentials: true },
    rateLimit: {
      classes: { public: rule(publicLimit), authenticated: rule(300), login: rule(5, 'closed'), passwordReset: rule(3, 'closed'), health: rule(60) },
    },
    securityTxt: { contact: ['mailto:security@example.test'] },
  };
  const policy = resolvePolicy(input);
  const app = Fastify(guardServerOptions(policy, { logger: false }));
  await app.register(guard, policy);
  app.get(
    '/hello',
    {
      config: { access: 'public', rateLimit: 'public' },
      schema: { response: { 200: { type: 'object', properties: { hello: { type: 'string' } }, additionalProperties: false } } },
    },
    async () => ({ hello: 'world' }),
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { app, port: address.port };
}

function send(port: number, method: string, path: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Writes `text` on a fresh socket and returns everything the server sends back. */
function sendRaw(port: number, text: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(text));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

function expectHeaderSet(response: RawResponse): void {
  expect(response.headers).toMatchObject({
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  });
  expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
  expect(response.headers['permissions-policy']).toContain('camera=()');
  expect(response.headers['x-request-id']).toBeTruthy();
  expect(response.headers).not.toHaveProperty('server');
  expect(response.headers).not.toHaveProperty('x-powered-by');
}

describe('guard layers over HTTP: hosts, headers, CORS, security.txt', () => {
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    ({ app, port } = await start(1000));
  });
  afterAll(() => app.close());

  it('answers an allowed Host with the full header set and rate-limit headers', async () => {
    const response = await send(port, 'GET', '/hello', { host: HOST, 'x-request-id': 'http-1' });
    expect(response.status).toBe(200);
    expectHeaderSet(response);
    expect(response.headers['x-request-id']).toBe('http-1');
    expect(response.headers['ratelimit-policy']).toBe('"public";q=1000;w=60');
    expect(response.headers.vary).toBe('Origin');
  });

  it.each(['evil.test', 'api.example.test.evil.test', `${HOST}.`, 'xapi.example.test'])('refuses Host %s with 400 and the header set', async (host) => {
    const response = await send(port, 'GET', '/hello', { host });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'host_not_allowed' });
    expectHeaderSet(response);
  });

  it('refuses a request without Host (HTTP/1.0) with 400 host_not_allowed', async () => {
    const raw = await sendRaw(port, 'GET /hello HTTP/1.0\r\n\r\n');
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.[01] 400 /);
    expect(head.toLowerCase()).toContain("\r\ncontent-security-policy: default-src 'none'");
    expect(JSON.parse(body)).toMatchObject({ error: 'host_not_allowed' });
  });

  it('gives CORS headers to the listed origin only', async () => {
    const ok = await send(port, 'GET', '/hello', { host: HOST, origin: ORIGIN });
    expect(ok.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(ok.headers['access-control-allow-credentials']).toBe('true');
    for (const origin of ['https://evil.test', 'null', 'https://app.example.test.evil.test', 'http://app.example.test']) {
      const response = await send(port, 'GET', '/hello', { host: HOST, origin });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('answers preflights: 204 for the listed origin, 403 without CORS headers otherwise', async () => {
    const ok = await send(port, 'OPTIONS', '/hello', { host: HOST, origin: ORIGIN, 'access-control-request-method': 'GET' });
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-max-age']).toBe('600');
    expectHeaderSet(ok);
    const evil = await send(port, 'OPTIONS', '/hello', { host: HOST, origin: 'https://evil.test', 'access-control-request-method': 'GET' });
    expect(evil.status).toBe(403);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    expectHeaderSet(evil);
  });

  it('a malformed URL (answered before any hook) carries the header set', async () => {
    const response = await send(port, 'GET', '/hello/%zz', { host: HOST });
    expect(response.status).toBe(400);
    expectHeaderSet(response);
  });

  it('a request Node cannot parse (clientError, raw socket answer) carries the header set', async () => {
    const raw = await sendRaw(port, `GET /hello HTTP/1.1\r\nHost: ${HOST}\r\nBad Header\r\n\r\n`);
    const [head = ''] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    const lower = head.toLowerCase();
    for (const name of ['content-security-policy', 'strict-transport-security', 'x-content-type-options', 'x-frame-options', 'cache-control']) {
      expect(lower).toContain(`\r\n${name}: `);
    }
    expect(lower).not.toContain('\r\nserver:');
  });

  it('serves security.txt', async () => {
    const response = await send(port, 'GET', '/.well-known/security.txt', { host: HOST });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toMatch(/^Contact: mailto:security@example\.test\nExpires: /);
  });
});

describe('guard layers over HTTP: rate limit', () => {
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    ({ app, port } = await start(3));
  });
  afterAll(() => app.close());

  it('spoofed X-Forwarded-For and path variants share one bucket; 429 carries every header', async () => {
    const statuses: number[] = [];
    const paths = ['/hello', '/HELLO', '/hello/', '//hello', '/hello?x=1'];
    for (const [i, path] of paths.entries()) {
      const response = await send(port, 'GET', path, { host: HOST, 'x-forwarded-for': `203.0.113.${i}` });
      statuses.push(response.status);
      if (response.status === 429) {
        expectHeaderSet(response);
        expect(JSON.parse(response.body)).toMatchObject({ error: 'rate_limited' });
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
        expect(response.headers.ratelimit).toMatch(/^"public";r=0;t=\d+$/);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});

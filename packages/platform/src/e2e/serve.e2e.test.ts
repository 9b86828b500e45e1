// End to end: the real `rampart serve` process (built dist) in PRODUCTION mode on a free
// port, spoken to over raw HTTP. Run `npm run build` first (npm test does).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRampart, startServe, type RampartServe as ServeProcess } from '../../../../test-support/rampart-cli.js';
import { rawRequest, type RawResponse } from '../../../../test-support/raw-request.js';

const HOST = 'api.example.test';
const ALLOWED_ORIGIN = 'https://app.example.test';
const dataDir = mkdtempSync(join(tmpdir(), 'rampart-e2e-'));
const PRODUCTION_ENV: Record<string, string> = {
  RAMPART_ENV: 'production',
  ALLOWED_HOSTS: HOST,
  SECURITY_CONTACT: 'mailto:security@example.test',
  CORS_ORIGINS: ALLOWED_ORIGIN,
  RAMPART_DATA_DIR: dataDir,
  RATE_LIMIT_HEALTH: '6/hour',
  // Body tests post to /auth/login many times; its real limit is exercised elsewhere.
  RATE_LIMIT_LOGIN: '1000/minute',
  // info: the helper waits for the "rampart listening" line.
  LOG_LEVEL: 'info',
};

let server: ServeProcess;
const seen: RawResponse[] = [];

async function send(options: Parameters<typeof rawRequest>[1]): Promise<RawResponse> {
  const response = await rawRequest(server.port, { ...options, headers: { host: HOST, ...options.headers } });
  seen.push(response);
  return response;
}

function expectSecurityHeaders(response: RawResponse): void {
  const h = response.headers;
  expect(h['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(h['strict-transport-security']).toMatch(/^max-age=(\d+)/);
  expect(Number(/max-age=(\d+)/.exec(String(h['strict-transport-security']))?.[1])).toBeGreaterThanOrEqual(31_536_000);
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['referrer-policy']).toBeTruthy();
  expect(h['permissions-policy']).toBeTruthy();
  expect(h['cross-origin-opener-policy']).toBeTruthy();
  expect(h['cross-origin-resource-policy']).toBeTruthy();
  expect(h['x-request-id']).toMatch(/^[A-Za-z0-9._-]{8,}$/);
  expect(h.server).toBeUndefined();
  expect(h['x-powered-by']).toBeUndefined();
}

function expectErrorShape(response: RawResponse, status: number): Record<string, unknown> {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(response.body) as Record<string, unknown>;
  expect(typeof body.error).toBe('string');
  expect(typeof body.message).toBe('string');
  expect(Object.keys(body).every((key) => ['error', 'message', 'reference'].includes(key))).toBe(true);
  return body;
}

beforeAll(async () => {
  server = await startServe(PRODUCTION_ENV);
}, 240_000);

afterAll(async () => {
  if (!server) return;
  const code = await server.stop('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
  // Graceful shutdown of the real process ends with 0.
  expect(code).toBe(0);
}, 60_000);

describe('rampart serve in production', { timeout: 60_000 }, () => {
  it('answers /health with the full header set and nothing else', async () => {
    const response = await send({ path: '/health' });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
    expectSecurityHeaders(response);
  });

  it('keeps a well-formed caller request id and replaces a hostile one', async () => {
    expect((await send({ path: '/nope', headers: { 'x-request-id': 'trace-1234abcd' } })).headers['x-request-id']).toBe(
      'trace-1234abcd',
    );
    const hostile = await send({ path: '/nope', headers: { 'x-request-id': 'a\u00e9"<script>'.padEnd(300, 'x') } });
    expect(hostile.headers['x-request-id']).not.toContain('script');
    expect(String(hostile.headers['x-request-id']).length).toBeLessThanOrEqual(128);
  });

  it('404 has the error shape and the header set', async () => {
    const response = await send({ path: '/does-not-exist' });
    expect(expectErrorShape(response, 404).error).toBe('not_found');
    expectSecurityHeaders(response);
  });

  it('/docs and /openapi.json do not exist in production', async () => {
    for (const path of ['/docs', '/openapi.json', '/docs/', '/DOCS']) {
      const response = await send({ path });
      expectErrorShape(response, 404);
    }
  });

  it('refuses a Host that is not on the allow list with 400', async () => {
    for (const host of ['evil.example', `${HOST}.evil.example`, `evil.${HOST}`, '127.0.0.1', `${HOST}@evil.example`]) {
      const response = await send({ path: '/health', headers: { host } });
      expect(expectErrorShape(response, 400).error).toBe('host_not_allowed');
      expectSecurityHeaders(response);
    }
  });

  it('ignores X-Forwarded-Host from an untrusted client', async () => {
    const response = await send({ path: '/does-not-exist', headers: { host: 'evil.example', 'x-forwarded-host': HOST } });
    expect(response.status).toBe(400);
  });

  it('gives CORS headers to the allowed origin only, exactly', async () => {
    const allowed = await send({ path: '/does-not-exist', headers: { origin: ALLOWED_ORIGIN } });
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(String(allowed.headers.vary)).toMatch(/origin/i);
    const lookAlikes = [
      'https://evil.example',
      'null',
      'http://app.example.test',
      'https://app.example.test.evil.example',
      'https://evilapp.example.test',
      'https://app.example.test:8443',
      'https://APP.example.test.',
      `${ALLOWED_ORIGIN}/`,
      `${ALLOWED_ORIGIN}@evil.example`,
      '*',
    ];
    for (const origin of lookAlikes) {
      const response = await send({ path: '/does-not-exist', headers: { origin } });
      expect(response.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect(response.headers['access-control-allow-credentials'], origin).toBeUndefined();
    }
  });

  it('does not approve a preflight from an unknown origin', async () => {
    const response = await send({
      method: 'OPTIONS',
      path: '/auth/login',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-methods']).toBeUndefined();
    expectSecurityHeaders(response);
  });

  it('answers malformed JSON with 400 and no parser details', async () => {
    const response = await send({
      method: 'POST',
      path: '/auth/login',
      headers: { 'content-type': 'application/json' },
      body: '{"email": "a@example.test", "password": ',
    });
    expectErrorShape(response, 400);
    expectSecurityHeaders(response);
    expect(response.body).not.toMatch(/Unexpected|position|JSON\.parse|SyntaxError/);
  });

  it('answers prototype-poisoning keys with 400', async () => {
    const response = await send({
      method: 'POST',
      path: '/auth/login',
      headers: { 'content-type': 'application/json' },
      body: '{"__proto__": {"admin": true}, "email": "a@example.test", "password": "x"}',
    });
    expectErrorShape(response, 400);
  });

  it('answers a body over the limit with 413', async () => {
    const body = `{"email":"${'a'.repeat(1_048_600)}"}`;
    const response = await send({ method: 'POST', path: '/auth/login', headers: { 'content-type': 'application/json' }, body });
    expectErrorShape(response, 413);
    expectSecurityHeaders(response);
  });

  it('answers a wrong content type with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      const response = await send({ method: 'POST', path: '/auth/login', headers: { 'content-type': type }, body: 'email=a' });
      expectErrorShape(response, 415);
      expectSecurityHeaders(response);
    }
  });

  it('rejects unknown fields instead of ignoring them, without echoing input', async () => {
    const marker = 'ZZ_MARKER_ZZ';
    const response = await send({
      method: 'POST',
      path: '/auth/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(20), [marker]: marker }),
    });
    expectErrorShape(response, 400);
    expect(response.body).not.toContain(marker);
  });

  it('rate limits /health: path variants share one bucket and X-Forwarded-For does not reset it', async () => {
    // The earlier /health request used one of the 6 allowed per minute.
    const variants = ['/health', '/HEALTH', '/health/', '//health', '/health?x=1'];
    for (const [i, path] of variants.entries()) {
      const response = await send({ path, headers: { 'x-forwarded-for': `203.0.113.${i + 1}`, 'x-real-ip': `198.51.100.${i}` } });
      expect(response.status, path).toBe(200);
      expect(response.headers['ratelimit-policy']).toBeTruthy();
    }
    const limited = await send({ path: '/health', headers: { 'x-forwarded-for': '192.0.2.77' } });
    expect(expectErrorShape(limited, 429).error).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers.ratelimit).toBeTruthy();
    expect(limited.headers['ratelimit-policy']).toBeTruthy();
    expectSecurityHeaders(limited);
  });

  it('never leaks internals in any body it sent', () => {
    expect(seen.length).toBeGreaterThan(20);
    for (const response of seen) {
      expect(response.body).not.toMatch(/\bat \S+ \(|node_modules|\/work\/|\/tmp\/|fastify|pglite|postgres|kysely|ajv|SELECT |stack|v\d+\.\d+\.\d+/i);
      if (response.status >= 500) expect(JSON.parse(response.body).reference).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('production start refusals', { timeout: 120_000 }, () => {
  it.each(['ALLOWED_HOSTS', 'SECURITY_CONTACT'])('refuses to start without %s, naming it', async (variable) => {
    const env: Record<string, string> = { ...PRODUCTION_ENV, RAMPART_DATA_DIR: join(dataDir, 'refused'), PORT: '0' };
    delete env[variable];
    const result = await runRampart(['serve'], env);
    expect(result.code).toBe(1);
    expect(result.output).toContain(variable);
    expect(result.output).toMatch(/Fix: set/);
    expect(result.output).not.toMatch(/\bat \S+ \(/);
  });

  it('refuses TRUST_PROXY=true in production', async () => {
    const result = await runRampart(['serve'], { ...PRODUCTION_ENV, TRUST_PROXY: 'true', PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('TRUST_PROXY');
  });
});

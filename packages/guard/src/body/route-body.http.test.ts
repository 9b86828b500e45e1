// Per-route body handling over HTTP: Fastify's route `bodyLimit` (larger and smaller than the
// policy's), `config.rawBody` for a webhook signature check, and `config.contentTypes` for a
// 5 MB binary upload while every other route still answers 415 for anything but JSON.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeProblems } from '../route-policy/index.js';
import { resolvePolicy } from '../policy/index.js';
import { listenGuardedApp } from '../test-support/guard-core-app.js';
import type { RouteOptions } from 'fastify';

const SECRET = 'whsec_test_secret';
const MB = 1_000_000;
const route = { access: 'public', rateLimit: 'public' } as const;
const anyBody = { type: 'object', properties: { text: { type: 'string' } } } as const;
const okSchema = { response: { 200: { type: 'object', properties: { bytes: { type: 'integer' } } } } } as const;

const sign = (bytes: Buffer | string) => createHmac('sha256', SECRET).update(bytes).digest('hex');

let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  ({ app, base } = await listenGuardedApp({ body: { limitBytes: 1024 }, rateLimit: { classes: { public: { limit: 10_000 } } } }, (a) => {
    a.post('/echo', { config: route, schema: { body: anyBody, ...okSchema } }, async (req) => ({ bytes: JSON.stringify(req.body).length, raw: req.rawBody }));
    a.post('/large', { config: route, bodyLimit: 64 * 1024, schema: { body: anyBody, ...okSchema } }, async (req) => ({
      bytes: (req.body as { text: string }).text.length,
    }));
    a.post('/small', { config: route, bodyLimit: 32, schema: { body: anyBody, ...okSchema } }, async () => ({ bytes: 0 }));
    a.post(
      '/webhooks/payments',
      {
        config: { ...route, rawBody: true },
        schema: {
          body: { type: 'object', properties: { amount: { type: 'integer' }, note: { type: 'string' } }, required: ['amount'] },
          response: { 200: { type: 'object', properties: { verified: { type: 'boolean' }, amount: { type: 'integer' }, bytes: { type: 'integer' } } } },
        },
      },
      async (req) => {
        const expected = Buffer.from(sign(req.rawBody ?? Buffer.alloc(0)), 'hex');
        const given = Buffer.from(String(req.headers['x-signature'] ?? ''), 'hex');
        const verified = given.length === expected.length && timingSafeEqual(given, expected);
        return { verified, amount: (req.body as { amount: number }).amount, bytes: req.rawBody?.length };
      },
    );
    a.post(
      '/uploads',
      {
        config: { ...route, contentTypes: ['application/octet-stream'] },
        bodyLimit: 6 * MB,
        schema: { response: { 200: { type: 'object', properties: { bytes: { type: 'integer' }, sha256: { type: 'string' } } } } },
      },
      async (req) => {
        const body = req.body as Buffer;
        return { bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
      },
    );
  }));
});
afterAll(() => app.close());

async function post(path: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await request(`${base}${path}`, { method: 'POST', headers, body });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, json: JSON.parse(text) as Record<string, unknown> };
}

function expectGuardError(response: Awaited<ReturnType<typeof post>>, status: number, error: string): void {
  expect(response.status).toBe(status);
  expect(response.json).toMatchObject({ error, message: expect.any(String), reference: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
}

describe('per-route bodyLimit', () => {
  const text = (length: number) => JSON.stringify({ text: 'x'.repeat(length) });

  it('the policy limit applies to routes without their own', async () => {
    expectGuardError(await post('/echo', text(2000)), 413, 'payload_too_large');
  });

  it('a larger route limit admits a body over the policy limit', async () => {
    const response = await post('/large', text(40_000));
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ bytes: 40_000 });
    expectGuardError(await post('/large', text(70_000)), 413, 'payload_too_large');
  });

  it('a smaller route limit refuses a body under the policy limit', async () => {
    expectGuardError(await post('/small', text(100)), 413, 'payload_too_large');
  });
});

describe('config.rawBody: a webhook signature over the exact bytes', () => {
  // Odd spacing, key order and a multi-byte character: a re-serialisation would differ.
  const payload = '{ "note" : "café",\n  "amount":42 }';

  it('request.rawBody holds the exact bytes while request.body is the parsed JSON', async () => {
    const response = await post('/webhooks/payments', payload, { 'content-type': 'application/json', 'x-signature': sign(payload) });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ verified: true, amount: 42, bytes: Buffer.byteLength(payload) });
  });

  it('a signature over other bytes does not verify', async () => {
    const reserialised = JSON.stringify(JSON.parse(payload));
    const response = await post('/webhooks/payments', payload, { 'content-type': 'application/json', 'x-signature': sign(reserialised) });
    expect(response.json).toMatchObject({ verified: false });
    const tampered = payload.replace('42', '43');
    expect((await post('/webhooks/payments', tampered, { 'content-type': 'application/json', 'x-signature': sign(payload) })).json).toMatchObject({
      verified: false,
      amount: 43,
    });
  });

  it('the body is still validated, and other routes get no rawBody', async () => {
    expectGuardError(await post('/webhooks/payments', '{"amount":"42"}', { 'content-type': 'application/json', 'x-signature': 'x' }), 400, 'validation_failed');
    expect((await post('/echo', '{"text":"a"}')).json).toEqual({ bytes: 12 });
  });
});

describe('config.contentTypes: a binary upload on one route', () => {
  const octets = { 'content-type': 'application/octet-stream' };

  it('accepts a 5 MB application/octet-stream body as a Buffer, byte for byte', async () => {
    const upload = randomBytes(5 * MB);
    const response = await post('/uploads', upload, octets);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ bytes: 5 * MB, sha256: createHash('sha256').update(upload).digest('hex') });
  });

  it('refuses an upload over the route limit with 413', async () => {
    expectGuardError(await post('/uploads', randomBytes(7 * MB), octets), 413, 'payload_too_large');
  });

  it.each([
    ['JSON', 'application/json', '{}'],
    ['another type', 'text/plain', 'hello'],
  ])('refuses %s on the upload route with 415', async (_name, type, body) => {
    expectGuardError(await post('/uploads', body, { 'content-type': type }), 415, 'unsupported_media_type');
  });

  it('refuses a compressed upload with 415', async () => {
    expectGuardError(await post('/uploads', randomBytes(64), { ...octets, 'content-encoding': 'gzip' }), 415, 'unsupported_media_type');
  });

  it.each([
    ['application/octet-stream', '/echo'],
    ['text/plain', '/echo'],
    ['application/x-www-form-urlencoded', '/webhooks/payments'],
  ])('every other route still answers 415 for %s', async (type, path) => {
    expectGuardError(await post(path, 'a=1', { 'content-type': type }), 415, 'unsupported_media_type');
  });

  it('an unmatched route answers 404, whatever the body', async () => {
    expectGuardError(await post('/nope', 'x', { 'content-type': 'application/octet-stream' }), 404, 'not_found');
  });
});

describe('body config at start-up', () => {
  const policy = resolvePolicy({});
  const problemsOf = (config: Record<string, unknown>, schema: Record<string, unknown> = okSchema) =>
    routeProblems({ method: 'POST', url: '/x', handler: () => undefined, config, schema } as RouteOptions, policy).join('\n');

  it.each([
    [{ contentTypes: ['application/json'] }, "'application/json' is guard's own parser"],
    [{ contentTypes: ['Application/PDF; q=1'] }, 'is not a lower-case type/subtype'],
    [{ contentTypes: [] }, 'must be a list of 1 to 32 media types'],
    [{ rawBody: 'yes' }, 'config.rawBody must be true or false'],
  ])('refuses %j', (extra, message) => {
    expect(problemsOf({ ...route, ...extra })).toContain(message);
  });

  it('refuses schema.body next to contentTypes, and needs none without it', () => {
    expect(problemsOf({ ...route, contentTypes: ['application/pdf'] }, { body: anyBody, ...okSchema })).toContain('remove schema.body');
    expect(problemsOf({ ...route, contentTypes: ['application/pdf'] })).toBe('');
  });
});

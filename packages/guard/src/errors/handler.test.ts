import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createErrorHandler, createNotFoundHandler } from './handler.js';
import { GuardError } from './guard-error.js';

const HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

let app: FastifyInstance;
let lines: Record<string, unknown>[];

async function build(): Promise<FastifyInstance> {
  lines = [];
  app = Fastify({ logger: { level: 'info', stream: { write: (line: string) => void lines.push(JSON.parse(line)) } } });
  app.setErrorHandler(createErrorHandler({ headers: HEADERS, requestIdHeader: 'x-request-id' }));
  app.setNotFoundHandler(createNotFoundHandler({ headers: HEADERS, requestIdHeader: 'x-request-id' }));
  app.get('/crash', async () => {
    throw new Error('connect ECONNREFUSED 10.0.0.5:5432 at /srv/app/db.js SELECT password_hash FROM users');
  });
  app.get('/throw-string', async () => {
    throw 'a string';
  });
  app.get('/guard', async () => {
    throw new GuardError('RAMPART_ERR_RATE_LIMIT_EXCEEDED', { retryAfterSeconds: 7.2, headers: { ratelimit: '"public";r=0;t=7' } });
  });
  app.get('/teapot', async () => {
    throw Object.assign(new Error('I am a teapot with secret internals'), { statusCode: 418 });
  });
  app.get('/forbidden', async () => {
    throw Object.assign(new Error('library says: token abc expired'), { statusCode: 403 });
  });
  app.post(
    '/validate',
    { schema: { body: { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } } } },
    async () => ({}),
  );
  await app.ready();
  return app;
}

afterEach(async () => {
  await app?.close();
});

describe('error handler', () => {
  it('answers 5xx with "internal error" and a reference that the log line carries with the full error', async () => {
    await build();
    const response = await app.inject('/crash');
    expect(response.statusCode).toBe(500);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['error', 'message', 'reference']);
    expect(body.error).toBe('internal_error');
    expect(body.message).toBe('internal error');
    expect(body.reference).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(response.body).not.toMatch(/ECONNREFUSED|password|\/srv|SELECT|stack/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-request-id']).toBeDefined();
    const logged = lines.find((line) => line.reference === body.reference);
    expect(logged?.level).toBe(50);
    expect(JSON.stringify(logged)).toContain('ECONNREFUSED');
  });

  it('answers a non-Error throw as an internal error', async () => {
    await build();
    const response = await app.inject('/throw-string');
    expect(response.statusCode).toBe(500);
    expect(response.json().message).toBe('internal error');
  });

  it('renders a GuardError with its status, wire code, Retry-After and extra headers', async () => {
    await build();
    const response = await app.inject('/guard');
    expect(response.statusCode).toBe(429);
    expect(response.json()).toMatchObject({ error: 'rate_limited', message: 'too many requests' });
    expect(response.headers['retry-after']).toBe('8');
    expect(response.headers.ratelimit).toBe('"public";r=0;t=7');
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('keeps the status of a foreign 4xx but never its message', async () => {
    await build();
    const teapot = await app.inject('/teapot');
    expect(teapot.statusCode).toBe(418);
    expect(teapot.json()).toMatchObject({ error: 'bad_request', message: 'bad request' });
    const forbidden = await app.inject('/forbidden');
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.body).not.toContain('token abc');
  });

  it('maps 404 to the shared shape with the headers', async () => {
    await build();
    const response = await app.inject('/nowhere/<script>');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not_found', message: 'not found' });
    expect(response.body).not.toContain('script');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it("maps Fastify's own errors: invalid JSON, empty JSON, unsupported media type, too large", async () => {
    await build();
    const invalid = await app.inject({ method: 'POST', url: '/validate', headers: { 'content-type': 'application/json' }, payload: '{"email": <svg onload=alert(1)>' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error).toBe('invalid_json');
    expect(invalid.body).not.toContain('svg');
    const empty = await app.inject({ method: 'POST', url: '/validate', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toBe('invalid_json');
    const media = await app.inject({ method: 'POST', url: '/validate', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(media.statusCode).toBe(415);
    expect(media.json().error).toBe('unsupported_media_type');
  });

  it('names the field and the rule in validation errors, never the input', async () => {
    await build();
    const bad = await app.inject({ method: 'POST', url: '/validate', payload: { email: '<script>alert(1)</script>' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'validation_failed', message: 'body/email: must be a valid email' });
    expect(bad.body).not.toContain('script');
    const missing = await app.inject({ method: 'POST', url: '/validate', payload: {} });
    expect(missing.json().message).toBe('body/email: is required');
  });

  it('logs 4xx rejections at info with the code and reference', async () => {
    await build();
    const response = await app.inject('/guard');
    const logged = lines.find((line) => line.reference === response.json().reference);
    expect(logged).toMatchObject({ level: 30, code: 'RAMPART_ERR_RATE_LIMIT_EXCEEDED', status: 429 });
  });
});

import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePolicy } from '../policy/index.js';
import { createRequestIdGenerator, createRequestIdLayer, isWellFormedRequestId } from './index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('isWellFormedRequestId', () => {
  it.each(['abc', 'a.b_c:d-e', '0f8fad5b-d9cb-469f-a165-70867728950e', 'x'.repeat(128)])('keeps %s', (id) => {
    expect(isWellFormedRequestId(id, 128)).toBe(true);
  });

  it.each([
    '',
    'x'.repeat(129),
    'a b',
    'a\r\nX-Injected: 1',
    'a, b',
    '"quoted"',
    '<script>',
    'id/../../etc',
    'é',
    '%0d%0a',
  ])('replaces %j', (id) => {
    expect(isWellFormedRequestId(id, 128)).toBe(false);
  });

  it('replaces non-strings (repeated headers)', () => {
    expect(isWellFormedRequestId(['a', 'b'], 128)).toBe(false);
    expect(isWellFormedRequestId(undefined, 128)).toBe(false);
  });
});

describe('request id with inject()', () => {
  let app: FastifyInstance;
  const logLines: string[] = [];

  beforeAll(async () => {
    const policy = resolvePolicy({ requestId: { header: 'X-Request-ID', maxLength: 64 } });
    const echo = createRequestIdLayer(policy);
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    app = Fastify({ genReqId: createRequestIdGenerator(policy), logger: { level: 'info', stream } });
    app.addHook('onRequest', async (request, reply) => {
      echo(request, reply);
    });
    app.get('/ok', async (request) => {
      request.log.info('handler ran');
      return { ok: true };
    });
    app.get('/boom', async () => {
      throw new Error('boom');
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it('keeps a well-formed caller id, echoes it and binds it to every log line', async () => {
    const response = await app.inject({ method: 'GET', url: '/ok', headers: { 'x-request-id': 'trace-42.a:b' } });
    expect(response.headers['x-request-id']).toBe('trace-42.a:b');
    const lines = logLines.filter((line) => line.includes('trace-42.a:b'));
    // incoming request, handler line, request completed
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(logLines.some((line) => line.includes('handler ran') && line.includes('"reqId":"trace-42.a:b"'))).toBe(true);
  });

  it.each(['a\tb', 'x'.repeat(65), 'a;b', '../x', 'a, b'])('replaces the malformed id %j by a fresh UUID', async (id) => {
    const response = await app.inject({ method: 'GET', url: '/ok', headers: { 'x-request-id': id } });
    expect(response.headers['x-request-id']).toMatch(UUID);
  });

  it('generates a UUID when none is sent, distinct per request', async () => {
    const first = await app.inject({ method: 'GET', url: '/ok' });
    const second = await app.inject({ method: 'GET', url: '/ok' });
    expect(first.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).toMatch(UUID);
    expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
  });

  it('echoes the id on errors and 404s too', async () => {
    const boom = await app.inject({ method: 'GET', url: '/boom', headers: { 'x-request-id': 'err-1' } });
    expect(boom.statusCode).toBe(500);
    expect(boom.headers['x-request-id']).toBe('err-1');
    const missing = await app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': 'nf-1' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['x-request-id']).toBe('nf-1');
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST, SECURITY_HEADER_NAMES, buildGuardedApp } from '../test-support/guard-core-app.js';
import { inspectJson } from './json-parser.js';
import { closeObjects } from './close-objects.js';

let app: FastifyInstance;

const ROUTE = { access: 'public', rateLimit: 'public' } as const;
const echoSchema = {
  body: {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string', maxLength: 50 },
      age: { type: 'integer', minimum: 0 },
      tags: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' } } } },
    },
  },
  response: { 200: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } } } },
};

beforeAll(async () => {
  ({ app } = await buildGuardedApp({ body: { limitBytes: 1024, maxDepth: 8 }, rateLimit: { classes: { public: { limit: 10_000 } } } }, (a) => {
    a.post('/echo', { config: ROUTE, schema: echoSchema }, async (request) => request.body);
    a.post('/logout', { config: { ...ROUTE, acceptsBody: false }, schema: { response: { 204: { type: 'null' } } } }, async (_r, reply) =>
      reply.code(204).send(),
    );
  }));
});
afterAll(async () => app.close());

const post = (payload: string, contentType?: string, url = '/echo') =>
  app.inject({ method: 'POST', url, headers: { ...HOST, ...(contentType ? { 'content-type': contentType } : {}) }, payload });

function expectError(response: Awaited<ReturnType<typeof post>>, status: number, error: string): void {
  expect(response.statusCode).toBe(status);
  expect(response.json()).toMatchObject({ error });
  expect(response.json().reference).toMatch(/^[0-9a-f-]{36}$/);
  for (const name of SECURITY_HEADER_NAMES) expect(response.headers[name], name).toBeDefined();
}

describe('body layer', () => {
  it('accepts valid JSON and serializes only declared fields', async () => {
    const response = await post('{"name":"Ada","age":36}', 'application/json; charset=utf-8');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ name: 'Ada', age: 36 });
  });

  it.each([
    ['text/plain', 'name=Ada'],
    ['application/x-www-form-urlencoded', 'name=Ada'],
    ['multipart/form-data; boundary=x', '--x\r\n\r\nAda\r\n--x--'],
    ['application/json; charset=latin1', '{"name":"Ada"}'],
    ['application/json; charset=utf-16', '{"name":"Ada"}'],
    ['application/jsonx', '{"name":"Ada"}'],
    ['application/xml', '<name>Ada</name>'],
  ])('answers 415 for %s', async (contentType, payload) => {
    expectError(await post(payload, contentType), 415, 'unsupported_media_type');
  });

  it('answers 415 for a compressed body (not decoded, so no zip bomb)', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { ...HOST, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: '{"name":"Ada"}',
    });
    expectError(response, 415, 'unsupported_media_type');
  });

  it('answers 415 for a body without a content type', async () => {
    expectError(await post('{"name":"Ada"}'), 415, 'unsupported_media_type');
  });

  it('answers 413 for a body over the limit', async () => {
    expectError(await post(JSON.stringify({ name: 'x'.repeat(2000) }), 'application/json'), 413, 'payload_too_large');
  });

  it.each(['{', '{"name": "Ada",}', "{'name': 'Ada'}", '\uFEFF{"name":"Ada"}', 'NaN'])('answers 400 for malformed JSON %j', async (payload) => {
    const response = await post(payload, 'application/json');
    expectError(response, 400, 'invalid_json');
    expect(response.body).not.toContain('Ada');
  });

  it('answers 400 for an empty JSON body', async () => {
    expectError(await post('', 'application/json'), 400, 'invalid_json');
  });

  it.each([
    ['__proto__ at the top', '{"name":"Ada","__proto__":{"isAdmin":true}}'],
    ['__proto__ nested', '{"name":"Ada","tags":[{"label":"x","__proto__":{"isAdmin":true}}]}'],
    ['__proto__ written with a unicode escape', '{"name":"Ada","\\u005f_proto__":{"isAdmin":true}}'],
    ['constructor.prototype', '{"name":"Ada","constructor":{"prototype":{"isAdmin":true}}}'],
  ])('answers 400 for %s', async (_name, payload) => {
    expectError(await post(payload, 'application/json'), 400, 'forbidden_key');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('answers 400 for nesting deeper than the limit, without crashing on very deep input', async () => {
    expectError(await post(`{"name":"Ada","tags":${'['.repeat(20)}${']'.repeat(20)}}`, 'application/json'), 400, 'body_too_deep');
    expectError(await post(`${'['.repeat(500)}${']'.repeat(500)}`, 'application/json'), 400, 'body_too_deep');
  });

  it.each([
    ['a wrong type (no coercion)', '{"name":"Ada","age":"36"}', 'body/age: must be integer'],
    ['a missing field', '{"age":36}', 'body/name: is required'],
    ['an unknown field', '{"name":"Ada","isAdmin":true}', 'body: contains a field that is not allowed'],
    ['an unknown nested field', '{"name":"Ada","tags":[{"label":"a","role":"admin"}]}', 'body/tags/0: contains a field that is not allowed'],
    ['a too long string', `{"name":"${'<b>'.repeat(30)}"}`, 'body/name: must be at most 50 characters'],
    ['an array body', '[]', 'body: must be object'],
  ])('answers 400 for %s, naming the field and rule only', async (_name, payload, message) => {
    const response = await post(payload, 'application/json');
    expectError(response, 400, 'validation_failed');
    expect(response.json().message).toBe(message);
    expect(response.body).not.toMatch(/isAdmin|admin|<b>/);
  });

  it('refuses a body on a route that declares acceptsBody: false', async () => {
    expectError(await post('{"a":1}', 'application/json', '/logout'), 400, 'unexpected_body');
    const empty = await app.inject({ method: 'POST', url: '/logout', headers: HOST });
    expect(empty.statusCode).toBe(204);
  });
});

describe('inspectJson and closeObjects', () => {
  it('counts depth from the top-level container', () => {
    expect(inspectJson({ a: { b: 1 } }, 2)).toBeUndefined();
    expect(inspectJson({ a: { b: {} } }, 2)).toBe('too_deep');
    expect(inspectJson('scalar', 0)).toBeUndefined();
  });

  it('closes object schemas but leaves combinators, $ref and explicit choices alone', () => {
    const closed = closeObjects({
      type: 'object',
      properties: { a: { type: 'object', properties: { b: { type: 'string' } } } },
      $defs: { open: { type: 'object', properties: {}, additionalProperties: true } },
    }) as Record<string, unknown>;
    expect(closed.additionalProperties).toBe(false);
    expect((closed.properties as Record<string, Record<string, unknown>>).a?.additionalProperties).toBe(false);
    expect((closed.$defs as Record<string, Record<string, unknown>>).open?.additionalProperties).toBe(true);
    const combined = closeObjects({ type: 'object', properties: {}, allOf: [{ $ref: '#/x' }] }) as Record<string, unknown>;
    expect(combined.additionalProperties).toBeUndefined();
  });
});

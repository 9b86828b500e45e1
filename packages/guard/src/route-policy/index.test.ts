import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { guard } from '../plugin.js';
import { resolvePolicy } from '../policy/index.js';
import type { GuardPolicyInput } from '../policy/types.js';
import { routeProblems } from './check-route.js';

const ok200 = { response: { 200: { type: 'object', properties: {} } } };
const verifier = { verify: async () => Promise.reject(new Error('unused')) };

async function startWith(register: (app: FastifyInstance) => void, input: GuardPolicyInput = {}): Promise<unknown> {
  const app = Fastify({ logger: false });
  try {
    await app.register(guard, input);
    register(app);
    await app.ready();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await app.close().catch(() => undefined);
  }
}

// Typed loosely on purpose: another package's augmentation of `config.rateLimit` may be loaded in
// the same TypeScript program (see docs/guard.md, known limitations).
const cfg = (config: Record<string, unknown>): RouteOptions['config'] => config as RouteOptions['config'];

const route = (overrides: Partial<RouteOptions>): RouteOptions =>
  ({ method: 'GET', url: '/x', handler: () => undefined, ...overrides }) as RouteOptions;

describe('route policy (default deny)', () => {
  it('fails start-up for a route that declares neither access nor rate limit, naming METHOD and URL', async () => {
    const error = await startWith((app) => app.get('/api/secret', { schema: ok200 }, async () => ({})));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('route GET /api/secret');
    expect((error as Error).message).toContain('config.access is missing');
    expect((error as Error).message).toContain('config.rateLimit is missing');
    expect((error as { code?: string }).code).toBe('RAMPART_ERR_ROUTE_POLICY_MISSING');
  });

  it('fails start-up when only one of the two is declared', async () => {
    const onlyAccess = await startWith((app) => app.get('/a', { config: { access: 'public' }, schema: ok200 }, async () => ({})));
    expect((onlyAccess as Error).message).toContain('config.rateLimit is missing');
    const onlyRate = await startWith((app) => app.get('/b', { config: { rateLimit: 'public' }, schema: ok200 }, async () => ({})));
    expect((onlyRate as Error).message).toContain('config.access is missing');
  });

  it('starts when every route declares its policy', async () => {
    const error = await startWith((app) =>
      app.get('/ok', { config: { access: 'public', rateLimit: 'public' }, schema: ok200 }, async () => ({})),
    );
    expect(error).toBeUndefined();
  });

  const policy = resolvePolicy({});
  const withVerifier = resolvePolicy({ authenticate: verifier });
  const publicConfig = cfg({ access: 'public', rateLimit: 'public' });

  it.each([
    ['an unknown rate-limit class', { config: { access: 'public', rateLimit: 'fast' } }, 'config.rateLimit "fast" is not a class of rateLimit.classes (known: public, authenticated)'],
    ['a misspelled rate-limit class', { config: { access: 'public', rateLimit: 'authenticatd' } }, "did you mean 'authenticated'?"],
    ['an inline limit with unknown keys', { config: { access: 'public', rateLimit: { limit: 5, windowMs: 60_000, key: 'x' } } }, 'unknown keys (key)'],
    ['an inline limit with a bad window', { config: { access: 'public', rateLimit: { limit: 5, windowMs: 10 } } }, 'config.rateLimit.windowMs must be an integer from 1000'],
    ['an inline limit without a limit', { config: { access: 'public', rateLimit: { windowMs: 60_000 } } }, 'config.rateLimit.limit must be an integer'],
    ['a hostExempt that is not a boolean', { config: { access: 'public', rateLimit: 'public', hostExempt: 'yes' } }, 'config.hostExempt must be true or false'],
    ['an access object without scopes or roles', { config: { access: {}, rateLimit: 'public' } }, 'names no scope or role'],
    ['an access object with unknown keys', { config: { access: { scope: ['a'] }, rateLimit: 'public' } }, 'unknown keys (scope)'],
    ['a misspelled access', { config: { access: 'anyone', rateLimit: 'public' } }, 'config.access is invalid'],
  ])('refuses %s', (_name, overrides, message) => {
    expect(routeProblems(route({ ...overrides, schema: ok200 } as Partial<RouteOptions>), withVerifier).join('\n')).toContain(message);
  });

  it('requires a body schema on routes that take a body', () => {
    expect(routeProblems(route({ method: 'POST', config: publicConfig, schema: ok200 }), policy).join()).toContain('declares no schema.body');
    expect(routeProblems(route({ method: 'POST', config: cfg({ access: 'public', rateLimit: 'public', acceptsBody: false }), schema: ok200 }), policy)).toEqual([]);
  });

  it('requires a 2xx response schema', () => {
    expect(routeProblems(route({ config: publicConfig }), policy).join()).toContain('declares no 2xx response schema');
    expect(routeProblems(route({ config: publicConfig, schema: { response: { 400: {} } } }), policy).join()).toContain('2xx');
    expect(routeProblems(route({ config: publicConfig, schema: { response: { '2xx': { type: 'null' } } } }), policy)).toEqual([]);
  });

  it.each([
    ['additionalProperties: true', { type: 'object', properties: { id: { type: 'string' } }, additionalProperties: true }, 'allows additionalProperties'],
    ['a nested open object', { type: 'object', properties: { user: { type: 'object', additionalProperties: true } } }, 'response[200].user allows'],
    ['declared properties plus a map', { type: 'object', properties: { id: { type: 'string' } }, additionalProperties: { type: 'string' } }, 'a map may not also declare properties'],
    ['a map of open objects', { type: 'object', additionalProperties: { type: 'object', additionalProperties: true } }, 'response[200]{} allows additionalProperties'],
    ['a map of untyped values', { type: 'object', additionalProperties: {} }, 'response[200]{} has no type'],
    ['a map of maps of untyped values', { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'array', items: {} } } }, 'response[200]{}{}[] has no type'],
    ['patternProperties', { type: 'object', patternProperties: { '.*': { type: 'string' } } }, 'uses patternProperties'],
    ['an untyped schema', {}, 'has no type'],
    ['an untyped property', { type: 'object', properties: { profile: {} } }, 'response[200].profile has no type'],
    ['an untyped array item', { type: 'array', items: {} }, 'response[200][] has no type'],
  ])('refuses a response schema with %s', (_name, schema, message) => {
    expect(routeProblems(route({ config: publicConfig, schema: { response: { 200: schema } } }), policy).join()).toContain(message);
  });

  it('accepts closed response schemas, also in the per-content-type form', () => {
    const schema = { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } } } };
    expect(routeProblems(route({ config: publicConfig, schema: { response: { 200: schema, 204: { type: 'null' } } } }), policy)).toEqual([]);
    const content = { 200: { content: { 'application/json': { schema } } } };
    expect(routeProblems(route({ config: publicConfig, schema: { response: content } }), policy)).toEqual([]);
  });

  it('requires a verifier for non-public routes', () => {
    const config = cfg({ access: 'authenticated', rateLimit: 'authenticated' });
    expect(routeProblems(route({ config, schema: ok200 }), policy).join()).toContain('policy has no authenticate verifier');
    expect(routeProblems(route({ config, schema: ok200 }), withVerifier)).toEqual([]);
  });

  it('refuses docs routes in production only', () => {
    const production = resolvePolicy({ mode: 'production', allowedHosts: ['api.example.com'] });
    for (const url of ['/docs', '/docs/', '/openapi.json', '/documentation/static/index.html', '/swagger-ui']) {
      expect(routeProblems(route({ url, config: publicConfig, schema: ok200 }), production).join(), url).toContain('refused in production');
      expect(routeProblems(route({ url, config: publicConfig, schema: ok200 }), policy), url).toEqual([]);
    }
    expect(routeProblems(route({ url: '/api/documents', config: publicConfig, schema: ok200 }), production)).toEqual([]);
  });
});

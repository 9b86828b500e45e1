// policy.routeDefaults with a real plugin that registers its own routes: @fastify/static serving
// files under a prefix, spoken to over HTTP. Without a matching default guard refuses to start,
// naming the route and the option.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guard } from '../plugin.js';
import { PolicyError, resolvePolicy } from '../policy/index.js';
import type { GuardPolicyInput } from '../policy/types.js';
import { API_CONTENT_SECURITY_POLICY } from '../headers/index.js';
import { listenGuardedApp } from '../test-support/guard-core-app.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'guard-static-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>static</title>');
  writeFileSync(join(root, 'app.css'), 'b{}');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ok = { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } };
const limits: GuardPolicyInput['rateLimit'] = { classes: { public: { limit: 1000 }, health: { limit: 1000, windowMs: 60_000 } } };

async function serveStatic(input: GuardPolicyInput): Promise<{ app: FastifyInstance; base: string }> {
  return listenGuardedApp({ rateLimit: limits, ...input }, async (a) => {
    await a.register(fastifyStatic, { root, prefix: '/assets/' });
    await a.register(fastifyStatic, { root, prefix: '/other/', decorateReply: false });
    a.get('/api/ping', { config: { access: 'public', rateLimit: 'public' }, schema: ok }, async () => ({ ok: true }));
  });
}

async function startupError(input: GuardPolicyInput): Promise<unknown> {
  const app = Fastify({ logger: false });
  try {
    await app.register(guard, { rateLimit: limits, ...input });
    await app.register(fastifyStatic, { root, prefix: '/assets/' });
    await app.ready();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await app.close();
  }
}

async function get(base: string, path: string) {
  const response = await request(`${base}${path}`);
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

describe('routeDefaults with @fastify/static', () => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    ({ app, base } = await serveStatic({
      routeDefaults: [
        { prefix: '/', config: { access: 'public', rateLimit: 'health' } },
        { prefix: '/assets', config: { access: 'public', rateLimit: 'public', headers: 'page' } },
      ],
    }));
  });
  afterAll(() => app.close());

  it('serves the file with the config of the longest matching prefix (page headers, public class)', async () => {
    const response = await get(base, '/assets/index.html');
    expect(response.status).toBe(200);
    expect(response.text).toBe('<!doctype html><title>static</title>');
    expect(response.headers['content-security-policy']).toMatch(/(?:^|; )script-src 'self'(?:;|$)/);
    expect(response.headers['ratelimit-policy']).toBe('"public";q=1000;w=60');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('a shorter prefix covers the other plugin routes', async () => {
    const response = await get(base, '/other/app.css');
    expect(response.status).toBe(200);
    expect(response.headers['ratelimit-policy']).toBe('"health";q=1000;w=60');
    expect(response.headers['content-security-policy']).toBe(API_CONTENT_SECURITY_POLICY);
  });

  it("the application's own routes keep their config; missing files answer guard's 404", async () => {
    expect((await get(base, '/api/ping')).headers['ratelimit-policy']).toBe('"public";q=1000;w=60');
    const missing = await get(base, '/assets/nope.html');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toMatchObject({ error: 'not_found' });
  });
});

describe('routes without config and without a matching default', () => {
  it.each([
    ['no routeDefaults', {}],
    ['a default for another prefix', { routeDefaults: [{ prefix: '/docs', config: { access: 'public', rateLimit: 'public' } }] }],
    ['a prefix that is not a whole segment', { routeDefaults: [{ prefix: '/asset', config: { access: 'public', rateLimit: 'public' } }] }],
  ] as const)('refuses to start (%s), naming the route and the option', async (_name, input) => {
    const error = await startupError(input as GuardPolicyInput);
    expect(error).toMatchObject({ code: 'RAMPART_ERR_ROUTE_POLICY_MISSING' });
    expect(String(error)).toContain('route HEAD,GET /assets/*:');
    expect(String(error)).toContain('no policy.routeDefaults entry matches /assets/*');
  });

  it('checks the config a default supplies like a declared one', async () => {
    const error = await startupError({ routeDefaults: [{ prefix: '/assets', config: { access: 'public', rateLimit: 'fast' as 'public' } }] });
    expect(String(error)).toContain('(config from policy.routeDefaults)');
    expect(String(error)).toContain('config.rateLimit "fast" is not a class of rateLimit.classes');
  });
});

describe('routeDefaults validation', () => {
  it.each([
    [{ prefix: 'docs', config: { access: 'public', rateLimit: 'public' } }, 'prefix must be a URL path'],
    [{ prefix: '/docs', config: { access: 'public' } }, 'must set access and rateLimit'],
    [{ prefix: '/docs', config: { access: 'public', rateLimit: 'public', rawBody: true } }, 'unknown keys (rawBody)'],
    [{ prefix: '/docs', config: { access: 'public', rateLimit: 'public' }, extra: 1 }, 'must be { prefix, config }'],
    [{ prefix: '/docs/', config: { access: 'public', rateLimit: 'public' } }, undefined],
  ])('refuses %j', (entry, message) => {
    const error = (() => {
      try {
        resolvePolicy({ routeDefaults: (message ? [entry] : [entry, { ...entry, prefix: '/DOCS' }]) as never });
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).problems[0]).toMatchObject({ path: 'routeDefaults', message: expect.stringContaining(message ?? 'listed twice') });
  });
});

// The page headers profile and per-response CSP nonces, through the guard plugin on a listening
// server: `config.headers: 'page'` gets `policy.headers.pageCsp`, every other response the API
// CSP; a nonce is fresh for every response and is the one the handler wrote into the page.
import Fastify, { type FastifyInstance, type FastifyReply, type RouteOptions } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guard } from '../plugin.js';
import { resolvePolicy } from '../policy/index.js';
import { routeProblems } from '../route-policy/index.js';
import { listenGuardedApp } from '../test-support/guard-core-app.js';
import { API_CONTENT_SECURITY_POLICY } from './index.js';

const html = { response: { 200: { type: 'string' } } } as const;
const page = (reply: FastifyReply) =>
  reply
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><style nonce="${reply.cspNonce ?? ''}">b{}</style><script nonce="${reply.cspNonce ?? ''}">1</script>`);

async function get(base: string, path: string) {
  const response = await request(`${base}${path}`);
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

const nonceOf = (csp: unknown, directive: string): string | undefined =>
  new RegExp(`(?:^|; )${directive} [^;]*'nonce-([A-Za-z0-9+/=]+)'`).exec(String(csp))?.[1];

describe('page profile over HTTP', () => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    ({ app, base } = await listenGuardedApp(
      { headers: { pageCspNonce: true, pageCsp: { 'img-src': ["'self'", 'data:'] } }, rateLimit: { classes: { public: { limit: 10_000 } } } },
      (a) => {
        const publicPage = { access: 'public', rateLimit: 'public', headers: 'page' } as const;
        a.get('/page', { config: publicPage, schema: html }, async (_request, reply) => page(reply));
        a.get('/page-without-nonce', { config: { ...publicPage, cspNonce: false }, schema: html }, async (_request, reply) => page(reply));
        a.get('/api', { config: { access: 'public', rateLimit: 'public' }, schema: html }, async (_request, reply) =>
          reply.send(String(reply.cspNonce)),
        );
      },
    ));
  });
  afterAll(() => app.close());

  it("page route: the policy's page CSP with the nonce the handler wrote, in script-src and style-src", async () => {
    const response = await get(base, '/page');
    expect(response.status).toBe(200);
    const csp = String(response.headers['content-security-policy']);
    const nonce = nonceOf(csp, 'script-src');
    expect(nonce).toBeDefined();
    expect(Buffer.from(nonce ?? '', 'base64')).toHaveLength(16);
    expect(nonceOf(csp, 'style-src')).toBe(nonce);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe/);
    expect(response.text).toContain(`<script nonce="${nonce}">`);
    expect(response.text).toContain(`<style nonce="${nonce}">`);
    expect(response.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'cache-control': 'no-store' });
    expect(response.headers['strict-transport-security']).toMatch(/^max-age=/);
  });

  it('never reuses a nonce', async () => {
    const nonces = new Set<string | undefined>();
    for (let i = 0; i < 100; i++) nonces.add(nonceOf((await get(base, '/page')).headers['content-security-policy'], 'script-src'));
    expect(nonces.size).toBe(100);
    expect(nonces.has(undefined)).toBe(false);
  });

  it('a route may turn the nonce off: the page CSP as configured, reply.cspNonce null', async () => {
    const response = await get(base, '/page-without-nonce');
    expect(response.headers['content-security-policy']).toMatch(/(?:^|; )script-src 'self'(?:;|$)/);
    expect(response.headers['content-security-policy']).toMatch(/(?:^|; )style-src 'self'(?:;|$)/);
    expect(response.headers['content-security-policy']).not.toContain('nonce-');
    expect(response.text).toContain('<script nonce="">');
  });

  it('the API profile stays fixed on API routes and on 404s', async () => {
    const api = await get(base, '/api');
    expect(api.headers['content-security-policy']).toBe(API_CONTENT_SECURITY_POLICY);
    expect(api.text).toBe('null');
    expect((await get(base, '/missing')).headers['content-security-policy']).toBe(API_CONTENT_SECURITY_POLICY);
  });
});

describe('page profile: X-Frame-Options follows frame-ancestors', () => {
  it.each([
    [["'self'"], 'SAMEORIGIN'],
    [["'none'"], 'DENY'],
    [["'self'", 'https://partner.example.test'], 'DENY'],
  ])('frame-ancestors %j -> %s', async (frameAncestors, expected) => {
    const { app, base } = await listenGuardedApp({ headers: { pageCsp: { 'frame-ancestors': frameAncestors } } }, (a) => {
      a.get('/page', { config: { access: 'public', rateLimit: 'public', headers: 'page' }, schema: html }, async (_request, reply) => page(reply));
      a.get('/api', { config: { access: 'public', rateLimit: 'public' }, schema: html }, async () => 'api');
    });
    try {
      const response = await get(base, '/page');
      expect(response.headers['x-frame-options']).toBe(expected);
      expect(response.headers['content-security-policy']).toContain(`frame-ancestors ${frameAncestors.join(' ')}`);
      expect((await get(base, '/api')).headers['x-frame-options']).toBe('DENY');
    } finally {
      await app.close();
    }
  });
});

describe('headers config at start-up', () => {
  const policy = resolvePolicy({});
  const problemsOf = (config: Record<string, unknown>) =>
    routeProblems({ method: 'GET', url: '/x', handler: () => undefined, config: { access: 'public', rateLimit: 'public', ...config }, schema: html } as RouteOptions, policy).join('\n');

  it.each([
    [{ headers: 'html' }, `config.headers must be 'api' or 'page' (got "html")`],
    [{ headers: 'page', cspNonce: 'yes' }, 'config.cspNonce must be true or false'],
    [{ cspNonce: true }, 'applies to the page profile only'],
  ])('refuses %j', (config, message) => {
    expect(problemsOf(config)).toContain(message);
  });

  it('accepts both profiles', () => {
    expect(problemsOf({ headers: 'page', cspNonce: true })).toBe('');
    expect(problemsOf({ headers: 'api' })).toBe('');
  });
});

describe('page CSP refusals', () => {
  async function register(input: Parameters<typeof guard>[1]): Promise<unknown> {
    const app = Fastify({ logger: false });
    try {
      await app.register(guard, input);
      await app.ready();
      return undefined;
    } catch (error) {
      return error;
    } finally {
      await app.close();
    }
  }
  const production = { mode: 'production', allowedHosts: ['api.example.test'] } as const;

  it.each(['style-src', 'style-src-elem', 'style-src-attr'])("refuses 'unsafe-inline' in %s in production, naming the key", async (directive) => {
    const error = await register({ ...production, headers: { pageCsp: { [directive]: ["'self'", "'unsafe-inline'"] } } });
    expect(error).toMatchObject({ code: 'RAMPART_ERR_POLICY_INSECURE', problems: [{ path: `headers.pageCsp.${directive}` }] });
  });

  it("accepts 'unsafe-inline' styles in development and a clean page CSP in production", async () => {
    expect(await register({ headers: { pageCsp: { 'style-src': ["'self'", "'unsafe-inline'"] } } })).toBeUndefined();
    expect(await register({ ...production, headers: { pageCspNonce: true } })).toBeUndefined();
  });

  it("refuses an inline script source in every mode (the layer's own check)", async () => {
    expect(String(await register({ headers: { pageCsp: { 'script-src': ["'unsafe-inline'"] } } }))).toContain('script-src must not contain');
  });
});

// guardScope over HTTP: CORS open to '*' (no credentials) for /public/* only, while the rest of
// the server keeps its allow list with credentials; every layer once, one error handler.
import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { guard } from '../plugin.js';
import { PolicyError, resolvePolicy } from '../policy/index.js';
import type { GuardPolicyInput } from '../policy/types.js';
import { guardServerOptions } from '../server-options.js';
import { listenLocal } from '../test-support/listen.js';
import { guardScope, type GuardScopePolicy } from './index.js';

const APP_ORIGIN = 'https://app.example.com';
const OTHER_ORIGIN = 'https://anyone.example.org';
const PUBLIC = { access: 'public', rateLimit: 'public' } as const;
const OK = { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } };
const ROOT: GuardPolicyInput = { cors: { origins: [APP_ORIGIN], credentials: true }, rateLimit: { classes: { public: { limit: 6 } } } };

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(scopePolicy: GuardScopePolicy, prefix = '/public', root: GuardPolicyInput = ROOT): Promise<FastifyInstance> {
  const policy = resolvePolicy(root);
  app = Fastify(guardServerOptions(policy, { logger: false }));
  await app.register(guard, policy);
  app.get('/api/items', { config: PUBLIC, schema: { response: OK } }, async () => ({ ok: true }));
  await app.register(
    async (scope) => {
      await scope.register(guardScope(scopePolicy));
      scope.get('/items', { config: PUBLIC, schema: { response: OK } }, async () => ({ ok: true }));
    },
    { prefix },
  );
  return app;
}

async function start(): Promise<string> {
  return listenLocal(await build({ cors: { origins: '*', credentials: false } }));
}

const preflight = (base: string, path: string, origin: string) =>
  request(`${base}${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });

describe('guardScope: CORS open for /public/* only', () => {
  it("answers preflights on /public/* with '*' from any origin, and others from the allow list only", async () => {
    const base = await start();
    const open = await preflight(base, '/public/items', OTHER_ORIGIN);
    expect(open.statusCode).toBe(204);
    expect(open.headers['access-control-allow-origin']).toBe('*');
    expect(open.headers['access-control-allow-credentials']).toBeUndefined();
    // A path under the prefix with no route at all is attributed by prefix.
    const unknown = await preflight(base, '/PUBLIC//nothing-here', OTHER_ORIGIN);
    expect(unknown.statusCode).toBe(204);
    expect(unknown.headers['access-control-allow-origin']).toBe('*');

    const refused = await preflight(base, '/api/items', OTHER_ORIGIN);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    const allowed = await preflight(base, '/api/items', APP_ORIGIN);
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    // A prefix look-alike is not the scope.
    const lookAlike = await preflight(base, '/publicity', OTHER_ORIGIN);
    expect(lookAlike.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("gives simple requests on /public/* '*', others the allow list; one rate-limit budget and guard's headers everywhere", async () => {
    const base = await start();
    const open = await request(`${base}/public/items`, { headers: { origin: OTHER_ORIGIN } });
    expect(open.statusCode).toBe(200);
    expect(open.headers['access-control-allow-origin']).toBe('*');
    expect(open.headers['x-content-type-options']).toBe('nosniff');
    await open.body.dump();
    const other = await request(`${base}/api/items`, { headers: { origin: OTHER_ORIGIN } });
    expect(other.statusCode).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    await other.body.dump();
    const app = await request(`${base}/api/items`, { headers: { origin: APP_ORIGIN } });
    expect(app.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
    expect(app.headers['access-control-allow-credentials']).toBe('true');
    await app.body.dump();
    // Counted once per request, in one set of counters (limit 6: 3 so far, +3 more, then 429).
    const statuses: number[] = [];
    for (const path of ['/public/items', '/api/items', '/public/items', '/api/items']) {
      const response = await request(`${base}${path}`);
      statuses.push(response.statusCode);
      await response.body.dump();
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Errors in the scope: guard's one error handler, the scope's CORS.
    const missing = await request(`${base}/public/missing`, { headers: { origin: OTHER_ORIGIN } });
    expect(missing.statusCode).toBe(429);
    expect(missing.headers['access-control-allow-origin']).toBe('*');
    expect(await missing.body.json()).toMatchObject({ error: 'rate_limited' });
  });
});

describe('guardScope: errors.render and headers per scope', () => {
  it("renders the scope's errors with its renderer and headers; the rest keeps guard's shape", async () => {
    const base = await listenLocal(
      await build({
        headers: { referrerPolicy: 'same-origin' },
        errors: { render: ({ status, reference }) => ({ contentType: 'application/problem+json', body: { status, reference } }) },
      }),
    );
    const scoped = await request(`${base}/public/missing`);
    expect(scoped.statusCode).toBe(404);
    expect(scoped.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(scoped.headers['referrer-policy']).toBe('same-origin');
    expect(await scoped.body.json()).toEqual({ status: 404, reference: expect.any(String) });
    const root = await request(`${base}/api/missing`);
    expect(root.headers['referrer-policy']).toBe('no-referrer');
    expect(await root.body.json()).toMatchObject({ error: 'not_found', message: 'not found' });
  });
});

describe('guardScope refusals', () => {
  const startupError = async (register: () => Promise<unknown>): Promise<PolicyError> => {
    const error = await register().then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(PolicyError);
    return error as PolicyError;
  };

  it('refuses sections that apply to the whole server, naming them', () => {
    expect(() => guardScope({ rateLimit: { store: 'memory' }, allowedHosts: ['x.example.com'], errors: { codes: {} } } as never)).toThrow(
      /guardScope rateLimit: cannot be set per scope[\s\S]*guardScope allowedHosts[\s\S]*guardScope errors\.codes/,
    );
  });

  it("refuses '*' with credentials inherited from the root", async () => {
    const error = await startupError(async () => (await build({ cors: { origins: '*' } })).ready());
    expect(error.message).toContain("guardScope cors.credentials: is true (perhaps inherited from the root guard) together with origins '*'");
  });

  it('refuses a CORS scope without a prefix, at the root, or before guard', async () => {
    expect((await startupError(async () => (await build({ cors: { origins: '*', credentials: false } }, '')).ready())).message).toContain('needs a prefix');
    const bare = Fastify({ logger: false });
    await bare.register(guard, {});
    await expect(bare.register(guardScope({ headers: { referrerPolicy: 'same-origin' } }))).rejects.toThrow(/inside an encapsulated scope/);
    await bare.close();
    const noGuard = Fastify({ logger: false });
    await expect(noGuard.register(async (scope) => scope.register(guardScope({ headers: {} })))).rejects.toThrow(/guard is not registered/);
    await noGuard.close();
  });

  it('refuses a second guard in a scope, naming guardScope', async () => {
    const root = await build({ headers: { referrerPolicy: 'same-origin' } });
    await expect(root.register(async (scope) => scope.register(guard, {}), { prefix: '/again' })).rejects.toThrow(
      /guard is already registered on this server.*guardScope\(partialPolicy\)/,
    );
  });

  it('applies the production refusals to the merged scope policy', async () => {
    const production: GuardPolicyInput = { mode: 'production', allowedHosts: ['localhost'], cors: { origins: [APP_ORIGIN], credentials: true } };
    const error = await build({ cors: { origins: ['null'], credentials: false } }, '/public', production).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).code).toBe('RAMPART_ERR_POLICY_INSECURE');
    expect((error as PolicyError).problems.map((p) => p.path)).toEqual(['guardScope cors.origins']);
  });
});

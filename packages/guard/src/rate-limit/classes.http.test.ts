// User-defined rate limits through the whole plugin on a real listening server (undici): classes
// the policy defines, inline route limits, per-class allow lists, key functions and the alsoKey
// counted once the body is parsed. Client addresses come from X-Forwarded-For, believed from
// the trusted proxy 127.0.0.1 only.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuardPolicyInput } from '../policy/types.js';
import { buildGuardedApp, principal, tableVerifier } from '../test-support/guard-core-app.js';

const ok = { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } };
const MINUTE = 60_000;

function emailOf(request: FastifyRequest): string | undefined {
  // The body is parsed but not validated yet (preValidation): read it defensively.
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : undefined;
}

const alsoKeyCalls: string[] = [];

async function start(input: GuardPolicyInput): Promise<{ app: FastifyInstance; base: string; lines: Record<string, unknown>[] }> {
  const verifier = tableVerifier({ 'alice.token': principal('alice'), 'bob.token': principal('bob') });
  const { app, lines } = await buildGuardedApp({ authenticate: verifier, ...input }, (a) => {
    const get = (url: string, rateLimit: NonNullable<FastifyRequest['routeOptions']['config']['rateLimit']>, access: 'public' | 'authenticated' = 'public') =>
      a.get(url, { config: { access, rateLimit }, schema: ok }, async () => ({ ok: true }));
    get('/hook', 'webhook');
    get('/other', 'other');
    get('/partner', 'partner');
    get('/tenant', 'tenant');
    get('/broken', 'broken');
    get('/inline', { limit: 2, windowMs: MINUTE });
    get('/inline-two', { limit: 2, windowMs: MINUTE });
    get('/inline-me', { limit: 2, windowMs: MINUTE }, 'authenticated');
    const body = { type: 'object', required: ['email'], properties: { email: { type: 'string' } } };
    a.post('/login', { config: { access: 'public', rateLimit: 'login' }, schema: { body, ...ok } }, async () => ({ ok: true }));
    a.post('/broken-login', { config: { access: 'public', rateLimit: 'brokenLogin' }, schema: { body, ...ok } }, async () => ({ ok: true }));
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { app, base: `http://127.0.0.1:${address.port}`, lines };
}

const CLASSES: NonNullable<GuardPolicyInput['rateLimit']>['classes'] = {
  webhook: { limit: 2, windowMs: MINUTE },
  other: { limit: 2, windowMs: MINUTE },
  partner: { limit: 1, windowMs: MINUTE, allowList: ['203.0.113.0/24', '2001:db8:aa::/48'] },
  tenant: {
    limit: 2,
    windowMs: MINUTE,
    key: (r) => {
      const tenant = r.headers['x-tenant'];
      return typeof tenant === 'string' ? tenant : 'none';
    },
  },
  broken: {
    limit: 5,
    windowMs: MINUTE,
    key: () => {
      throw new Error('tenant lookup failed');
    },
  },
  login: {
    limit: 4,
    windowMs: MINUTE,
    onStoreFailure: 'closed',
    alsoKeyLimit: 2,
    alsoKey: (r) => {
      const email = emailOf(r);
      alsoKeyCalls.push(email ?? '(none)');
      return email;
    },
  },
  brokenLogin: {
    limit: 4,
    windowMs: MINUTE,
    alsoKey: () => {
      throw new Error('body reader failed');
    },
  },
};

let app: FastifyInstance;
let base: string;
let lines: Record<string, unknown>[];
beforeAll(async () => {
  ({ app, base, lines } = await start({ trustProxy: ['127.0.0.1'], rateLimit: { classes: CLASSES } }));
});
afterAll(async () => {
  await app.close();
});

const get = (path: string, from: string, headers: Record<string, string> = {}) =>
  request(`${base}${path}`, { headers: { 'x-forwarded-for': from, ...headers } });
const post = (path: string, from: string, body: unknown) =>
  request(`${base}${path}`, { method: 'POST', headers: { 'x-forwarded-for': from, 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function statuses(count: number, send: () => ReturnType<typeof request>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await send();
    await response.body.dump();
    out.push(response.statusCode);
  }
  return out;
}

describe('classes the policy defines', () => {
  it('limits a custom class with its own RateLimit headers, 429 with Retry-After once over', async () => {
    const first = await get('/hook', '198.51.100.1');
    await first.body.dump();
    expect(first.headers['ratelimit-policy']).toBe('"webhook";q=2;w=60');
    expect(first.headers.ratelimit).toMatch(/^"webhook";r=1;t=\d+$/);
    await (await get('/hook', '198.51.100.1')).body.dump();
    const over = await get('/hook', '198.51.100.1');
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(await over.body.json()).toMatchObject({ error: 'rate_limited' });
  });

  it('keeps the counters of two classes apart (same address, same limits)', async () => {
    expect(await statuses(3, () => get('/other', '198.51.100.2'))).toEqual([200, 200, 429]);
    // webhook has never seen this address, other has: keys are namespaced per class.
    expect(await statuses(2, () => get('/hook', '198.51.100.2'))).toEqual([200, 200]);
  });
});

describe('inline route limits', () => {
  it('limit one route by address, with counters of its own', async () => {
    const first = await get('/inline', '198.51.100.3');
    await first.body.dump();
    expect(first.headers['ratelimit-policy']).toBe('"route";q=2;w=60');
    expect(await statuses(2, () => get('/inline', '198.51.100.3'))).toEqual([200, 429]);
    // Another route with the same inline limit, another address: untouched.
    expect(await statuses(2, () => get('/inline-two', '198.51.100.3'))).toEqual([200, 200]);
    expect(await statuses(1, () => get('/inline', '198.51.100.4'))).toEqual([200]);
  });

  it('limit by subject when the request is authenticated', async () => {
    const as = (token: string) => () => get('/inline-me', '198.51.100.5', { authorization: `Bearer ${token}` });
    expect(await statuses(3, as('alice.token'))).toEqual([200, 200, 429]);
    // Same address, another subject: its own budget.
    expect(await statuses(2, as('bob.token'))).toEqual([200, 200]);
  });
});

describe('per-class allow list', () => {
  it('never limits a listed address or range, and limits the rest', async () => {
    const listed = await get('/partner', '203.0.113.7');
    await listed.body.dump();
    expect(listed.headers.ratelimit).toBeUndefined(); // not counted at all
    expect(await statuses(5, () => get('/partner', '203.0.113.7'))).toEqual([200, 200, 200, 200, 200]);
    expect(await statuses(5, () => get('/partner', '2001:db8:aa:1::9'))).toEqual([200, 200, 200, 200, 200]);
    expect(await statuses(2, () => get('/partner', '198.51.100.6'))).toEqual([200, 429]);
  });

  it('is matched against the address guard computes: X-Forwarded-For from an untrusted peer is ignored', async () => {
    const untrusted = await start({ rateLimit: { classes: CLASSES } }); // no trusted proxy
    try {
      const send = () => request(`${untrusted.base}/partner`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
      expect(await statuses(2, send)).toEqual([200, 429]);
    } finally {
      await untrusted.app.close();
    }
  });
});

describe('key functions', () => {
  it('key: counts by what the function returns, whatever the address', async () => {
    const tenant = (name: string, from: string) => () => get('/tenant', from, { 'x-tenant': name });
    expect(await statuses(1, tenant('acme', '198.51.100.7'))).toEqual([200]);
    expect(await statuses(2, tenant('acme', '198.51.100.8'))).toEqual([200, 429]);
    expect(await statuses(1, tenant('globex', '198.51.100.8'))).toEqual([200]);
  });

  it('bounds what the function returns: a 10 kB key is hashed, not stored', async () => {
    const long = 'x'.repeat(10_000);
    expect(await statuses(3, () => get('/tenant', '198.51.100.9', { 'x-tenant': long }))).toEqual([200, 200, 429]);
  });

  it('a throwing key function is a 500 with a reference id, logged; the server keeps serving', async () => {
    const response = await get('/broken', '198.51.100.10');
    expect(response.statusCode).toBe(500);
    const body = (await response.body.json()) as Record<string, string>;
    expect(body.error).toBe('internal_error');
    expect(body.reference).toMatch(/\S/);
    expect(JSON.stringify(body)).not.toContain('tenant lookup failed');
    expect(JSON.stringify(lines.find((line) => line.reference === body.reference))).toContain('tenant lookup failed');
    expect(await statuses(1, () => get('/hook', '198.51.100.10'))).toEqual([200]);
  });

  it('alsoKey: counts the account a login names from every address, in addition to the address', async () => {
    const login = (email: string, from: string) => () => post('/login', from, { email });
    // Two attempts on one account from two addresses, the third (a third address) is refused.
    expect(await statuses(1, login('Victim@example.com', '192.0.2.1'))).toEqual([200]);
    const second = await post('/login', '192.0.2.2', { email: 'victim@example.com' });
    await second.body.dump();
    // The tighter budget is reported: 0 left for the account, 3 for the address.
    expect(second.headers.ratelimit).toMatch(/^"login";r=0;t=\d+$/);
    const third = await post('/login', '192.0.2.3', { email: 'victim@example.com ' });
    expect(third.statusCode).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    await third.body.dump();
    // Another account from the same address: its own budget.
    expect(await statuses(1, login('other@example.com', '192.0.2.3'))).toEqual([200]);
  });

  it('alsoKey: its preValidation stage exists only on the routes of a class that has one', () => {
    // A hook stage costs every request it runs for: /hook, /inline... (no alsoKey) have none.
    const posts = app.printRoutes({ includeHooks: true, commonPrefix: false, method: 'POST' });
    expect(posts).toMatch(/\/login \(POST\)\n.*\(onRequest\).*\n.*\(preValidation\) \["guardOnRequest\(\)"\]/);
    const gets = app.printRoutes({ includeHooks: true, commonPrefix: false, method: 'GET' });
    expect(gets).toContain('/hook (GET)');
    expect(gets).not.toContain('preValidation');
  });

  it('alsoKey: a GET route of such a class counts once per request, its HEAD too; a public alsoKey counts unmatched requests', async () => {
    const byAccount = (r: FastifyRequest) => {
      const account = r.headers['x-account'];
      return typeof account === 'string' ? account : undefined;
    };
    const built = await buildGuardedApp(
      { trustProxy: ['127.0.0.1'], rateLimit: { classes: { lookup: { limit: 100, windowMs: MINUTE, alsoKeyLimit: 3, alsoKey: byAccount } } } },
      (a) => {
        a.get('/lookup', { config: { access: 'public', rateLimit: 'lookup' }, schema: ok }, async () => ({ ok: true }));
      },
    );
    try {
      const send = async (method: 'GET' | 'HEAD') => (await built.app.inject({ method, url: '/lookup', headers: { host: '127.0.0.1', 'x-account': 'acct-1' } })).statusCode;
      expect([await send('GET'), await send('HEAD'), await send('GET'), await send('HEAD')]).toEqual([200, 200, 200, 429]);
    } finally {
      await built.app.close();
    }
    const open = await buildGuardedApp(
      { rateLimit: { classes: { public: { limit: 100, windowMs: MINUTE, alsoKeyLimit: 2, alsoKey: byAccount } } } },
      (a) => {
        a.get('/page', { config: { access: 'public', rateLimit: 'public' }, schema: ok }, async () => ({ ok: true }));
      },
    );
    try {
      const missing = async () => (await open.app.inject({ method: 'GET', url: '/nowhere', headers: { host: '127.0.0.1', 'x-account': 'acct-2' } })).statusCode;
      expect([await missing(), await missing(), await missing()]).toEqual([404, 404, 429]);
    } finally {
      await open.app.close();
    }
  });

  it('alsoKey: runs only for requests the address admitted (an over-limit address costs no body read)', async () => {
    alsoKeyCalls.length = 0;
    const from = '192.0.2.50';
    const sent = await statuses(6, () => post('/login', from, { email: `user${Math.random()}@example.com` }));
    expect(sent).toEqual([200, 200, 200, 200, 429, 429]);
    expect(alsoKeyCalls).toHaveLength(4);
  });

  it('alsoKey: sees the unvalidated body; an unusable one is not counted and fails validation', async () => {
    const response = await post('/login', '192.0.2.60', { email: 5 });
    expect(response.statusCode).toBe(400);
    await response.body.dump();
  });

  it('a throwing alsoKey is a 500 with a reference id', async () => {
    const response = await post('/broken-login', '192.0.2.70', { email: 'a@example.com' });
    expect(response.statusCode).toBe(500);
    expect(((await response.body.json()) as Record<string, string>).reference).toMatch(/\S/);
  });
});

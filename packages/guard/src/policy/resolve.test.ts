import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT_CLASSES, ONE_YEAR_SECONDS } from './defaults.js';
import { PolicyError, resolvePolicy } from './index.js';
import type { GuardPolicyInput, RateLimitStore } from './types.js';

/** A production policy that passes every refusal rule; tests break one setting at a time. */
const secureProduction: GuardPolicyInput = { mode: 'production', allowedHosts: ['api.example.com'] };

function problemsOf(input: unknown): { code: string; problems: { path: string; message: string }[] } {
  try {
    resolvePolicy(input as GuardPolicyInput);
  } catch (error) {
    if (error instanceof PolicyError) return { code: error.code, problems: [...error.problems] };
    throw error;
  }
  throw new Error('expected a PolicyError');
}

const fakeStore = (kind: 'memory' | 'shared'): RateLimitStore => ({
  kind,
  hit: () => ({ count: 1, resetAt: 0 }),
  close: async () => undefined,
});

describe('resolvePolicy defaults', () => {
  it('fills the documented defaults in development', () => {
    const policy = resolvePolicy({});
    expect(policy.mode).toBe('development');
    expect(policy.allowedHosts).toEqual(['localhost', '127.0.0.1']);
    expect(policy.trustProxy).toEqual([]);
    expect(policy.rateLimit.classes).toEqual(DEFAULT_RATE_LIMIT_CLASSES);
    // guard's own classes only: login, passwordReset... are the application's.
    expect(Object.keys(policy.rateLimit.classes)).toEqual(['public', 'authenticated']);
    expect(policy.rateLimit.classes.public).toEqual({ limit: 100, windowMs: 60_000, onStoreFailure: 'fallback', key: 'address' });
    expect(policy.rateLimit.classes.authenticated).toEqual({ limit: 300, windowMs: 60_000, onStoreFailure: 'fallback', key: 'subject' });
    expect(policy.rateLimit.classes.public.ipv6Prefix48Factor).toBeUndefined();
    expect(policy.rateLimit.classes.public.onStoreFailure).toBe('fallback');
    expect(policy.headers.hsts).toEqual({ maxAge: ONE_YEAR_SECONDS, includeSubDomains: true, preload: false });
    expect(policy.body).toEqual({ limitBytes: 1_048_576, maxDepth: 32 });
    expect(policy.docs.enabled).toBe(true);
    expect(policy.securityTxt).toBe(false);
  });

  it('has no default hosts and no docs in production', () => {
    const policy = resolvePolicy(secureProduction);
    expect(policy.allowedHosts).toEqual(['api.example.com']);
    expect(policy.docs.enabled).toBe(false);
  });

  it('merges partial input key by key and lower-cases host names', () => {
    const policy = resolvePolicy({ rateLimit: { classes: { public: { limit: 10 } } }, allowedHosts: ['API.Example.com'] });
    expect(policy.rateLimit.classes.public).toEqual({ limit: 10, windowMs: 60_000, onStoreFailure: 'fallback', key: 'address' });
    expect(policy.rateLimit.classes.authenticated.limit).toBe(300);
    expect(policy.allowedHosts).toEqual(['api.example.com']);
  });

  it('takes any class the application defines; limit and windowMs are required for it', () => {
    const key = (request: { headers: Record<string, unknown> }) => String(request.headers['x-tenant']);
    const policy = resolvePolicy({ rateLimit: { classes: { webhook: { limit: 20, windowMs: 60_000, key, allowList: ['10.0.0.0/8'] } } } });
    expect(policy.rateLimit.classes.webhook).toEqual({ limit: 20, windowMs: 60_000, onStoreFailure: 'fallback', key, allowList: ['10.0.0.0/8'] });
    expect(Object.isFrozen(policy.rateLimit.classes.webhook)).toBe(true);
    expect(Object.isFrozen(policy.rateLimit.classes.webhook?.allowList)).toBe(true);
    expect(() => resolvePolicy({ rateLimit: { classes: { webhook: { limit: 20 } } } })).toThrow(/rateLimit\.classes\.webhook\.windowMs: is required/);
  });

  it('lays a class written with a function over guard default of the same name', () => {
    const alsoKey = () => 'x';
    const policy = resolvePolicy({ rateLimit: { classes: { authenticated: { alsoKey } } } });
    expect(policy.rateLimit.classes.authenticated).toEqual({ limit: 300, windowMs: 60_000, onStoreFailure: 'fallback', key: 'subject', alsoKey });
  });

  it('rejects bad class names, keys and allow-list entries', () => {
    const problems = (input: GuardPolicyInput) => problemsOf(input).problems.map((p) => p.path);
    expect(problems({ rateLimit: { classes: { 'bad name': { limit: 1, windowMs: 1000 } } } })).toEqual(['rateLimit.classes.bad name']);
    expect(problems({ rateLimit: { classes: { public: { key: 'ip' as 'address' } } } })).toEqual(['rateLimit.classes.public.key']);
    expect(problems({ rateLimit: { classes: { public: { allowList: ['10.0.0.0/33'] } } } })).toEqual(['rateLimit.classes.public.allowList']);
    expect(problems({ rateLimit: { classes: { public: { alsoKey: 'email' as never } } } })).toEqual(['rateLimit.classes.public.alsoKey']);
  });

  it('deep-freezes the result and shares nothing mutable with the input', () => {
    const hosts = ['a.example.com'];
    const policy = resolvePolicy({ allowedHosts: hosts });
    hosts.push('evil.example.com');
    expect(policy.allowedHosts).toEqual(['a.example.com']);
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.rateLimit.classes.public)).toBe(true);
    expect(Object.isFrozen(policy.headers.pageCsp['script-src'])).toBe(true);
    expect(() => {
      (policy.allowedHosts as string[]).push('x');
    }).toThrow(TypeError);
  });

  it('keeps store and verifier instances as they are (not frozen)', () => {
    const store = fakeStore('shared');
    const verifier = { verify: async () => Promise.reject(new Error('no')) };
    const policy = resolvePolicy({ rateLimit: { store }, authenticate: verifier });
    expect(policy.rateLimit.store).toBe(store);
    expect(policy.authenticate).toBe(verifier);
    expect(Object.isFrozen(store)).toBe(false);
  });

  it('returns an already resolved policy unchanged', () => {
    const policy = resolvePolicy({});
    expect(resolvePolicy(policy)).toBe(policy);
  });
});

describe('resolvePolicy validation', () => {
  it('rejects an unknown key with "did you mean"', () => {
    const { code, problems } = problemsOf({ allowedHost: ['a.example.com'] });
    expect(code).toBe('RAMPART_ERR_POLICY_INVALID');
    expect(problems[0]?.path).toBe('allowedHost');
    expect(problems[0]?.message).toContain('did you mean `allowedHosts`?');
  });

  it('suggests nested keys with their full path', () => {
    const { problems } = problemsOf({ headers: { hsts: { maxage: 5 } } });
    expect(problems[0]?.message).toContain('did you mean `headers.hsts.maxAge`?');
  });

  it('reports every problem, not only the first', () => {
    const { problems } = problemsOf({
      mode: 'prod',
      instances: 0,
      body: { limitBytes: -1, maxDepth: 1.5 },
      cors: { origins: ['https://app.example.com/'], credentials: 'yes' },
      trustProxy: ['10.0.0.0/33', '127.1'],
      rateLimit: { classes: { login: { onStoreFailure: 'open' }, passwordReset: { ipv6Prefix48Factor: 1.5 } } },
    });
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        'body.limitBytes',
        'body.maxDepth',
        'cors.credentials',
        'cors.origins',
        'instances',
        'mode',
        'rateLimit.classes.login.onStoreFailure',
        'rateLimit.classes.passwordReset.ipv6Prefix48Factor',
        'trustProxy',
      ].sort(),
    );
    expect(problems.find((p) => p.path === 'cors.origins')?.message).toContain('did you mean "https://app.example.com"');
  });

  it('rejects non-object input and prototype keys', () => {
    expect(problemsOf('production').problems[0]?.message).toBe('must be an object');
    const { problems } = problemsOf(JSON.parse('{"__proto__": {"mode": "production"}}'));
    expect(problems[0]?.path).toBe('__proto__');
  });

  it('rejects header injection in header values and malformed host names', () => {
    const { problems } = problemsOf({
      headers: { permissionsPolicy: 'camera=()\r\nSet-Cookie: a=b' },
      allowedHosts: ['api.example.com:443', 'evil .com'],
    });
    expect(problems.map((p) => p.path).sort()).toEqual(['allowedHosts', 'headers.permissionsPolicy']);
  });

  it('rejects a store or verifier of the wrong shape', () => {
    const { problems } = problemsOf({ rateLimit: { store: 'redis' }, authenticate: { check: () => true } });
    expect(problems.map((p) => p.path)).toEqual(['rateLimit.store', 'authenticate']);
  });
});

describe('production refusals', () => {
  const refused = (input: GuardPolicyInput) => problemsOf({ ...secureProduction, ...input });

  it('accepts a secure production policy', () => {
    expect(() => resolvePolicy(secureProduction)).not.toThrow();
  });

  it.each([
    ["'*'", '*'],
    ['reflected (true)', true],
    ['a RegExp', /example\.com$/],
  ] as const)('refuses CORS %s together with credentials', (_name, origins) => {
    const { code, problems } = refused({ cors: { origins, credentials: true } });
    expect(code).toBe('RAMPART_ERR_POLICY_INSECURE');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('cors.origins');
    expect(problems[0]?.message).toContain('list the exact origins');
  });

  it("accepts '*' without credentials (a public API)", () => {
    expect(resolvePolicy({ ...secureProduction, cors: { origins: '*' } }).cors.origins).toBe('*');
  });

  it("refuses the 'null' origin", () => {
    const { problems } = refused({ cors: { origins: ['https://app.example.com', 'null'], credentials: true } });
    expect(problems[0]?.message).toContain("'null' is refused in production");
  });

  it('refuses docs', () => {
    const { problems } = refused({ docs: { enabled: true } });
    expect(problems).toEqual([{ path: 'docs.enabled', message: expect.stringContaining('set docs.enabled: false') }]);
  });

  it('refuses trustProxy: true', () => {
    const { problems } = refused({ trustProxy: true });
    expect(problems[0]?.path).toBe('trustProxy');
    expect(problems[0]?.message).toContain('list the proxy addresses or CIDRs');
  });

  it('refuses a trustProxy hop count', () => {
    const { problems } = refused({ trustProxy: 1 });
    expect(problems[0]?.message).toContain('a hop count (1) is refused');
  });

  it('accepts a trustProxy list of addresses and CIDRs', () => {
    expect(resolvePolicy({ ...secureProduction, trustProxy: ['10.0.0.0/8', '::1'] }).trustProxy).toEqual(['10.0.0.0/8', '::1']);
  });

  it('refuses HSTS under one year', () => {
    const { problems } = refused({ headers: { hsts: { maxAge: 86_400 } } });
    expect(problems).toEqual([
      { path: 'headers.hsts.maxAge', message: `86400 seconds is under one year; set it to at least ${ONE_YEAR_SECONDS}` },
    ]);
  });

  it('refuses empty allowed hosts', () => {
    const { problems } = problemsOf({ mode: 'production' });
    expect(problems[0]?.path).toBe('allowedHosts');
    expect(problems[0]?.message).toContain('allowedHosts: ["api.example.com"]');
  });

  it.each(["'unsafe-inline'", "'unsafe-eval'"])('refuses %s in script-src of the page CSP', (unsafe) => {
    const { problems } = refused({ headers: { pageCsp: { 'script-src': ["'self'", unsafe] } } });
    expect(problems).toEqual([{ path: 'headers.pageCsp.script-src', message: expect.stringContaining(`${unsafe} is refused`) }]);
  });

  it('refuses a CIDR covering every address in allowedHosts, and accepts a narrower one', () => {
    expect(problemsOf({ ...secureProduction, allowedHosts: ['api.example.com', '0.0.0.0/0'] }).problems).toEqual([
      { path: 'allowedHosts', message: expect.stringContaining('"0.0.0.0/0" accepts every IP literal as Host and is refused in production') as string },
    ]);
    expect(problemsOf({ ...secureProduction, allowedHosts: ['api.example.com', '::/0'] }).problems).toHaveLength(1);
    expect(resolvePolicy({ ...secureProduction, allowedHosts: ['api.example.com', '10.0.0.0/8', 'fd00::/8'] }).allowedHosts).toHaveLength(3);
    // Development accepts it (a laptop's docker network).
    expect(resolvePolicy({ allowedHosts: ['0.0.0.0/0'] }).allowedHosts).toEqual(['0.0.0.0/0']);
  });

  it('refuses an allow list exempting every client from a class', () => {
    const { problems } = problemsOf({ ...secureProduction, rateLimit: { classes: { public: { allowList: ['::/0'] } } } });
    expect(problems.map((p) => p.path)).toEqual(['rateLimit.classes.public.allowList']);
    expect(problems[0]?.message).toContain('exempts every client');
  });

  it('refuses a memory store with more than one instance', () => {
    const { problems } = refused({ instances: 3 });
    expect(problems[0]?.path).toBe('rateLimit.store');
    expect(problems[0]?.message).toContain('set rateLimit.store to a shared store');
    expect(() => resolvePolicy({ ...secureProduction, instances: 3, rateLimit: { store: fakeStore('shared') } })).not.toThrow();
  });

  it('names policy keys only, never an environment variable of some application', () => {
    const everything = problemsOf({
      mode: 'production',
      instances: 3,
      trustProxy: true,
      docs: { enabled: true },
      cors: { origins: ['null'], credentials: true },
      headers: { hsts: { maxAge: 1 }, pageCsp: { 'script-src': ["'unsafe-inline'"] } },
    });
    expect(everything.problems.length).toBeGreaterThanOrEqual(7);
    for (const problem of everything.problems) {
      // An environment variable looks like CORS_ORIGINS or REDIS_URL: upper case with an underscore.
      expect(problem.message).not.toMatch(/\b[A-Z]+_[A-Z_]+\b/);
    }
  });

  it('lists every refusal at once', () => {
    const { problems } = problemsOf({ mode: 'production', docs: { enabled: true }, trustProxy: true });
    expect(problems.map((p) => p.path)).toEqual(['docs.enabled', 'trustProxy', 'allowedHosts']);
  });

  it('allows all of these in development', () => {
    expect(() =>
      resolvePolicy({ cors: { origins: true, credentials: true }, trustProxy: true, headers: { hsts: { maxAge: 0 } } }),
    ).not.toThrow();
  });
});

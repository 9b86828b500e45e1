// `metrics.onRateLimitDecision` through the guard plugin: one call per decision with the class name and
// a fixed outcome; the in-process fallback and a failed shared store report their own outcomes;
// a hook that throws changes no answer; anything but a function is refused at start.
import { afterEach, describe, expect, it } from 'vitest';
import type { GuardPolicyInput, RateLimitOutcome, RateLimitRule, RateLimitStore } from '../policy/types.js';
import { HOST, buildGuardedApp, principal, tableVerifier } from '../test-support/guard-core-app.js';
import type { GuardedApp } from '../test-support/guard-core-app.js';
import { StoreUnavailableError } from './index.js';

const rule = (limit: number, onStoreFailure: RateLimitRule['onStoreFailure'] = 'fallback'): RateLimitRule => ({ limit, windowMs: 3_600_000, onStoreFailure });
const failingStore: RateLimitStore = { kind: 'shared', hit: () => Promise.reject(new StoreUnavailableError()), close: () => Promise.resolve() };

let built: GuardedApp | undefined;
afterEach(async () => {
  await built?.app.close();
  built = undefined;
});

type RateLimitInput = NonNullable<GuardPolicyInput['rateLimit']>;

async function appWith(rateLimit: RateLimitInput, onRateLimitDecision?: unknown): Promise<GuardedApp> {
  built = await buildGuardedApp(
    {
      rateLimit: { maxKeys: 10_000, ...rateLimit, classes: { public: rule(100), authenticated: { ...rule(100), key: 'subject' }, ...rateLimit.classes } },
      ...(onRateLimitDecision === undefined ? {} : { metrics: { onRateLimitDecision: onRateLimitDecision as never } }),
      authenticate: tableVerifier({ 'user-token': principal('user-1') }),
    },
    (app) => {
      const schema = { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } };
      app.get('/open', { config: { access: 'public', rateLimit: 'tight' }, schema }, async () => ({ ok: true }));
      app.get('/strict', { config: { access: 'public', rateLimit: 'strict' }, schema }, async () => ({ ok: true }));
      app.get('/me', { config: { access: 'authenticated', rateLimit: 'authenticated' }, schema }, async () => ({ ok: true }));
    },
  );
  return built;
}

const get = (app: GuardedApp, url: string, headers: Record<string, string> = {}) => app.app.inject({ method: 'GET', url, headers: { ...HOST, ...headers } });

describe('metrics.onRateLimitDecision', () => {
  it('reports allowed and limited by class, once per request', async () => {
    const decisions: string[] = [];
    const app = await appWith({ classes: { tight: rule(2), strict: rule(1, 'closed') } }, (name: string, outcome: RateLimitOutcome) => decisions.push(`${name}:${outcome}`));
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(app, '/open')).statusCode);
    statuses.push((await get(app, '/me', { authorization: 'Bearer user-token' })).statusCode);
    expect(statuses).toEqual([200, 200, 429, 200]);
    expect(decisions).toEqual(['tight:allowed', 'tight:allowed', 'tight:limited', 'authenticated:allowed']);
  });

  it('reports the fallback and the failed store apart, and a throwing hook changes no answer', async () => {
    const outcomes: RateLimitOutcome[] = [];
    const app = await appWith({ store: failingStore, classes: { tight: rule(1), strict: rule(1, 'closed') } }, (_name: string, outcome: RateLimitOutcome) => {
      outcomes.push(outcome);
      throw new Error('a broken metrics hook');
    });
    expect((await get(app, '/open')).statusCode).toBe(200);
    expect((await get(app, '/open')).statusCode).toBe(429);
    expect((await get(app, '/strict')).statusCode).toBe(503);
    expect(outcomes).toEqual(['fallback_allowed', 'fallback_limited', 'unavailable']);
  });

  it('refuses a hook that is not a function', async () => {
    await expect(appWith({ classes: { tight: rule(1), strict: rule(1) } }, 'count')).rejects.toThrow(/metrics\.onRateLimitDecision/);
  });
});

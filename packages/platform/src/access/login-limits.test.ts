// The platform's own rate-limit classes over HTTP against the real server: login counts per
// client address AND per account (the email the body names, from every address); register has
// counters of its own; a password reset request counts per address and per email (shared/API.md).
// Client addresses come from X-Forwarded-For, believed from the trusted proxy 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-support/server.js';

const SETUP_TIMEOUT_MS = 180_000;
const LOGIN_LIMIT = 3;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer('pglite', { TRUST_PROXY: '127.0.0.1', RATE_LIMIT_LOGIN: `${LOGIN_LIMIT}/hour` });
}, SETUP_TIMEOUT_MS);
afterAll(async () => {
  await server?.close();
});

const login = (email: string, from: string) =>
  server.call('POST', '/auth/login', { body: { email, password: 'not the password at all' }, headers: { 'x-forwarded-for': from } });

describe('login: per address and per account', () => {
  it('refuses the fourth attempt on one account even when every attempt comes from another address', async () => {
    const victim = await server.user('paid-individual');
    const statuses: number[] = [];
    for (let i = 1; i <= LOGIN_LIMIT + 1; i += 1) statuses.push((await login(victim.email, `198.51.100.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);

    const refused = await login(victim.email.toUpperCase(), '198.51.100.99'); // normalised like the account
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['ratelimit-policy']).toBe(`"login";q=${LOGIN_LIMIT};w=3600`);
    expect(refused.headers.ratelimit).toMatch(/^"login";r=0;t=\d+$/);
    expect((refused.json() as { error: string }).error).toBe('rate_limited');

    // Another account from a fresh address is untouched.
    expect((await login('someone-else@example.test', '198.51.100.100')).status).toBe(401);
  });

  it('still limits one address over many accounts', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= LOGIN_LIMIT + 1; i += 1) statuses.push((await login(`spray-${i}@example.test`, '203.0.113.5')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('register has counters of its own', async () => {
    for (let i = 1; i <= LOGIN_LIMIT + 1; i += 1) await login(`used-${i}@example.test`, '203.0.113.6');
    const registered = await server.call('POST', '/auth/register', {
      body: { email: 'newcomer@example.test', password: 'a long enough passphrase here', displayName: 'Newcomer' },
      headers: { 'x-forwarded-for': '203.0.113.6' },
    });
    expect(registered.status).toBe(201);
    expect(registered.headers['ratelimit-policy']).toBe(`"register";q=${LOGIN_LIMIT};w=3600`);
  });
});

describe('password reset request: per address and per email', () => {
  it('refuses the fourth request for one email from four addresses (3 / hour)', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i += 1) {
      const response = await server.call('POST', '/auth/password-reset/request', { body: { email: 'reset-me@example.test' }, headers: { 'x-forwarded-for': `192.0.2.${i}` } });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
  });
});

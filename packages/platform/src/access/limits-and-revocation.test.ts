// Resource routes under the `authenticated` rate-limit class (keyed per user, not per address)
// and with a revoked user: over HTTP against the real server with a small configured limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-support/server.js';

// Set-up builds a server and hashes passwords: generous on a loaded machine.
const SETUP_TIMEOUT_MS = 180_000;
const LIMIT = 5;
// Hour-long windows: windows are aligned to the clock, and a minute boundary between two
// requests of a loaded run would reset the count the test relies on.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer('pglite', { RATE_LIMIT_AUTHENTICATED: `${LIMIT}/hour` });
}, SETUP_TIMEOUT_MS);
afterAll(async () => {
  await server?.close();
});

describe('authenticated rate-limit class', () => {
  it('limits each user on their own: 429 with Retry-After for one, another user unaffected', async () => {
    const first = await server.user('paid-individual');
    const second = await server.user('paid-individual');
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i += 1) statuses.push((await server.call('GET', '/api/courses', { token: first.token })).status);
    expect(statuses).toEqual(Array.from({ length: LIMIT }, () => 200));

    const over = await server.call('GET', `/api/me`, { token: first.token });
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((over.json() as { error: string }).error).toBe('rate_limited');

    // Same address, other user: their own bucket.
    expect((await server.call('GET', '/api/courses', { token: second.token })).status).toBe(200);
  });
});

describe('a locked user', () => {
  it('loses access to every resource route at once', async () => {
    const user = await server.user('paid-individual');
    expect((await server.call('GET', '/api/me', { token: user.token })).status).toBe(200);
    await server.identity.admin.lock(user.email);
    for (const path of ['/api/me', '/api/courses', '/api/me/invoices']) {
      const response = await server.call('GET', path, { token: user.token });
      expect(response.status, path).toBe(401);
      expect(String(response.headers['www-authenticate'])).toMatch(/^Bearer\b/);
    }
  });
});

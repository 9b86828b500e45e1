// oidcVerifier inside a real Fastify + guard app listening on 127.0.0.1 (port 0), with a real
// local provider, over HTTP with undici: a good token is 200, a bad one 401, and a provider
// outage 503 with Retry-After for everyone (not 401: clients must not throw their tokens away).
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalIdp, type LocalIdp } from '../../../../test-support/local-idp.js';
import { buildGuardedApp } from '../test-support/guard-core-app.js';
import { keycloakClaims } from './claims.js';
import { oidcVerifier, type OidcVerifier } from './index.js';

let idp: LocalIdp;
let app: FastifyInstance;
let base: string;
let authenticate: OidcVerifier;
const ok = { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } };

beforeAll(async () => {
  idp = await startLocalIdp();
  await idp.addKey('RS256');
  // The public entry point: the default fetch is guard's safe fetch, allowing the issuer's origin.
  authenticate = oidcVerifier({ issuer: idp.issuer, audience: 'rampart-api', claims: keycloakClaims(), failureCooldownMs: 4000 });
  ({ app } = await buildGuardedApp({ authenticate }, (a) => {
    a.get('/api/courses', { config: { access: { scopes: ['courses:read'] }, rateLimit: 'authenticated' }, schema: ok }, async () => ({ ok: true }));
    a.get('/api/admin', { config: { access: { roles: ['admin'] }, rateLimit: 'authenticated' }, schema: ok }, async () => ({ ok: true }));
  }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await app?.close();
  await authenticate?.close();
  await idp?.close();
});

function token(overrides: Record<string, unknown> = {}): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return idp.sign({ iss: idp.issuer, aud: 'rampart-api', sub: 'user-1', iat, exp: iat + 300, scope: 'courses:read', realm_access: { roles: ['member'] }, ...overrides });
}

async function call(path: string, bearer: string) {
  const response = await request(`${base}${path}`, { headers: { host: 'localhost', authorization: `Bearer ${bearer}` } });
  return { status: response.statusCode, headers: response.headers, body: (await response.body.json()) as Record<string, unknown> };
}

describe('oidcVerifier over HTTP', () => {
  it('200 for a valid token, 403 without the role, 401 for a bad audience', async () => {
    expect((await call('/api/courses', await token())).status).toBe(200);
    expect((await call('/api/admin', await token())).status).toBe(403);
    expect((await call('/api/admin', await token({ realm_access: { roles: ['admin'] } }))).status).toBe(200);
    const bad = await call('/api/courses', await token({ aud: 'account' }));
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('invalid_token');
    expect(bad.headers['www-authenticate']).toContain('invalid_token');
  });

  it('provider down with keys not yet fetched: 503 with Retry-After, the same for every token, nothing internal sent', async () => {
    // A second verifier in a second app: this one has never reached the provider.
    idp.behaviour = 'error-500';
    const cold = oidcVerifier({ issuer: idp.issuer, audience: 'rampart-api', failureCooldownMs: 4000 });
    const { app: coldApp, lines } = await buildGuardedApp({ authenticate: cold }, (a) => {
      a.get('/api/courses', { config: { access: { scopes: ['courses:read'] }, rateLimit: 'authenticated' }, schema: ok }, async () => ({ ok: true }));
    });
    await coldApp.listen({ host: '127.0.0.1', port: 0 });
    try {
      const coldBase = `http://127.0.0.1:${(coldApp.server.address() as { port: number }).port}`;
      for (const bearer of [await token(), await token({ aud: 'account' })]) {
        const response = await request(`${coldBase}/api/courses`, { headers: { host: 'localhost', authorization: `Bearer ${bearer}` } });
        const text = await response.body.text();
        expect(response.statusCode).toBe(503);
        expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(4);
        expect(JSON.parse(text).error).toBe('service_unavailable');
        expect(text).not.toContain('127.0.0.1');
        expect(text).not.toContain('500');
      }
      const warning = lines.find((line) => line.level === 40 && line.msg === 'identity provider unavailable: token not checked');
      expect(warning, 'the outage is logged for the operator').toBeDefined();
    } finally {
      idp.behaviour = 'up';
      await coldApp.close();
      await cold.close();
    }
  });

  it('keys fetched before the outage keep verifying while the provider hangs', async () => {
    idp.behaviour = 'hang';
    try {
      expect((await call('/api/courses', await token())).status).toBe(200);
    } finally {
      idp.behaviour = 'up';
    }
  });
});

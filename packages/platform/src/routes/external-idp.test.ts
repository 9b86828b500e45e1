// Keycloak-shaped tokens accepted by the real server over HTTP when an external provider is
// configured: a local JWKS server on 127.0.0.1, the platform on port 0, undici as the client.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemblePlatform, type Platform } from '../assembly/assemble-platform.js';
import { loadConfig } from '../config/index.js';
import { freshDatabase } from '../../../../test-support/pglite-snapshot.js';
import { identitySettingsFromEnv } from '../identity/config.js';
import type { Identity } from '../identity/index.js';

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const REALM = 'http://127.0.0.1/realms/rampart';
let jwksServer: Server;
let privateKey: CryptoKey;
let identity: Identity;
let platform: Platform;
let dataDir: string;
let base: string;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'kc-1', alg: 'RS256', use: 'sig' }] };
  jwksServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks)));
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const jwksPort = (jwksServer.address() as { port: number }).port;

  dataDir = await mkdtemp(join(tmpdir(), 'rmp-kc-'));
  const config = loadConfig(
    { RAMPART_DATA_DIR: dataDir, RAMPART_ENV: 'production', ALLOWED_HOSTS: '127.0.0.1', SECURITY_CONTACT: 'mailto:security@example.com' },
    dataDir,
  );
  // Plain-http JWKS is refused in production by the env parser; the loopback test server is
  // configured through development settings instead.
  const settings = identitySettingsFromEnv(
    { OIDC_ISSUER: REALM, OIDC_JWKS_URL: `http://127.0.0.1:${jwksPort}/certs`, OIDC_AUDIENCE: 'rampart-api' },
    'development',
  );
  platform = await assemblePlatform(config, {
    database: await freshDatabase(),
    logStream: quiet,
    migrate: false,
    identity: { controlSocket: false, settings },
  });
  identity = platform.identity;
  base = await platform.listen({ host: '127.0.0.1', port: 0 });
}, 120_000);

afterAll(async () => {
  await platform?.close();
  await new Promise((resolve) => jwksServer.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

function keycloakToken(overrides: JWTPayload = {}): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: REALM,
    aud: ['rampart-api', 'account'],
    sub: 'c0ffee00-1111-4222-8333-444455556666',
    typ: 'Bearer',
    azp: 'rampart-web',
    realm_access: { roles: ['free-user', 'offline_access'] },
    scope: 'openid email courses:read',
    iat,
    exp: iat + 300,
    ...overrides,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'kc-1' })
    .sign(privateKey);
}

async function status(path: string, token: string): Promise<number> {
  const response = await request(`${base}${path}`, { headers: { host: '127.0.0.1', authorization: `Bearer ${token}` } });
  await response.body.dump();
  return response.statusCode;
}

describe('external IdP tokens over HTTP', { timeout: 60_000 }, () => {
  it('accepts a Keycloak token whose role and scope allow the route', async () => {
    expect(await status('/api/courses', await keycloakToken())).toBe(200);
  });

  it('403 when the token does not carry the scope, even if the role would grant it', async () => {
    expect(await status('/api/courses', await keycloakToken({ scope: 'openid email' }))).toBe(403);
  });

  it('401 for the default audience "account", an ID token, and our own issuer name with RS256', async () => {
    expect(await status('/api/courses', await keycloakToken({ aud: 'account' }))).toBe(401);
    expect(await status('/api/courses', await keycloakToken({ typ: 'ID' }))).toBe(401);
    expect(await status('/api/courses', await keycloakToken({ iss: identity.settings.issuer }))).toBe(401);
  });

  it('an external sub equal to a local user\'s id does not reach that user (subjects are scoped by issuer)', async () => {
    const local = await identity.admin.addUser('local-victim@example.com', 'paid-individual', 'a long and unusual passphrase 7');
    const token = await keycloakToken({ sub: local.id, scope: 'profile:read courses:read', realm_access: { roles: ['paid-individual'] } });
    const response = await request(`${base}/api/me`, { headers: { host: '127.0.0.1', authorization: `Bearer ${token}` } });
    const text = await response.body.text();
    expect(response.statusCode).toBe(404);
    expect(text).not.toContain('local-victim@example.com');
  });

  it('an external subject without a local account has no profile (404), not someone else\'s', async () => {
    expect(await status('/api/me', await keycloakToken({ scope: 'profile:read' }))).toBe(404);
  });
});

// Keycloak-shaped tokens from a local JWKS HTTP server (a real server on 127.0.0.1, port 0).
import { externalSubject } from './external-subject.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import { ExternalIdpVerifier } from './external-idp.js';
import { IdentityError } from '../../errors/index.js';
import { TokenRejectedError, type TokenRejection } from './token-errors.js';

const ISSUER = 'http://127.0.0.1/realms/rampart';
const AUDIENCE = 'rampart-api';
const clock = Date.now();

interface IdpKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'PS256' | 'ES256';
  readonly privateKey: CryptoKey;
}
const idpKeys: IdpKey[] = [];
let server: Server;
let verifier: ExternalIdpVerifier;
let jwksRequests = 0;

beforeAll(async () => {
  const jwks: unknown[] = [];
  for (const alg of ['RS256', 'PS256', 'ES256'] as const) {
    const pair = await generateKeyPair(alg, { extractable: true });
    const kid = `kc-${alg.toLowerCase()}`;
    idpKeys.push({ kid, alg, privateKey: pair.privateKey });
    jwks.push({ ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' });
  }
  server = createServer((request, response) => {
    jwksRequests += 1;
    if (request.url !== '/realms/rampart/protocol/openid-connect/certs') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: jwks }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  verifier = new ExternalIdpVerifier(
    {
      issuer: ISSUER,
      jwksUrl: `http://127.0.0.1:${port}/realms/rampart/protocol/openid-connect/certs`,
      audience: AUDIENCE,
      algorithms: ['RS256', 'PS256', 'ES256'],
      maxTokenAgeSeconds: 3600,
      clockToleranceSeconds: 5,
    },
  );
});
afterAll(async () => {
  await verifier?.close();
  await new Promise((resolve) => server.close(resolve));
});

function keycloakClaims(overrides: JWTPayload = {}): JWTPayload {
  const iat = Math.floor(clock / 1000);
  return {
    exp: iat + 300,
    iat,
    jti: 'onrtac:5f0d7e1c-1b1e-4c52-9d5e-1c2b3a4d5e6f',
    iss: ISSUER,
    aud: [AUDIENCE, 'account'],
    sub: 'f3c1c2d4-8e2f-4b9a-a1b2-c3d4e5f60718',
    typ: 'Bearer',
    azp: 'rampart-web',
    sid: '0c6f5a59-2b6c-4b3c-9d0e-2f1a3b4c5d6e',
    realm_access: { roles: ['offline_access', 'uma_authorization', 'paid-individual'] },
    resource_access: { account: { roles: ['manage-account', 'view-profile'] } },
    scope: 'openid profile email courses:read courses:enroll users:write',
    email_verified: true,
    preferred_username: 'alice',
    ...overrides,
  };
}

function keycloakToken(claims: JWTPayload, alg: IdpKey['alg'] = 'RS256', header: Record<string, unknown> = {}): Promise<string> {
  const key = idpKeys.find((k) => k.alg === alg) as IdpKey;
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', kid: key.kid, ...header }).sign(key.privateKey);
}

async function rejection(token: string): Promise<TokenRejection> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenRejectedError);
  return (error as TokenRejectedError).reason;
}

describe('external IdP (Keycloak)', () => {
  for (const alg of ['RS256', 'PS256', 'ES256'] as const) {
    it(`accepts a Keycloak access token signed with ${alg} and maps realm roles and scope`, async () => {
      const principal = await verifier.verify(await keycloakToken(keycloakClaims(), alg));
      // Scoped by issuer, never the provider's raw sub (which stays in the claims).
      expect(principal.subject).toBe(externalSubject(ISSUER, 'f3c1c2d4-8e2f-4b9a-a1b2-c3d4e5f60718'));
      expect(principal.subject).not.toBe('f3c1c2d4-8e2f-4b9a-a1b2-c3d4e5f60718');
      expect(principal.claims.sub).toBe('f3c1c2d4-8e2f-4b9a-a1b2-c3d4e5f60718');
      expect(principal.issuer).toBe(ISSUER);
      expect([...principal.roles]).toEqual(['paid-individual']);
      // users:write is not granted by paid-individual; openid/profile/email are not platform scopes.
      expect([...principal.scopes].sort()).toEqual(['courses:enroll', 'courses:read']);
    });
  }

  it('grants nothing for unknown realm roles', async () => {
    const principal = await verifier.verify(await keycloakToken(keycloakClaims({ realm_access: { roles: ['superuser'] } })));
    expect(principal.roles.size).toBe(0);
    expect(principal.scopes.size).toBe(0);
  });

  it('refuses the Keycloak default audience "account" alone', async () => {
    expect(await rejection(await keycloakToken(keycloakClaims({ aud: 'account' })))).toBe('claims');
  });

  it('refuses a Keycloak ID token and refresh token', async () => {
    expect(await rejection(await keycloakToken(keycloakClaims({ typ: 'ID' })))).toBe('type');
    expect(await rejection(await keycloakToken(keycloakClaims({ typ: 'Refresh' })))).toBe('type');
  });

  it('refuses another issuer even with a valid signature', async () => {
    expect(await rejection(await keycloakToken(keycloakClaims({ iss: 'http://127.0.0.1/realms/other' })))).toBe('claims');
  });

  it('refuses an ES256 signature of zeros (CVE-2022-21449)', async () => {
    const token = await keycloakToken(keycloakClaims(), 'ES256');
    const [h, p] = token.split('.');
    expect(await rejection(`${h}.${p}.${Buffer.alloc(64).toString('base64url')}`)).toBe('signature');
  });

  it('refuses HS256 even from the configured issuer', async () => {
    const secret = new TextEncoder().encode('a'.repeat(32));
    const token = await new SignJWT(keycloakClaims()).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'kc-rs256' }).sign(secret);
    expect(await rejection(token)).toBe('algorithm');
  });

  it('refuses an expired token and an unknown kid', async () => {
    const iat = Math.floor(clock / 1000) - 600;
    expect(await rejection(await keycloakToken(keycloakClaims({ iat, exp: iat + 300 })))).toBe('expired');
    const before = jwksRequests;
    expect(await rejection(await keycloakToken(keycloakClaims(), 'RS256', { kid: 'kc-unknown' }))).toBe('unknown_key');
    expect(jwksRequests - before).toBeLessThanOrEqual(1);
  });

  it('a provider that cannot be reached is ERR_IDENTITY_PROVIDER_UNAVAILABLE, not a rejected token', async () => {
    const down = new ExternalIdpVerifier({ ...verifier.settings, jwksUrl: 'http://127.0.0.1:9/certs' });
    const error = await down.verify(await keycloakToken(keycloakClaims())).then(
      () => undefined,
      (e: unknown) => e,
    );
    await down.close();
    expect(error).toBeInstanceOf(IdentityError);
    expect((error as IdentityError).code).toBe('ERR_IDENTITY_PROVIDER_UNAVAILABLE');
    expect((error as IdentityError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });
});

// Our own access tokens: issuing, and the shared JWT attack catalogue (test-support/jwt-attacks.ts)
// plus the attacks specific to ours; each attack is its own test and asserts the precise reason.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, type JWTPayload } from 'jose';
import { jwtAttacks, type JwtTarget } from '../../../../../test-support/jwt-attacks.js';
import { SigningKeys } from '../keys/signing-keys.js';
import { AccessTokens } from './access-tokens.js';
import { TokenRejectedError, type TokenRejection } from './token-errors.js';

const ISSUER = 'https://rampart.test';
const AUDIENCE = 'rampart-api';
const SUBJECT = '2f1c9a3e-5b7d-4c1e-9f00-1234567890ab';
let clock = Date.UTC(2026, 0, 1, 12, 0, 0);
const now = () => clock;
const nowSeconds = () => Math.floor(clock / 1000);

let dir: string;
let keys: SigningKeys;
let tokens: AccessTokens;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-tokens-'));
  keys = await SigningKeys.open({ directory: join(dir, 'keys'), now, retiredKeyGraceMs: 905_000 });
  tokens = new AccessTokens(keys, { issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 900, clockToleranceSeconds: 5 }, now);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function validClaims(overrides: JWTPayload = {}): JWTPayload {
  const iat = nowSeconds();
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: SUBJECT,
    iat,
    exp: iat + 900,
    jti: 'b7d3c0de-0000-4000-8000-000000000001',
    scope: 'profile:read profile:write courses:read',
    roles: ['free-user'],
    ...overrides,
  };
}

/** Signs with OUR key, so that only the property under test is wrong. */
function signOurs(claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  const key = keys.current();
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: key.kid, ...header })
    .sign(key.privateKey);
}

async function rejection(token: string): Promise<TokenRejection> {
  const error = await tokens.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenRejectedError);
  return (error as TokenRejectedError).reason;
}

describe('access tokens', () => {
  it('issues an EdDSA at+jwt with the contract claims, and verifies it', async () => {
    const { token, expiresIn } = await tokens.issue(SUBJECT, 'paid-individual');
    expect(expiresIn).toBe(900);
    const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toEqual({ alg: 'EdDSA', typ: 'at+jwt', kid: keys.current().kid });
    expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'roles', 'scope', 'sub']);
    expect(payload.exp - payload.iat).toBe(900);
    const principal = await tokens.verify(token);
    expect(principal.subject).toBe(SUBJECT);
    expect([...principal.roles]).toEqual(['paid-individual']);
    expect([...principal.scopes].sort()).toEqual(
      ['certificates:read', 'courses:enroll', 'courses:read', 'invoices:read', 'profile:read', 'profile:write'].sort(),
    );
  });
});

describe('JWT attack catalogue (test-support/jwt-attacks.ts, shared with guard\'s oidcVerifier)', () => {
  // Listed at collection time; the signing key exists from beforeAll on (hence the getters).
  const target: JwtTarget = {
    alg: 'EdDSA',
    allowedAlgorithms: ['EdDSA'],
    typ: { value: 'at+jwt', required: true },
    get kid() {
      return keys.current().kid;
    },
    get privateKey() {
      return keys.current().privateKey;
    },
    get publicJwk() {
      return keys.current().publicJwk;
    },
    claims: validClaims,
    nowSeconds,
  };
  for (const attack of jwtAttacks(target)) {
    it(`refuses ${attack.name} (${attack.reason})`, async () => {
      for (const token of await attack.tokens()) expect(await rejection(token)).toBe(attack.reason);
    });
  }
});

describe('JWT attacks specific to our tokens', () => {
  it('a token verified (and remembered) earlier is still refused once it has expired', async () => {
    const { token } = await tokens.issue(SUBJECT, 'free-user');
    expect((await tokens.verify(token)).subject).toBe(SUBJECT);
    expect((await tokens.verify(token)).subject).toBe(SUBJECT); // from the cache
    const saved = clock;
    clock += 16 * 60_000; // past exp and the 5 s clock tolerance
    try {
      expect(await rejection(token)).toBe('expired');
    } finally {
      clock = saved;
    }
  });

  it('refuses a token issued too long ago even when exp is still ahead', async () => {
    const iat = nowSeconds() - 3600;
    expect(await rejection(await signOurs(validClaims({ iat, exp: nowSeconds() + 300 })))).toBe('expired');
  });

  it('refuses a refresh token used as an access token', async () => {
    const refreshJwt = await signOurs(validClaims(), { typ: 'refresh+jwt' });
    expect(await rejection(refreshJwt)).toBe('type');
    // Our refresh tokens are opaque: not even a JWT.
    expect(await rejection('q8Zb0m1Y8Gm6wP3j9E7sXo2c4V5n6B7m8N9a0S1d2F3')).toBe('malformed');
  });

  it('refuses a non-canonical header spelling (the shared catalogue alters payloads and signatures)', async () => {
    const [h, p, s] = (await signOurs(validClaims())).split('.') as [string, string, string];
    const flip = (part: string) => `${part.slice(0, -1)}${String.fromCharCode((part.at(-1) as string).charCodeAt(0) + 1)}`;
    expect(h.length % 4).not.toBe(0);
    expect(await rejection(`${flip(h)}.${p}.${s}`)).toBe('malformed');
  });
});

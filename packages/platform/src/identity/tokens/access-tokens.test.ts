// The JWT attack catalogue against our own access tokens: each attack is its own test and
// asserts the precise reason the token was refused.
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
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

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

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

describe('JWT attack catalogue', () => {
  for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
    it(`refuses alg "${alg}"`, async () => {
      const token = `${b64({ alg, typ: 'at+jwt', kid: keys.current().kid })}.${b64(validClaims())}.`;
      expect(await rejection(token)).toBe('algorithm');
    });
  }

  it('refuses a token whose signature was stripped', async () => {
    const { token } = await tokens.issue(SUBJECT, 'free-user');
    const [h, p] = token.split('.');
    expect(await rejection(`${h}.${p}.`)).toBe('signature');
    expect(await rejection(`${h}.${p}`)).toBe('malformed');
  });

  it('refuses HS256 signed with the public key as the HMAC secret (key confusion)', async () => {
    const jwk = keys.current().publicJwk;
    const head = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: jwk.kid })}.${b64(validClaims({ roles: ['admin'] }))}`;
    for (const secret of [JSON.stringify(jwk), Buffer.from(jwk.x as string, 'base64url')]) {
      const signature = createHmac('sha256', secret).update(head).digest('base64url');
      expect(await rejection(`${head}.${signature}`)).toBe('algorithm');
    }
  });

  it('refuses a tampered payload', async () => {
    const { token } = await tokens.issue(SUBJECT, 'free-user');
    const [h, , s] = token.split('.');
    const forged = b64(validClaims({ roles: ['admin'], scope: 'users:write import:write' }));
    expect(await rejection(`${h}.${forged}.${s}`)).toBe('signature');
  });

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

  it('refuses an expired token', async () => {
    const saved = clock;
    clock -= 16 * 60_000;
    const { token } = await tokens.issue(SUBJECT, 'free-user');
    clock = saved;
    expect(await rejection(token)).toBe('expired');
  });

  it('refuses a token whose nbf is in the future', async () => {
    expect(await rejection(await signOurs(validClaims({ nbf: nowSeconds() + 3600 })))).toBe('claims');
  });

  it('refuses a token without exp', async () => {
    const claims = validClaims();
    delete claims.exp;
    expect(await rejection(await signOurs(claims))).toBe('claims');
  });

  it('refuses a token issued far in the future', async () => {
    const iat = nowSeconds() + 3600;
    expect(await rejection(await signOurs(validClaims({ iat, exp: iat + 900 })))).toBe('claims');
  });

  it('refuses a token issued too long ago even when exp is still ahead', async () => {
    const iat = nowSeconds() - 3600;
    expect(await rejection(await signOurs(validClaims({ iat, exp: nowSeconds() + 300 })))).toBe('expired');
  });

  it('refuses a wrong issuer', async () => {
    expect(await rejection(await signOurs(validClaims({ iss: 'https://evil.example' })))).toBe('claims');
  });

  it('refuses the Keycloak default audience "account"', async () => {
    expect(await rejection(await signOurs(validClaims({ aud: 'account' })))).toBe('claims');
  });

  it('refuses an ID token (typ JWT) used as an access token', async () => {
    const idToken = await signOurs(validClaims({ nonce: 'n-0S6_WzA2Mj', auth_time: nowSeconds() }), { typ: 'JWT' });
    expect(await rejection(idToken)).toBe('type');
  });

  it('refuses a refresh token used as an access token', async () => {
    const refreshJwt = await signOurs(validClaims(), { typ: 'refresh+jwt' });
    expect(await rejection(refreshJwt)).toBe('type');
    // Our refresh tokens are opaque: not even a JWT.
    expect(await rejection('q8Zb0m1Y8Gm6wP3j9E7sXo2c4V5n6B7m8N9a0S1d2F3')).toBe('malformed');
  });

  it('refuses a token without typ', async () => {
    const key = keys.current();
    const token = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'EdDSA', kid: key.kid }).sign(key.privateKey);
    expect(await rejection(token)).toBe('type');
  });

  it('refuses an unknown kid', async () => {
    expect(await rejection(await signOurs(validClaims(), { kid: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }))).toBe('unknown_key');
  });

  for (const kid of ['../../../../etc/passwd', "x' OR '1'='1", 'keys/../../secret.json', 'a'.repeat(500)]) {
    it(`refuses kid ${JSON.stringify(kid.slice(0, 30))} before any lookup`, async () => {
      expect(await rejection(await signOurs(validClaims(), { kid }))).toBe('header');
    });
  }

  for (const header of ['jwk', 'jku', 'x5u'] as const) {
    it(`refuses an attacker key supplied in the "${header}" header`, async () => {
      const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
      const attackerJwk = await exportJWK(attacker.publicKey);
      const kid = await calculateJwkThumbprint(attackerJwk);
      const value = header === 'jwk' ? attackerJwk : `https://evil.example/${header}.json`;
      const token = await new SignJWT(validClaims({ roles: ['admin'] }))
        .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid, [header]: value })
        .sign(attacker.privateKey);
      expect(await rejection(token)).toBe('header');
      // Even with our kid, the header alone is refusal enough.
      const withOurKid = `${b64({ alg: 'EdDSA', typ: 'at+jwt', kid: keys.current().kid, [header]: value })}.${token.split('.')[1]}.${token.split('.')[2]}`;
      expect(await rejection(withOurKid)).toBe('header');
    });
  }

  it('refuses an unknown crit extension', async () => {
    // jose refuses to SIGN an unknown crit, so the signature is made with WebCrypto directly.
    const input = `${b64({ alg: 'EdDSA', typ: 'at+jwt', kid: keys.current().kid, crit: ['urn:example:must-understand'], 'urn:example:must-understand': true })}.${b64(validClaims())}`;
    const signature = await crypto.subtle.sign('Ed25519', keys.current().privateKey, new TextEncoder().encode(input));
    const token = `${input}.${Buffer.from(signature).toString('base64url')}`;
    expect(await rejection(token)).toBe('header');
  });

  it('refuses an ES256 token whose signature is all zeros (CVE-2022-21449)', async () => {
    const head = `${b64({ alg: 'ES256', typ: 'at+jwt', kid: keys.current().kid })}.${b64(validClaims())}`;
    const zeros = Buffer.alloc(64).toString('base64url');
    expect(await rejection(`${head}.${zeros}`)).toBe('algorithm');
  });

  it('refuses an oversized token before parsing it', async () => {
    const huge = `${b64({ alg: 'EdDSA', typ: 'at+jwt' })}.${b64({ pad: 'x'.repeat(20_000) })}.${'A'.repeat(86)}`;
    expect(await rejection(huge)).toBe('oversized');
  });

  it('refuses every non-canonical base64url spelling of a valid token (signature malleability)', async () => {
    const token = await signOurs(validClaims());
    expect((await tokens.verify(token)).subject).toBe(SUBJECT);
    const parts = token.split('.');
    const signature = parts[2] as string;
    expect(signature.length % 4).toBe(2); // 64 bytes: the last character carries 4 unused bits
    const last = signature.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const index = alphabet.indexOf(last);
    const spellings = Array.from({ length: 16 }, (_, low) => alphabet[(index & ~0b1111) | low] as string).filter((c) => c !== last);
    expect(spellings).toHaveLength(15);
    for (const c of spellings) {
      const variant = `${parts[0]}.${parts[1]}.${signature.slice(0, -1)}${c}`;
      expect(Buffer.from(variant.split('.')[2] as string, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
      expect(await rejection(variant)).toBe('malformed');
    }
  });

  it('refuses a non-canonical header or payload spelling too', async () => {
    // Claims padded so that the payload's base64url length is 2 or 3 mod 4 (it has unused bits).
    let claims = validClaims();
    let token = await signOurs(claims);
    for (let pad = 'x'; (token.split('.')[1] as string).length % 4 === 0; pad += 'x') {
      claims = validClaims({ pad });
      token = await signOurs(claims);
    }
    const [h, p, s] = token.split('.') as [string, string, string];
    const flip = (part: string) => `${part.slice(0, -1)}${String.fromCharCode((part.at(-1) as string).charCodeAt(0) + 1)}`;
    expect(await rejection(`${h}.${flip(p)}.${s}`)).toBe('malformed');
    expect(h.length % 4).not.toBe(0);
    expect(await rejection(`${flip(h)}.${p}.${s}`)).toBe('malformed');
  });

  it('refuses garbage: empty, spaces, non-JSON header, wrong segment count', async () => {
    expect(await rejection('')).toBe('malformed');
    expect(await rejection('a b.c.d')).toBe('malformed');
    expect(await rejection(`${Buffer.from('not json').toString('base64url')}.${b64({})}.sig`)).toBe('malformed');
    expect(await rejection('a.b.c.d.e')).toBe('malformed');
  });
});

// The forged-token catalogue: every JWT attack we know of, written once against a "target" (a
// verifier with its trusted key, issuer and audience), for each verifier to run as its own tests:
// the platform's own access tokens and guard's oidcVerifier. Each attack names the precise
// reason it must be refused for (the vocabulary both verifiers share).
//
//   for (const attack of jwtAttacks(target)) it(`refuses ${attack.name}`, async () => {
//     for (const token of await attack.tokens()) expect(await reasonOf(token)).toBe(attack.reason);
//   });
import { constants, createHmac, createPublicKey, KeyObject, sign, type JsonWebKey } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { OidcTokenRejection } from '../packages/guard/src/oidc/rejection.js';

/** The reasons both verifiers refuse a token for (guard's vocabulary; the platform adds 'revoked',
 * which no forged token can provoke). */
export type JwtRejection = OidcTokenRejection;

export interface JwtTarget {
  /** Algorithm of the trusted key (RS256, PS256, ES256 or EdDSA). */
  readonly alg: 'RS256' | 'PS256' | 'ES256' | 'EdDSA';
  /** Algorithms the verifier accepts. */
  readonly allowedAlgorithms: readonly string[];
  readonly kid: string;
  /** `typ` header of a valid token; `required` when the verifier refuses tokens without it. */
  readonly typ: { readonly value: string; readonly required: boolean } | undefined;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  /** Claims of a token the verifier accepts (iss, aud, sub, iat, exp at the verifier's "now"). */
  claims(overrides?: JWTPayload): JWTPayload;
  /** The verifier's current time, seconds. */
  nowSeconds(): number;
}

export interface JwtAttack {
  readonly name: string;
  readonly reason: JwtRejection;
  /** One or more forged tokens (variants of the same attack). */
  tokens(): Promise<string[]>;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function header(target: JwtTarget, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { alg: target.alg, ...(target.typ ? { typ: target.typ.value } : {}), kid: target.kid, ...extra };
}

/** Signs with the TRUSTED key, so that only the property under test is wrong. */
export function signAsTarget(target: JwtTarget, claims: JWTPayload, extra: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header(target, extra) as { alg: string }).sign(target.privateKey);
}

/** Signs `input` with node:crypto directly (jose refuses to sign some headers, e.g. unknown crit). */
function rawSignature(target: JwtTarget, input: string): string {
  const key = KeyObject.from(target.privateKey);
  const data = Buffer.from(input);
  switch (target.alg) {
    case 'RS256':
      return sign('sha256', data, key).toString('base64url');
    case 'PS256':
      return sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }).toString('base64url');
    case 'ES256':
      return sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    case 'EdDSA':
      return sign(null, data, key).toString('base64url');
  }
}

/** Secrets an attacker derives from the public key for HS256 key confusion. */
function publicKeySecrets(jwk: JWK): (string | Buffer)[] {
  const pem = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
  const material = (jwk.n ?? jwk.x) as string;
  return [JSON.stringify(jwk), pem, Buffer.from(material, 'base64url')];
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Other spellings of a base64url part that decode to the same bytes (its unused low bits set). */
function otherSpellings(part: string): string[] {
  const rest = part.length % 4;
  const unused = rest === 2 ? 0b1111 : rest === 3 ? 0b11 : 0;
  const index = ALPHABET.indexOf(part.at(-1) as string);
  return Array.from({ length: unused + 1 }, (_, low) => ALPHABET[(index & ~unused) | low] as string)
    .filter((c) => c !== part.at(-1))
    .map((c) => `${part.slice(0, -1)}${c}`);
}

export function jwtAttacks(target: JwtTarget): JwtAttack[] {
  const attacks: JwtAttack[] = [];
  const add = (name: string, reason: JwtRejection, token: () => Promise<string | string[]>) =>
    attacks.push({ name, reason, tokens: async () => [await token()].flat() });
  const valid = () => signAsTarget(target, target.claims());

  for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
    add(`alg "${alg}"`, 'algorithm', async () => `${b64(header(target, { alg }))}.${b64(target.claims())}.`);
  }
  add('signature stripped (empty third part)', 'signature', async () => {
    const [h, p] = (await valid()).split('.');
    return `${h}.${p}.`;
  });
  add('signature stripped (two parts)', 'malformed', async () => (await valid()).split('.').slice(0, 2).join('.'));
  add('HS256 signed with the public key as the HMAC secret (as JWK JSON, PEM, raw bytes)', 'algorithm', async () => {
    const head = `${b64(header(target, { alg: 'HS256' }))}.${b64(target.claims({ roles: ['admin'] }))}`;
    return publicKeySecrets(target.publicJwk).map((secret) => `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`);
  });
  add('payload changed under the old signature', 'signature', async () => {
    const [h, , s] = (await valid()).split('.');
    return `${h}.${b64(target.claims({ roles: ['admin'], scope: 'users:write import:write', sub: 'someone-else' }))}.${s}`;
  });
  add('expired', 'expired', () => signAsTarget(target, target.claims({ iat: target.nowSeconds() - 600, exp: target.nowSeconds() - 300 })));
  add('nbf in the future', 'claims', () => signAsTarget(target, target.claims({ nbf: target.nowSeconds() + 3600 })));
  add('no exp', 'claims', () => {
    const claims = target.claims();
    delete claims.exp;
    return signAsTarget(target, claims);
  });
  add('issued in the future', 'claims', () => {
    const iat = target.nowSeconds() + 3600;
    return signAsTarget(target, target.claims({ iat, exp: iat + 300 }));
  });
  add('wrong issuer', 'claims', () => signAsTarget(target, target.claims({ iss: 'https://evil.example' })));
  add('wrong audience (Keycloak default "account")', 'claims', () => signAsTarget(target, target.claims({ aud: 'account' })));
  if (target.typ) {
    add('wrong typ (an ID token, typ JWT, or a refresh token)', 'type', () =>
      signAsTarget(target, target.claims({ nonce: 'n-0S6_WzA2Mj' }), { typ: target.typ?.value.toLowerCase() === 'jwt' ? 'refresh+jwt' : 'JWT' }),
    );
    if (target.typ.required) {
      add('no typ', 'type', () => new SignJWT(target.claims()).setProtectedHeader({ alg: target.alg, kid: target.kid }).sign(target.privateKey));
    }
  }
  add('unknown kid', 'unknown_key', () => signAsTarget(target, target.claims(), { kid: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }));
  for (const kid of ['../../../../etc/passwd', "x' OR '1'='1", 'keys/../../secret.json', 'a'.repeat(500)]) {
    add(`kid injection ${JSON.stringify(kid.slice(0, 30))}`, 'header', () => signAsTarget(target, target.claims(), { kid }));
  }
  for (const name of ['jwk', 'jku', 'x5u'] as const) {
    add(`attacker key in the "${name}" header`, 'header', async () => {
      // The attacker's key has the target's algorithm, so that only the header is wrong.
      const attacker = await generateKeyPair(target.alg, { extractable: true, ...(target.alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
      const attackerJwk = await exportJWK(attacker.publicKey);
      const value = name === 'jwk' ? attackerJwk : `https://evil.example/${name}.json`;
      return new SignJWT(target.claims({ roles: ['admin'] }))
        .setProtectedHeader(header(target, { kid: await calculateJwkThumbprint(attackerJwk), [name]: value }) as { alg: string })
        .sign(attacker.privateKey);
    });
    add(`"${name}" header next to the trusted kid`, 'header', async () => {
      const value = name === 'jwk' ? target.publicJwk : `https://evil.example/${name}.json`;
      const input = `${b64(header(target, { [name]: value }))}.${b64(target.claims())}`;
      return `${input}.${rawSignature(target, input)}`;
    });
  }
  add('unknown crit extension', 'header', async () => {
    const input = `${b64(header(target, { crit: ['urn:example:must-understand'], 'urn:example:must-understand': true }))}.${b64(target.claims())}`;
    return `${input}.${rawSignature(target, input)}`;
  });
  if (target.alg === 'ES256') {
    add('ES256 signature of zeros (CVE-2022-21449)', 'signature', async () => {
      const [h, p] = (await valid()).split('.');
      return `${h}.${p}.${Buffer.alloc(64).toString('base64url')}`;
    });
  } else if (!target.allowedAlgorithms.includes('ES256')) {
    add('ES256 signature of zeros (CVE-2022-21449)', 'algorithm', async () => {
      return `${b64(header(target, { alg: 'ES256' }))}.${b64(target.claims())}.${Buffer.alloc(64).toString('base64url')}`;
    });
  }
  add('oversized', 'oversized', async () => `${b64(header(target))}.${b64({ pad: 'x'.repeat(20_000) })}.${'A'.repeat(86)}`);
  add('every other base64url spelling of a valid signature (same bytes: malleability)', 'malformed', async () => {
    const [h, p, s] = (await valid()).split('.') as [string, string, string];
    const spellings = otherSpellings(s);
    if (spellings.length === 0) throw new Error(`a signature of ${s.length} characters has no unused bits`);
    for (const spelling of spellings) {
      if (!Buffer.from(spelling, 'base64url').equals(Buffer.from(s, 'base64url'))) throw new Error('spelling decodes differently');
    }
    return spellings.map((spelling) => `${h}.${p}.${spelling}`);
  });
  add('non-canonical base64url spelling of the payload', 'malformed', async () => {
    let claims = target.claims();
    let token = await signAsTarget(target, claims);
    for (let pad = 'x'; (token.split('.')[1] as string).length % 4 === 0; pad += 'x') {
      claims = target.claims({ pad });
      token = await signAsTarget(target, claims);
    }
    const [h, p, s] = token.split('.') as [string, string, string];
    return otherSpellings(p).map((spelling) => `${h}.${spelling}.${s}`);
  });
  add('garbage: empty, spaces, a header that is not JSON, five segments (a JWE shape)', 'malformed', async () => [
    '',
    'a b.c.d',
    `${Buffer.from('not json').toString('base64url')}.${b64({})}.sig`,
    'a.b.c.d.e',
  ]);
  return attacks;
}


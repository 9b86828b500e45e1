// oidcVerifier against a real local provider (discovery + JWKS over HTTP on 127.0.0.1, keys
// and tokens from jose), through its default fetch (guard's safe fetch, allowing the issuer's
// origin): presets, discovery, rotation, the shared forged-token catalogue, destinations a
// discovery document may not name, and a provider that is down (503, never 401).
import type { JWTPayload } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jwtAttacks, type JwtTarget } from '../../../../test-support/jwt-attacks.js';
import { startLocalIdp, type IdpKey, type LocalIdp } from '../../../../test-support/local-idp.js';
import { GuardError } from '../errors/index.js';
import { auth0Claims, entraClaims, keycloakClaims } from './claims.js';
import type { OidcVerifierOptions } from './options.js';
import { rejectionReason, type OidcTokenRejection } from './rejection.js';
import { SafeFetchError } from '../outbound/index.js';
import { createOidcVerifier, type OidcVerifier, type OidcVerifierInternals } from './verifier.js';

const AUDIENCE = 'rampart-api';
const nowSeconds = () => Math.floor(Date.now() / 1000);

let idp: LocalIdp;

beforeAll(async () => {
  idp = await startLocalIdp();
  await idp.addKey('RS256');
});
const created: OidcVerifier[] = [];
afterAll(async () => {
  await Promise.all(created.map((verifier) => verifier.close()));
  await idp.close();
});
afterEach(() => {
  idp.behaviour = 'up';
  idp.discoveryOverrides = {};
});

function verifierFor(options: Partial<OidcVerifierOptions> = {}, internals: OidcVerifierInternals = {}): OidcVerifier {
  const verifier = createOidcVerifier({ issuer: idp.issuer, audience: AUDIENCE, ...options }, internals);
  created.push(verifier);
  return verifier;
}

function claims(overrides: JWTPayload = {}): JWTPayload {
  const iat = nowSeconds();
  return { iss: idp.issuer, aud: AUDIENCE, sub: 'user-1', iat, exp: iat + 300, jti: 'token-1', ...overrides };
}

async function failure(verifier: OidcVerifier, token: string): Promise<GuardError> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GuardError);
  return error as GuardError;
}

async function reason(verifier: OidcVerifier, token: string): Promise<OidcTokenRejection | undefined> {
  const error = await failure(verifier, token);
  expect(error.code).toBe('RAMPART_ERR_AUTH_INVALID_TOKEN');
  expect(error.statusCode).toBe(401);
  return rejectionReason(error);
}

describe('presets', () => {
  it('Keycloak: realm roles, the client roles of the configured client only, and the scope string', async () => {
    const verifier = verifierFor({ claims: keycloakClaims({ clientId: 'rampart-api' }) });
    const token = await idp.sign(
      claims({
        aud: [AUDIENCE, 'account'],
        realm_access: { roles: ['paid-individual', 'offline_access'] },
        resource_access: { 'rampart-api': { roles: ['course-editor'] }, account: { roles: ['manage-account'] } },
        scope: 'openid courses:read courses:enroll',
      }),
    );
    const principal = await verifier.verify(token);
    expect(principal.subject).toBe('user-1');
    expect(principal.tokenId).toBe('token-1');
    expect(principal.issuer).toBe(idp.issuer);
    expect([...principal.roles].sort()).toEqual(['course-editor', 'offline_access', 'paid-individual']);
    expect([...principal.scopes].sort()).toEqual(['courses:enroll', 'courses:read', 'openid']);
    expect(principal.claims.realm_access).toEqual({ roles: ['paid-individual', 'offline_access'] });
    expect(Object.isFrozen(principal.claims)).toBe(true);
  });

  it('Auth0: scope plus the RBAC permissions array, roles from a namespaced (dotted URL) claim', async () => {
    const verifier = verifierFor({ claims: auth0Claims({ rolesClaim: 'https://example.com/roles' }) });
    const token = await idp.sign(
      claims({
        scope: 'openid profile',
        permissions: ['courses:read', 'invoices:read'],
        'https://example.com/roles': ['admin'],
        // Not the namespaced claim: a nested path that a dotted-path reader would have followed.
        https: { '//example': { com: { roles: ['superuser'] } } },
      }),
    );
    const principal = await verifier.verify(token);
    expect([...principal.scopes].sort()).toEqual(['courses:read', 'invoices:read', 'openid', 'profile']);
    expect([...principal.roles]).toEqual(['admin']);
    expect(principal.tokenId).toBe('token-1');
  });

  it('Entra ID: delegated scopes from scp, app roles from roles', async () => {
    const verifier = verifierFor({ claims: entraClaims() });
    const token = await idp.sign(claims({ scp: 'Courses.Read User.Read', roles: ['Tasks.Admin'], scope: 'ignored' }));
    const principal = await verifier.verify(token);
    expect([...principal.scopes].sort()).toEqual(['Courses.Read', 'User.Read']);
    expect([...principal.roles]).toEqual(['Tasks.Admin']);
  });

  it('default mapping: scope only; scopeClaim and rolesClaim name one top-level claim each', async () => {
    const token = await idp.sign(claims({ scope: 'a b', scp: 'c', groups: ['g1', 7, { x: 1 }, ''] }));
    const plain = await verifierFor().verify(token);
    expect([...plain.scopes].sort()).toEqual(['a', 'b']);
    expect(plain.roles.size).toBe(0);
    const mapped = await verifierFor({ scopeClaim: 'scp', rolesClaim: 'groups' }).verify(token);
    expect([...mapped.scopes]).toEqual(['c']);
    expect([...mapped.roles]).toEqual(['g1']); // non-strings and empty entries dropped
  });

  it('every listed audience is accepted, one at a time', async () => {
    const verifier = verifierFor({ audience: ['api-a', 'api-b'] });
    expect((await verifier.verify(await idp.sign(claims({ aud: 'api-b' })))).subject).toBe('user-1');
    expect(await reason(verifier, await idp.sign(claims({ aud: 'api-c' })))).toBe('claims');
  });

  it('typ, when configured, is required (case-insensitive, application/ prefix ignored)', async () => {
    const verifier = verifierFor({ typ: 'at+jwt' });
    expect((await verifier.verify(await idp.sign(claims(), { header: { typ: 'application/AT+JWT' } }))).subject).toBe('user-1');
    expect(await reason(verifier, await idp.sign(claims()))).toBe('type'); // typ JWT: an ID token
  });

  it('maxTokenAgeSeconds refuses an old iat even with exp ahead', async () => {
    const verifier = verifierFor({ maxTokenAgeSeconds: 600 });
    expect(await reason(verifier, await idp.sign(claims({ iat: nowSeconds() - 3600, exp: nowSeconds() + 300 })))).toBe('expired');
  });

  it('clock tolerance: an exp just past is accepted within it, refused beyond', async () => {
    const verifier = verifierFor({ clockToleranceSeconds: 30 });
    expect((await verifier.verify(await idp.sign(claims({ exp: nowSeconds() - 10 })))).subject).toBe('user-1');
    expect(await reason(verifier, await idp.sign(claims({ exp: nowSeconds() - 60 })))).toBe('expired');
  });
});

describe('forged-token catalogue (shared with the platform)', () => {
  // ES256 target: it also runs the CVE-2022-21449 zero signature against a real ES256 key. The
  // attacks are listed at collection time; the key exists from beforeAll on (hence the getters).
  let key: IdpKey;
  let verifier: OidcVerifier;
  beforeAll(async () => {
    key = await idp.addKey('ES256');
    verifier = verifierFor({ typ: 'at+jwt', algorithms: ['RS256', 'ES256'] });
  });
  const target: JwtTarget = {
    alg: 'ES256',
    allowedAlgorithms: ['RS256', 'ES256'],
    typ: { value: 'at+jwt', required: true },
    get kid() {
      return key.kid;
    },
    get privateKey() {
      return key.privateKey;
    },
    get publicJwk() {
      return key.publicJwk;
    },
    claims: (overrides) => claims(overrides),
    nowSeconds,
  };

  it('accepts the untouched token of the target', async () => {
    expect((await verifier.verify(await idp.sign(claims(), { key, header: { typ: 'at+jwt' } }))).subject).toBe('user-1');
  });

  for (const attack of jwtAttacks(target)) {
    it(`refuses ${attack.name} (${attack.reason})`, async () => {
      for (const token of await attack.tokens()) expect(await reason(verifier, token)).toBe(attack.reason);
    });
  }
});

describe('discovery', () => {
  it('finds the JWKS from the discovery document once, then serves from cache', async () => {
    const before = { ...idp.requests };
    const verifier = verifierFor();
    for (let i = 0; i < 3; i += 1) expect((await verifier.verify(await idp.sign(claims()))).subject).toBe('user-1');
    expect(idp.requests.discovery - before.discovery).toBe(1);
    expect(idp.requests.jwks - before.jwks).toBe(1);
  });

  it('uses jwksUri without asking for discovery', async () => {
    const before = idp.requests.discovery;
    const verifier = verifierFor({ jwksUri: idp.jwksUri });
    expect((await verifier.verify(await idp.sign(claims()))).subject).toBe('user-1');
    expect(idp.requests.discovery).toBe(before);
  });

  it('a document naming another issuer is refused: 503, and its keys are never fetched', async () => {
    idp.discoveryOverrides = { issuer: `${idp.issuer}/` };
    const before = idp.requests.jwks;
    const error = await failure(verifierFor(), await idp.sign(claims()));
    expect(error.code).toBe('RAMPART_ERR_AUTH_PROVIDER_UNAVAILABLE');
    expect(error.statusCode).toBe(503);
    expect(idp.requests.jwks).toBe(before);
  });

  it('a document naming a plain-http JWKS on a non-loopback host is refused', async () => {
    idp.discoveryOverrides = { jwks_uri: 'http://keys.example.com/certs' };
    expect((await failure(verifierFor(), await idp.sign(claims()))).statusCode).toBe(503);
  });
});

describe('destinations (the default safe fetch)', () => {
  it('a JWKS URL on another host than the issuer is held to the public-only rules: a loopback one is refused unasked', async () => {
    idp.discoveryOverrides = { jwks_uri: idp.jwksUri.replace('127.0.0.1', 'localhost') };
    const before = idp.requests.jwks;
    const error = await failure(verifierFor(), await idp.sign(claims()));
    expect(error.code).toBe('RAMPART_ERR_AUTH_PROVIDER_UNAVAILABLE');
    const refusal = (error.cause as Error).cause;
    expect(refusal).toBeInstanceOf(SafeFetchError);
    // Its port is not 80/443 either: whichever rule says so first, no connection is made.
    expect((refusal as SafeFetchError).code).toMatch(/^(port|address)_refused$/);
    expect(idp.requests.jwks).toBe(before);
  });

  it('a JWKS URL on the issuer\'s own host (another port) is allowed although private', async () => {
    const keyHost = await startLocalIdp();
    try {
      const key = await keyHost.addKey('ES256');
      idp.discoveryOverrides = { jwks_uri: keyHost.jwksUri };
      const principal = await verifierFor().verify(await keyHost.sign(claims(), { key }));
      expect(principal.subject).toBe('user-1');
      expect(keyHost.requests.jwks).toBe(1);
    } finally {
      await keyHost.close();
    }
  });

  it('a configured jwksUri on another private origin is allowed (the operator chose it)', async () => {
    const keyHost = await startLocalIdp();
    try {
      await keyHost.addKey('RS256');
      const verifier = verifierFor({ issuer: 'urn:example:idp', jwksUri: keyHost.jwksUri.replace('127.0.0.1', 'localhost') });
      expect((await verifier.verify(await keyHost.sign(claims({ iss: 'urn:example:idp' })))).subject).toBe('user-1');
    } finally {
      await keyHost.close();
    }
  });

  it('a redirect from the provider is not followed (503)', async () => {
    idp.discoveryOverrides = { jwks_uri: idp.redirectUrl };
    const error = await failure(verifierFor(), await idp.sign(claims()));
    expect(error.statusCode).toBe(503);
    expect(idp.requests.redirect).toBe(1);
  });
});

describe('key rotation', () => {
  it('a token with a new kid causes exactly one JWKS refetch (after the cooldown); a second unknown kid inside the cooldown none', async () => {
    const verifier = verifierFor({ jwksUri: idp.jwksUri, jwksCooldownMs: 1000 });
    expect((await verifier.verify(await idp.sign(claims()))).subject).toBe('user-1');
    const rotated = await idp.addKey('PS256');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const before = idp.requests.jwks;
    expect((await verifier.verify(await idp.sign(claims(), { key: rotated }))).subject).toBe('user-1');
    expect(idp.requests.jwks - before).toBe(1);
    // Inside the cooldown, forged kids do not reach the provider.
    for (let i = 0; i < 5; i += 1) {
      expect(await reason(verifier, await idp.sign(claims(), { key: rotated, header: { kid: `forged-${i}` } }))).toBe('unknown_key');
    }
    expect(idp.requests.jwks - before).toBe(1);
  });
});

describe('provider down: 503 with Retry-After, never 401', () => {
  for (const behaviour of ['error-500', 'not-json', 'oversized'] as const) {
    it(`JWKS ${behaviour}`, async () => {
      const verifier = verifierFor({ jwksUri: idp.jwksUri, failureCooldownMs: 7000 });
      idp.behaviour = behaviour;
      const error = await failure(verifier, await idp.sign(claims()));
      expect(error.code).toBe('RAMPART_ERR_AUTH_PROVIDER_UNAVAILABLE');
      expect(error.statusCode).toBe(503);
      expect(error.retryAfterSeconds).toBe(7);
    });
  }

  it('discovery timing out is a 503 after the timeout, not a hang', async () => {
    idp.behaviour = 'hang';
    const verifier = verifierFor({ timeoutMs: 300 });
    const started = Date.now();
    const error = await failure(verifier, await idp.sign(claims()));
    expect(error.statusCode).toBe(503);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a provider nobody listens on is a 503', async () => {
    const verifier = verifierFor({ issuer: 'http://127.0.0.1:9/realms/x' });
    const error = await failure(verifier, await idp.sign(claims({ iss: 'http://127.0.0.1:9/realms/x' })));
    expect(error.code).toBe('RAMPART_ERR_AUTH_PROVIDER_UNAVAILABLE');
  });

  it('during the failure cooldown the provider is not asked again; afterwards it is, and tokens verify', async () => {
    let clock = Date.now();
    const verifier = verifierFor({ failureCooldownMs: 5000 }, { now: () => clock });
    idp.behaviour = 'error-500';
    const token = await idp.sign(claims());
    await failure(verifier, token);
    const asked = idp.requests.discovery;
    for (let i = 0; i < 20; i += 1) expect((await failure(verifier, token)).retryAfterSeconds).toBe(5);
    expect(idp.requests.discovery).toBe(asked);
    idp.behaviour = 'up';
    clock += 5001;
    expect((await verifier.verify(token)).subject).toBe('user-1');
  });

  it('keys already fetched keep verifying while the provider is down (within their cache age)', async () => {
    const verifier = verifierFor({ verifiedTokenCacheSize: 0 });
    const token = await idp.sign(claims());
    expect((await verifier.verify(token)).subject).toBe('user-1');
    idp.behaviour = 'error-500';
    expect((await verifier.verify(token)).subject).toBe('user-1');
    // A bad token is still a 401 then, not a 503.
    expect(await reason(verifier, await idp.sign(claims({ aud: 'other' })))).toBe('claims');
  });

  it('a token that verified is remembered (at most 60 s): no key fetch for it meanwhile, while other tokens need one', async () => {
    let clock = Date.now();
    const remembering = verifierFor({ jwksCacheMaxAgeMs: 1000, failureCooldownMs: 0 }, { now: () => clock });
    const forgetting = verifierFor({ jwksCacheMaxAgeMs: 1000, failureCooldownMs: 0, verifiedTokenCacheSize: 0 }, { now: () => clock });
    const token = await idp.sign(claims());
    expect(remembering.verifyCached(token)).toBeUndefined();
    expect((await remembering.verify(token)).subject).toBe('user-1');
    expect((await forgetting.verify(token)).subject).toBe('user-1');
    expect(remembering.verifyCached(token)?.subject).toBe('user-1');
    expect(forgetting.verifyCached(token)).toBeUndefined();
    idp.behaviour = 'error-500';
    // Past the key cache's age, a verification must fetch the keys again, and the provider is down.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await remembering.verify(token)).subject).toBe('user-1');
    expect((await failure(forgetting, token)).statusCode).toBe(503);
    expect((await failure(remembering, await idp.sign(claims({ jti: 'token-2' })))).statusCode).toBe(503);
    clock += 61_000;
    expect(remembering.verifyCached(token)).toBeUndefined();
    expect((await failure(remembering, token)).statusCode).toBe(503);
  });
});

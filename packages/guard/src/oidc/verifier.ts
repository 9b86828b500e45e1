// oidcVerifier(): guard's BearerVerifier for access tokens of an OpenID Connect provider
// (Keycloak, Auth0, Entra ID, ...). Order: token shape and header (no network), the signing
// key (cache, or the provider), then jose's jwtVerify with the algorithm allow list, issuer,
// audience, required `exp` and `sub`, clock tolerance and max age ALWAYS passed (jose checks
// only what it is told). A bad token is a 401; a provider that cannot be reached is a 503 with
// Retry-After, so that an outage does not tell every client its token is invalid.
import type { FastifyRequest } from 'fastify';
import { VerifiedTokenCache } from '../authenticate/verified-token-cache.js';
import { errors, jwtVerify, type JWTPayload } from 'jose';
import { GuardError } from '../errors/index.js';
import type { BearerVerifier, Principal } from '../policy/types.js';
import { readClaimSet } from './claims.js';
import { createProviderFetch, type ProviderFetch } from './default-fetch.js';
import { Discovery } from './discovery.js';
import { KeySource } from './key-source.js';
import { resolveOidcOptions, type OidcVerifierOptions, type ResolvedOidcOptions } from './options.js';
import { ProviderClient, ProviderUnavailableError, type FetchLike } from './provider-client.js';
import { invalidToken, OidcTokenRejectedError, type OidcTokenRejection } from './rejection.js';
import { checkTokenShape, normaliseType } from './token-shape.js';

/** What a test may replace; not part of the public options. */
export interface OidcVerifierInternals {
  /** Default: the safe fetch allowing the issuer's and the JWKS URL's origins (default-fetch.ts). */
  readonly fetch?: FetchLike;
  readonly now?: () => number;
}

export interface OidcVerifier extends BearerVerifier {
  readonly issuer: string;
  /** `request` is used for logging a provider outage only; it may be left out. */
  verify(token: string, request?: FastifyRequest): Promise<Principal>;
  /** The principal of a token verified earlier and still remembered (see verifiedTokenCacheSize). */
  verifyCached(token: string): Principal | undefined;
  /** Closes the pooled connections to the provider (on shutdown). */
  close(): Promise<void>;
}

const MAX_SUBJECT_LENGTH = 255;

function classify(error: unknown): OidcTokenRejection {
  if (error instanceof OidcTokenRejectedError) return error.reason;
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  if (error instanceof errors.JWTClaimValidationFailed) return error.claim === 'typ' ? 'type' : 'claims';
  if (error instanceof errors.JOSENotSupported) return 'header';
  return 'malformed';
}

function toPrincipal(payload: JWTPayload, options: ResolvedOidcOptions): Principal {
  return Object.freeze({
    subject: payload.sub as string,
    scopes: readClaimSet(payload, options.claims.scopes),
    roles: readClaimSet(payload, options.claims.roles),
    ...(typeof payload.jti === 'string' ? { tokenId: payload.jti } : {}),
    issuer: options.issuer,
    claims: Object.freeze({ ...payload }),
  });
}

export function createOidcVerifier(input: OidcVerifierOptions, internals: OidcVerifierInternals = {}): OidcVerifier {
  const options = resolveOidcOptions(input);
  const now = internals.now ?? Date.now;
  const ownFetch = internals.fetch === undefined ? createProviderFetch(options) : undefined;
  const client = new ProviderClient({
    fetch: internals.fetch ?? (ownFetch as ProviderFetch),
    maxResponseBytes: options.maxResponseBytes,
    failureCooldownMs: options.failureCooldownMs,
    now,
  });
  const discovery =
    options.jwksUri === undefined
      ? new Discovery({ issuer: options.issuer, client, timeoutMs: options.timeoutMs, maxAgeMs: options.discoveryCacheMaxAgeMs, now })
      : undefined;
  const keys = new KeySource({
    client,
    jwksUri: options.jwksUri,
    discovery,
    timeoutMs: options.timeoutMs,
    cacheMaxAgeMs: options.jwksCacheMaxAgeMs,
    cooldownMs: options.jwksCooldownMs,
  });
  // A token that verified is not verified again for up to 60 s (never past its exp or max age):
  // the signature check is most of an authenticated request's cost.
  const verified = options.verifiedTokenCacheSize > 0 ? new VerifiedTokenCache({ maxEntries: options.verifiedTokenCacheSize }) : undefined;
  const shapeRules = { algorithms: options.algorithms, types: options.typ?.map(normaliseType) };
  const requiredClaims = ['iss', 'aud', 'exp', 'sub', ...(options.maxTokenAgeSeconds === undefined ? [] : ['iat'])];

  async function check(token: string): Promise<Principal> {
    const header = checkTokenShape(token, shapeRules);
    const key = await keys.key(header);
    const currentDate = new Date(now());
    const { payload } = await jwtVerify(token, key, {
      algorithms: [...options.algorithms],
      issuer: options.issuer,
      audience: [...options.audience],
      requiredClaims,
      clockTolerance: options.clockToleranceSeconds,
      ...(options.maxTokenAgeSeconds === undefined ? {} : { maxTokenAge: options.maxTokenAgeSeconds }),
      currentDate,
    });
    // jose checks `iat` only against a max age; a token "issued" in the future is refused too.
    if (payload.iat !== undefined && payload.iat * 1000 > currentDate.getTime() + options.clockToleranceSeconds * 1000) {
      throw new OidcTokenRejectedError('claims');
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > MAX_SUBJECT_LENGTH) {
      throw new OidcTokenRejectedError('claims');
    }
    const principal = toPrincipal(payload, options);
    if (verified !== undefined && typeof payload.exp === 'number') {
      const ageLimit = options.maxTokenAgeSeconds === undefined || payload.iat === undefined ? Infinity : (payload.iat + options.maxTokenAgeSeconds) * 1000;
      verified.set(token, principal, Math.min(payload.exp * 1000, ageLimit), currentDate.getTime());
    }
    return principal;
  }

  return Object.freeze({
    issuer: options.issuer,
    async close() {
      await ownFetch?.close();
    },
    verifyCached(token: string): Principal | undefined {
      return verified?.get(token, now());
    },
    async verify(token: string, request?: FastifyRequest): Promise<Principal> {
      const remembered = verified?.get(token, now());
      if (remembered !== undefined) return remembered;
      try {
        return await check(token);
      } catch (error) {
        if (error instanceof ProviderUnavailableError) {
          request?.log.warn({ err: error }, 'identity provider unavailable: token not checked');
          throw new GuardError('RAMPART_ERR_AUTH_PROVIDER_UNAVAILABLE', { cause: error, retryAfterSeconds: error.retryAfterSeconds });
        }
        throw invalidToken(classify(error), error);
      }
    },
  });
}

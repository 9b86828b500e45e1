// The options of oidcVerifier(), checked at construction: a verifier that would accept `none`
// or a shared-secret algorithm, talk plain http to a remote provider or tolerate hours of clock
// skew is refused with every problem named, before the server starts.
import { PolicyError, type PolicyProblem } from '../policy/policy-error.js';
import { defaultClaims, type ClaimMapping } from './claims.js';
import { isAcceptableProviderUrl } from './urls.js';

/** Asymmetric JWS algorithms accepted in the allow list. */
export const SUPPORTED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;
export type OidcAlgorithm = (typeof SUPPORTED_ALGORITHMS)[number];

export const DEFAULT_ALGORITHMS: readonly OidcAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];

export interface OidcVerifierOptions {
  /** The provider's issuer, compared exactly with `iss` (and with the discovery document). */
  readonly issuer: string;
  /** Accepted `aud` values: the token must name at least one. */
  readonly audience: string | readonly string[];
  /** The JWKS URL; absent: discovered from `<issuer>/.well-known/openid-configuration`. */
  readonly jwksUri?: string;
  /** Allow list of signature algorithms (default RS256, PS256, ES256, EdDSA). `none` and HS*
   * are refused. */
  readonly algorithms?: readonly OidcAlgorithm[];
  /** Required `typ` header, or the accepted values (e.g. `at+jwt` for RFC 9068 access tokens;
   * Keycloak and Entra send `JWT`); absent: not checked. */
  readonly typ?: string | readonly string[];
  /** Accepted clock skew for `exp`, `nbf` and `iat`, 0..60 seconds (default 5). */
  readonly clockToleranceSeconds?: number;
  /** Refuse tokens whose `iat` is older than this (and tokens without `iat`); absent: no limit. */
  readonly maxTokenAgeSeconds?: number;
  /** Where scopes and roles are read (presets: keycloakClaims(), auth0Claims(), entraClaims());
   * default: scopes from `scope`, no roles. */
  readonly claims?: ClaimMapping;
  /** Shorthand: scopes from this one top-level claim (replaces `claims.scopes`). */
  readonly scopeClaim?: string;
  /** Shorthand: roles from this one top-level claim (replaces `claims.roles`). */
  readonly rolesClaim?: string;
  /** Each request to the provider, in milliseconds (default 5000, at most 30000). */
  readonly timeoutMs?: number;
  /** How long fetched keys are used before they are fetched again (default 600000: 10 minutes). */
  readonly jwksCacheMaxAgeMs?: number;
  /** Least time between two JWKS fetches caused by an unknown `kid` (default 30000). */
  readonly jwksCooldownMs?: number;
  /** How long a discovery document is used (default 3600000: one hour). */
  readonly discoveryCacheMaxAgeMs?: number;
  /** After a failed provider request, requests within this time answer 503 at once without
   * asking the provider (default 5000); it is also the `Retry-After`. */
  readonly failureCooldownMs?: number;
  /** Largest discovery document or JWKS accepted, in bytes (default 131072). */
  readonly maxResponseBytes?: number;
  /** Outbound proxy for provider requests (createSafeFetch's `proxy`): a URL, or `false` to
   * connect directly although HTTP(S)_PROXY is set. Default: direct, refused while those are set. */
  readonly proxy?: string | false;
}

export interface ResolvedOidcOptions {
  readonly issuer: string;
  readonly audience: readonly string[];
  readonly jwksUri: URL | undefined;
  readonly algorithms: readonly OidcAlgorithm[];
  /** Accepted `typ` values; undefined: not checked. */
  readonly typ: readonly string[] | undefined;
  readonly clockToleranceSeconds: number;
  readonly maxTokenAgeSeconds: number | undefined;
  readonly claims: ClaimMapping;
  readonly timeoutMs: number;
  readonly jwksCacheMaxAgeMs: number;
  readonly jwksCooldownMs: number;
  readonly discoveryCacheMaxAgeMs: number;
  readonly failureCooldownMs: number;
  readonly maxResponseBytes: number;
  readonly proxy: string | false | undefined;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0 && value.length <= 2048;

function integerIn(
  problems: PolicyProblem[],
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push({ path: `oidc.${name}`, message: `must be an integer from ${min} to ${max}` });
  }
  return value;
}

function checkAlgorithms(problems: PolicyProblem[], algorithms: readonly string[] | undefined): readonly OidcAlgorithm[] {
  if (algorithms === undefined) return DEFAULT_ALGORITHMS;
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    problems.push({ path: 'oidc.algorithms', message: 'must list at least one algorithm, e.g. ["RS256"]' });
    return [];
  }
  for (const alg of algorithms) {
    if (typeof alg === 'string' && (alg.toLowerCase() === 'none' || /^HS/i.test(alg))) {
      problems.push({
        path: 'oidc.algorithms',
        message: `"${alg}" is refused: "none" accepts unsigned tokens and HS* a shared secret, which anyone holding the provider's public key could then forge with; list asymmetric algorithms only (${DEFAULT_ALGORITHMS.join(', ')})`,
      });
    } else if (!(SUPPORTED_ALGORITHMS as readonly unknown[]).includes(alg)) {
      problems.push({ path: 'oidc.algorithms', message: `"${String(alg)}" is not one of ${SUPPORTED_ALGORITHMS.join(', ')}` });
    }
  }
  return algorithms as readonly OidcAlgorithm[];
}

function checkUrl(problems: PolicyProblem[], path: string, value: string): URL | undefined {
  if (!URL.canParse(value)) {
    problems.push({ path, message: 'must be an absolute URL (https://...)' });
    return undefined;
  }
  const url = new URL(value);
  if (!isAcceptableProviderUrl(url)) {
    problems.push({ path, message: 'must use https (plain http only to localhost or a loopback address) and carry no credentials' });
  }
  return url;
}

function checkClaimName(problems: PolicyProblem[], name: string, value: string | undefined): void {
  if (value !== undefined && !isText(value)) problems.push({ path: `oidc.${name}`, message: 'must be a claim name' });
}

export function resolveOidcOptions(options: OidcVerifierOptions): ResolvedOidcOptions {
  const problems: PolicyProblem[] = [];
  if (!isText(options.issuer)) problems.push({ path: 'oidc.issuer', message: 'must be the provider issuer (its `iss`)' });
  else if (options.jwksUri === undefined) checkUrl(problems, 'oidc.issuer', options.issuer);
  const audience = typeof options.audience === 'string' ? [options.audience] : options.audience;
  if (!Array.isArray(audience) || audience.length === 0 || !audience.every(isText)) {
    problems.push({ path: 'oidc.audience', message: 'must be the audience your API is registered as (a string or a list of strings)' });
  }
  const jwksUri = options.jwksUri === undefined ? undefined : checkUrl(problems, 'oidc.jwksUri', options.jwksUri);
  const algorithms = checkAlgorithms(problems, options.algorithms);
  const typ = typeof options.typ === 'string' ? [options.typ] : options.typ;
  if (typ !== undefined && (!Array.isArray(typ) || typ.length === 0 || !typ.every(isText))) {
    problems.push({ path: 'oidc.typ', message: 'must be a media type such as "at+jwt", or a list of them' });
  }
  checkClaimName(problems, 'scopeClaim', options.scopeClaim);
  checkClaimName(problems, 'rolesClaim', options.rolesClaim);
  const base = options.claims ?? defaultClaims;
  const resolved: ResolvedOidcOptions = {
    issuer: options.issuer,
    audience: Object.freeze([...(audience ?? [])]),
    jwksUri,
    algorithms: Object.freeze([...algorithms]),
    typ: typ === undefined ? undefined : Object.freeze([...typ]),
    clockToleranceSeconds: integerIn(problems, 'clockToleranceSeconds', options.clockToleranceSeconds, 5, 0, 60),
    maxTokenAgeSeconds:
      options.maxTokenAgeSeconds === undefined ? undefined : integerIn(problems, 'maxTokenAgeSeconds', options.maxTokenAgeSeconds, 0, 1, 31_536_000),
    claims: Object.freeze({
      scopes: options.scopeClaim === undefined ? base.scopes : [[options.scopeClaim]],
      roles: options.rolesClaim === undefined ? base.roles : [[options.rolesClaim]],
    }),
    timeoutMs: integerIn(problems, 'timeoutMs', options.timeoutMs, 5000, 100, 30_000),
    jwksCacheMaxAgeMs: integerIn(problems, 'jwksCacheMaxAgeMs', options.jwksCacheMaxAgeMs, 600_000, 1000, 86_400_000),
    jwksCooldownMs: integerIn(problems, 'jwksCooldownMs', options.jwksCooldownMs, 30_000, 1000, 3_600_000),
    discoveryCacheMaxAgeMs: integerIn(problems, 'discoveryCacheMaxAgeMs', options.discoveryCacheMaxAgeMs, 3_600_000, 1000, 604_800_000),
    failureCooldownMs: integerIn(problems, 'failureCooldownMs', options.failureCooldownMs, 5000, 0, 300_000),
    maxResponseBytes: integerIn(problems, 'maxResponseBytes', options.maxResponseBytes, 131_072, 1024, 4_194_304),
    proxy: options.proxy,
  };
  if (options.proxy !== undefined && options.proxy !== false && !(URL.canParse(options.proxy) && /^https?:$/.test(new URL(options.proxy).protocol))) {
    problems.push({ path: 'oidc.proxy', message: 'must be an http(s) proxy URL, or false' });
  }
  if (problems.length > 0) throw new PolicyError('RAMPART_ERR_POLICY_INVALID', problems);
  return Object.freeze(resolved);
}

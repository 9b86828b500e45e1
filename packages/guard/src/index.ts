// @rampart/guard: every defense-in-depth layer of an HTTP API from one policy object.
// The package's whole public API: internals (layer composition, validators, parsers, "did you
// mean") are not exported; tests inside the package import them by relative path.
// Declaration merging only (request.principal, reply.cspNonce, request.rawBody, route config):
// modules without runtime code, so `sideEffects: false` holds.
import './route-policy/augment.js';
import './headers/augment.js';
import './body/augment.js';

export { guard } from './plugin.js';
export { guardScope, type GuardScopePolicy } from './scope/index.js';
export { guardServerOptions, fastifyTrustProxy, type GuardServerSettings } from './server-options.js';
export { resolvePolicy, isResolvedPolicy, PolicyError, defaultPolicy, type PolicyProblem, type PolicyErrorCode } from './policy/index.js';
export type * from './policy/types.js';
export {
  GuardError,
  isGuardError,
  defineErrorCodes,
  GUARD_ERROR_CODES,
  ErrorCodeDefinitionError,
  HandlerOwnershipError,
  type BuiltinErrorCode,
  type ErrorCodeRef,
  type ErrorCodeTable,
  type DefinedErrorCodes,
  type ErrorCodeOf,
  type GuardErrorCode,
  type ErrorDefinition,
  type GuardErrorOptions,
  type ErrorBody,
  type ErrorRenderer,
  type ErrorRenderInput,
  type RenderedError,
  type ValidationProblem,
} from './errors/index.js';
export type { EventsPolicy, GuardSecurityEvent, GuardSecurityEventName, SecurityEventListener } from './events/index.js';
export { guardLoggerOptions, redactDeep, isSensitiveKey, type GuardLoggerSettings, type LogDestination } from './logging/index.js';
export { RoutePolicyError } from './route-policy/index.js';
export { VerifiedTokenCache, type VerifiedTokenCacheOptions } from './authenticate/verified-token-cache.js';
export {
  MemoryStore,
  StoreUnavailableError,
  RedisRateLimitStore,
  createRedisConnection,
  type RedisRateLimitStoreOptions,
  type RedisConnection,
  type RedisConnectionOptions,
  type RedisClient,
} from './rate-limit/index.js';
export type { RedisConnectionState, RedisHealthSnapshot, RedisStateListener, RedisStoreLogger } from './rate-limit/redis-health.js';
export {
  oidcVerifier,
  keycloakClaims,
  auth0Claims,
  entraClaims,
  oidcRejectionReason,
  OIDC_ALGORITHMS,
  OIDC_DEFAULT_ALGORITHMS,
  type OidcVerifier,
  type OidcVerifierOptions,
  type OidcAlgorithm,
  type OidcTokenRejection,
  type ClaimMapping,
  type ClaimPath,
} from './oidc/index.js';
export { createSafeFetch, SafeFetchError, isSafeFetchError, SAFE_FETCH_ERROR_CODES, SAFE_FETCH_DEFAULTS, isPublicAddress, type SafeFetch, type SafeFetchInit, type SafeFetchErrorCode, type SafeFetchOptions, type SafeFetchScheme, type SafeFetchLookup } from './outbound/index.js';

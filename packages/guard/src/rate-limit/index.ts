// Rate limiting by class + subject. The class is the route's `config.rateLimit` (`public` for an
// unmatched route, so 404 probes are limited too); the subject is the verified principal's subject
// for the `authenticated` class, else the client address (IPv6 by /64). The path is never part of
// the key, so `/LOGIN`, `/login/`, `//login` and `?x=` variants share one bucket.
// Each request is counted once, at the earliest point its key is known (createRateLimiter):
// a Host refusal and a CORS preflight in `public` by address, before they are answered; every
// address-keyed class before authentication, so an over-limit client costs no token verification;
// the `authenticated` class after it (by subject, or by address when verification failed), with
// addresses already over that class's limit refused before their token is verified.
// Every response carries `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers-08);
// a refused one answers 429 `rate_limited` with `Retry-After`. When a shared store fails, the
// class's `onStoreFailure` decides: `closed` -> 503 with Retry-After, `fallback` -> the bounded
// in-process store. Nothing here throws for a store failure.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isPreflight } from '../cors/preflight.js';
import { GuardError } from '../errors/index.js';
import type {
  GuardPolicy,
  LayerCheck,
  NestedRateLimitDecision,
  Principal,
  RateLimitClass,
  RateLimitRule,
  RateLimitStore,
  RouteGuardConfig,
} from '../policy/types.js';
import { cachedRouteGuardConfig } from '../route-policy/index.js';
import { addressSubject, siteOfSubject } from './client-address.js';
import { MemoryStore } from './memory-store.js';
import { compileRateLimitHeaders, rateLimitValue, secondsUntil, type RateLimitHeaderNames } from './headers.js';
import { OverLimitAddresses } from './over-limit.js';

export { MemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { addressSubject, siteOfSubject } from './client-address.js';
export { OverLimitAddresses } from './over-limit.js';
export { StoreUnavailableError } from './store-unavailable-error.js';
export { RedisRateLimitStore, type RedisRateLimitStoreOptions } from './redis-store.js';
export { createRedisConnection, type RedisConnection, type RedisConnectionOptions } from './redis-connection.js';

/** Retry-After of a 503 answered because the shared store is down. */
export const STORE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export interface RateLimitLayerOptions {
  /** Clock in epoch milliseconds (tests inject one). */
  readonly now?: () => number;
  /** The verified principal of a request, if any (default: `request.principal`, set by the
   * authenticate layer). */
  readonly principalOf?: (request: FastifyRequest) => Principal | undefined;
}

interface CompiledClass {
  readonly name: RateLimitClass;
  readonly rule: RateLimitRule;
  /** `<class>|a:`: keys are `<class>|a:<address>` or `<class>|u:<subject>`. */
  readonly addressPrefix: string;
  /** `<class>|u:` */
  readonly subjectPrefix: string;
  /** `<class>|s:`: the key of an IPv6 client's /48 (`<class>|s:2001:db8:1::/48`). */
  readonly sitePrefix: string;
  /** Budget of one /48 per window (`ipv6Prefix48Factor * limit`); 0: no /48 key. */
  readonly siteLimit: number;
  readonly policyHeader: string;
  readonly rateLimitName: string;
  /** In-process store of this class: the store itself, or the fallback of a shared one. A store
   * per class, so a flood in one class cannot fill the table of another. */
  readonly memory: MemoryStore;
}

const defaultPrincipalOf = (request: FastifyRequest): Principal | undefined =>
  (request as FastifyRequest & { principal?: Principal | null }).principal ?? undefined;

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function routeClass(request: FastifyRequest): RateLimitClass {
  // The cached config spares a second `routeOptions` read (the getter allocates) per request.
  const cached = cachedRouteGuardConfig(request);
  if (cached !== undefined) return cached.rateLimit;
  const config = request.routeOptions.config as Partial<RouteGuardConfig> | undefined;
  return config?.rateLimit ?? 'public';
}

/** `store.hitNested`, or two `hit`s for a store without it (the /48 only while the /64 is within). */
function hitNestedOn(
  store: RateLimitStore,
  key: string,
  wider: string,
  limit: number,
  windowMs: number,
  now: number,
): NestedRateLimitDecision | Promise<NestedRateLimitDecision> {
  if (store.hitNested !== undefined) return store.hitNested(key, wider, limit, windowMs, now);
  return Promise.resolve(store.hit(key, windowMs, now)).then((first) =>
    first.count > limit
      ? first
      : Promise.resolve(store.hit(wider, windowMs, now)).then((second) => ({ count: first.count, resetAt: first.resetAt, wider: second })),
  );
}

type Verdict = Error | undefined;
type LayerResult = Verdict | Promise<Verdict>;

/** The rate-limit decisions, placed by `guardLayers` around the other layers. */
export interface RateLimiter {
  /** Wraps a layer whose refusal (an Error) is counted in `public` by address before it is
   * answered (the hosts layer): over the limit, the answer is the 429 instead. */
  countingRefusals(layer: LayerCheck): LayerCheck;
  /** Before the cors layer: a preflight is counted in `public` by address. */
  readonly preflight: LayerCheck;
  /** Before authentication: the whole decision of every class keyed by address; for the
   * `authenticated` class, a 429 for an address already over that class's limit (so its token
   * is never verified), else nothing yet. */
  readonly admit: LayerCheck;
  /** After authentication: the `authenticated` class decision (subject, else address). */
  readonly settle: LayerCheck;
  /** admit + settle as one layer, placed after authentication (the layer used on its own). */
  readonly layer: LayerCheck;
}

export function createRateLimiter(policy: GuardPolicy, options: RateLimitLayerOptions = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const principalOf = options.principalOf ?? defaultPrincipalOf;
  const shared: RateLimitStore | undefined = policy.rateLimit.store === 'memory' ? undefined : policy.rateLimit.store;
  const names: RateLimitHeaderNames = compileRateLimitHeaders(policy.rateLimit.classes);
  const classes = new Map<string, CompiledClass>();
  for (const [name, rule] of Object.entries(policy.rateLimit.classes) as [RateLimitClass, RateLimitRule][]) {
    if (!Number.isInteger(rule.limit) || rule.limit < 1) throw new TypeError(`rateLimit.classes.${name}.limit must be a positive integer`);
    if (!Number.isInteger(rule.windowMs) || rule.windowMs < 1000) throw new TypeError(`rateLimit.classes.${name}.windowMs must be at least 1000`);
    const header = names.get(name);
    if (header === undefined) throw new TypeError(`rateLimit: no header for class ${name}`);
    classes.set(name, {
      name,
      rule,
      addressPrefix: `${name}|a:`,
      subjectPrefix: `${name}|u:`,
      sitePrefix: `${name}|s:`,
      siteLimit: (rule.ipv6Prefix48Factor ?? 0) * rule.limit,
      policyHeader: header.policy,
      rateLimitName: header.name,
      memory: new MemoryStore({ maxKeys: policy.rateLimit.maxKeys }),
    });
  }
  const publicClass = classes.get('public');
  const authenticatedClass = classes.get('authenticated');
  const overLimit = new OverLimitAddresses(policy.rateLimit.maxKeys);

  function compiledOf(request: FastifyRequest): CompiledClass | undefined {
    return classes.get(routeClass(request)) ?? publicClass;
  }

  function setHeaders(compiled: CompiledClass, reply: FastifyReply, remaining: number, resetSeconds: number): void {
    reply.header('ratelimit-policy', compiled.policyHeader);
    reply.header('ratelimit', rateLimitValue(compiled.rateLimitName, remaining, resetSeconds));
  }

  function refused(reply: FastifyReply, resetSeconds: number): GuardError {
    reply.header('retry-after', String(resetSeconds));
    return new GuardError('RAMPART_ERR_RATE_LIMIT_EXCEEDED', { retryAfterSeconds: resetSeconds });
  }

  /** Sets the headers and decides; returns the 429 error when over the limit (the client's key
   * or, when one was counted, its /48). `blockKey`: an address key of the authenticated class,
   * remembered when over (see over-limit.ts). */
  function decide(compiled: CompiledClass, reply: FastifyReply, decision: NestedRateLimitDecision, at: number, blockKey: string | undefined): Verdict {
    const { limit } = compiled.rule;
    let over = decision.count > limit;
    let remaining = over ? 0 : limit - decision.count;
    let resetAt = decision.resetAt;
    const wider = decision.wider;
    if (!over && wider !== undefined) {
      // The same headers as ever; they report whichever budget is the tighter one.
      const widerRemaining = wider.count >= compiled.siteLimit ? 0 : compiled.siteLimit - wider.count;
      over = wider.count > compiled.siteLimit;
      if (over || widerRemaining < remaining) {
        remaining = widerRemaining;
        resetAt = wider.resetAt;
      }
    }
    const resetSeconds = secondsUntil(resetAt, at);
    setHeaders(compiled, reply, remaining, resetSeconds);
    if (!over) return undefined;
    if (blockKey !== undefined) overLimit.block(blockKey, resetAt);
    return refused(reply, resetSeconds);
  }

  function hitMemory(compiled: CompiledClass, store: MemoryStore, key: string, siteKey: string | undefined, at: number): NestedRateLimitDecision {
    const { limit, windowMs } = compiled.rule;
    return siteKey === undefined ? store.hit(key, windowMs, at) : store.hitNested(key, siteKey, limit, windowMs, at);
  }

  function onStoreFailure(compiled: CompiledClass, reply: FastifyReply, key: string, siteKey: string | undefined, blockKey: string | undefined, cause: unknown): Verdict {
    const at = now();
    if (compiled.rule.onStoreFailure === 'fallback') {
      return decide(compiled, reply, hitMemory(compiled, compiled.memory, key, siteKey, at), at, blockKey);
    }
    reply.header('retry-after', String(STORE_UNAVAILABLE_RETRY_AFTER_SECONDS));
    return new GuardError('RAMPART_ERR_RATE_LIMIT_STORE_UNAVAILABLE', {
      cause,
      retryAfterSeconds: STORE_UNAVAILABLE_RETRY_AFTER_SECONDS,
    });
  }

  /** Counts one hit on `key` (and on `siteKey`, the client's /48, when given) and decides. */
  function count(compiled: CompiledClass, reply: FastifyReply, key: string, siteKey: string | undefined, blockKey: string | undefined): LayerResult {
    const at = now();
    if (shared === undefined) return decide(compiled, reply, hitMemory(compiled, compiled.memory, key, siteKey, at), at, blockKey);

    let pending: NestedRateLimitDecision | Promise<NestedRateLimitDecision>;
    try {
      pending =
        siteKey === undefined
          ? shared.hit(key, compiled.rule.windowMs, at)
          : hitNestedOn(shared, key, siteKey, compiled.rule.limit, compiled.rule.windowMs, at);
    } catch (error) {
      return onStoreFailure(compiled, reply, key, siteKey, blockKey, error);
    }
    if (!isThenable(pending)) return decide(compiled, reply, pending, at, blockKey);
    // Any rejection (StoreUnavailableError or not) is a store failure: never a crash, never a 500.
    return Promise.resolve(pending).then(
      (decision) => decide(compiled, reply, decision, at, blockKey),
      (error: unknown) => onStoreFailure(compiled, reply, key, siteKey, blockKey, error),
    );
  }

  /** By client address; an IPv6 client of a class with a /48 budget is counted by its /48 too. */
  function countAddress(compiled: CompiledClass, request: FastifyRequest, reply: FastifyReply, remember: boolean): LayerResult {
    const subject = addressSubject(request.ip);
    const key = compiled.addressPrefix + subject;
    let siteKey: string | undefined;
    if (compiled.siteLimit > 0) {
      const site = siteOfSubject(subject);
      if (site !== undefined) siteKey = compiled.sitePrefix + site;
    }
    return count(compiled, reply, key, siteKey, remember ? key : undefined);
  }

  function countByAddress(compiled: CompiledClass, request: FastifyRequest, reply: FastifyReply): LayerResult {
    return countAddress(compiled, request, reply, false);
  }

  /** A 429 for an address known to be over the authenticated class's limit, without a store
   * round trip and before its token is verified. */
  function refuseKnownOverLimit(compiled: CompiledClass, request: FastifyRequest, reply: FastifyReply): Verdict {
    if (overLimit.size === 0) return undefined; // the common case: no string built at all
    const at = now();
    const until = overLimit.blockedUntil(compiled.addressPrefix + addressSubject(request.ip), at);
    if (until === undefined) return undefined;
    const resetSeconds = secondsUntil(until, at);
    setHeaders(compiled, reply, 0, resetSeconds);
    return refused(reply, resetSeconds);
  }

  /** The authenticated class after authentication: by subject, or by address (remembered when
   * over the limit) when there is no verified principal. */
  function countAuthenticated(compiled: CompiledClass, request: FastifyRequest, reply: FastifyReply): LayerResult {
    const principal = principalOf(request);
    if (principal !== undefined) return count(compiled, reply, compiled.subjectPrefix + principal.subject, undefined, undefined);
    return countAddress(compiled, request, reply, true);
  }

  const admit: LayerCheck = function admitRateLimit(request, reply) {
    const compiled = compiledOf(request);
    if (compiled === undefined) return undefined; // no class configured at all: nothing to enforce
    if (compiled === authenticatedClass) return refuseKnownOverLimit(compiled, request, reply);
    return countByAddress(compiled, request, reply);
  };

  const settle: LayerCheck = function settleRateLimit(request, reply) {
    const compiled = compiledOf(request);
    if (compiled === undefined || compiled !== authenticatedClass) return undefined; // decided in admit
    return countAuthenticated(compiled, request, reply);
  };

  return {
    countingRefusals(layer) {
      if (publicClass === undefined) return layer;
      const counted = publicClass;
      const charge = (request: FastifyRequest, reply: FastifyReply, refusal: Error): LayerResult => {
        const verdict = countByAddress(counted, request, reply);
        if (verdict === undefined) return refusal;
        if (verdict instanceof Error) return verdict;
        return verdict.then((over) => over ?? refusal);
      };
      return function countedRefusal(request, reply) {
        const result = layer(request, reply);
        if (result === undefined) return undefined;
        if (result instanceof Error) return charge(request, reply, result);
        return result.then((outcome) => (outcome instanceof Error ? charge(request, reply, outcome) : undefined));
      };
    },
    preflight(request, reply) {
      return publicClass !== undefined && isPreflight(request) ? countByAddress(publicClass, request, reply) : undefined;
    },
    admit,
    settle,
    layer(request, reply) {
      const compiled = compiledOf(request);
      if (compiled === undefined) return undefined;
      if (compiled !== authenticatedClass) return countByAddress(compiled, request, reply);
      return refuseKnownOverLimit(compiled, request, reply) ?? countAuthenticated(compiled, request, reply);
    },
  };
}

/** The whole rate-limit decision as one layer placed after authentication (see RateLimiter). */
export function createRateLimitLayer(policy: GuardPolicy, options: RateLimitLayerOptions = {}): LayerCheck {
  return createRateLimiter(policy, options).layer;
}

// Rate limiting by class + key. The class is the route's `config.rateLimit`, a class the policy
// defines or an inline `{ limit, windowMs }` (`public` for an unmatched route, so 404 probes are
// limited too). The key is the class's `key`: the client address (IPv6 by /64), the verified
// principal's subject (else the address), or the application's function. Keys are prefixed by
// the class (`<class>|a:`, `|u:`, `|s:`, `|f:`, `|k:`), so classes never share a counter. The path
// is never part of the key, so `/LOGIN`, `/login/`, `//login` and `?x=` variants share one bucket.
// Each request is counted once per key, at the earliest point that key is known
// (createRateLimiter): a Host refusal and a CORS preflight in `public` by address, before they
// are answered; `address` and function keys before authentication, so an over-limit client costs
// no token verification; `subject` keys after it (by address when verification failed), with
// addresses already over that class's limit refused before their token is verified; a class's
// `alsoKey` in preValidation (the body is parsed), only for requests its first key admitted.
// An address on a class's `allowList` is never counted in that class.
// Every response carries `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers-08);
// a refused one answers 429 `rate_limited` with `Retry-After`. When a shared store fails, the
// class's `onStoreFailure` decides: `closed` -> 503 with Retry-After, `fallback` -> the bounded
// in-process store. Nothing here throws for a store failure.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isPreflight } from '../cors/preflight.js';
import { GuardError } from '../errors/index.js';
import { compileAddressRanges, type AddressRanges } from '../ip-ranges/index.js';
import type {
  GuardPolicy,
  InlineRateLimit,
  LayerCheck,
  NestedRateLimitDecision,
  Principal,
  RateLimitClass,
  RateLimitDecisionHook,
  RateLimitOutcome,
  RateLimitRule,
  RateLimitStore,
  RouteGuardConfig,
} from '../policy/types.js';
import { cachedRouteGuardConfig } from '../route-policy/index.js';
import { addressSubject, siteOfSubject } from './client-address.js';
import { MemoryStore } from './memory-store.js';
import { compileRateLimitHeaders, rateLimitHeaderName, rateLimitValue, secondsUntil, type RateLimitHeaderName } from './headers.js';
import { keyDigest, keyFunctionError } from './key-digest.js';
import { OverLimitAddresses } from './over-limit.js';

export { MemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { addressSubject, siteOfSubject } from './client-address.js';
export { OverLimitAddresses } from './over-limit.js';
export { closeStoreOnClose } from './close-store.js';
export { StoreUnavailableError } from './store-unavailable-error.js';
export { RedisRateLimitStore, type RedisRateLimitStoreOptions } from './redis-store.js';
export { createRedisConnection, type RedisConnection, type RedisConnectionOptions, type RedisClient } from './redis-connection.js';

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
  readonly keyMode: 'address' | 'subject' | 'function';
  readonly keyFunction: ((request: FastifyRequest) => string) | undefined;
  readonly alsoKey: ((request: FastifyRequest) => string | undefined) | undefined;
  readonly alsoKeyLimit: number;
  /** `<class>|a:`: keys are `<class>|a:<address>` or `<class>|u:<subject>`. */
  readonly addressPrefix: string;
  /** `<class>|u:` */
  readonly subjectPrefix: string;
  /** `<class>|s:`: the key of an IPv6 client's /48 (`<class>|s:2001:db8:1::/48`). */
  readonly sitePrefix: string;
  /** `<class>|f:` + digest of the key function's output. */
  readonly functionPrefix: string;
  /** `<class>|k:` + digest of the alsoKey function's output. */
  readonly alsoPrefix: string;
  /** Budget of one /48 per window (`ipv6Prefix48Factor * limit`); 0: no /48 key. */
  readonly siteLimit: number;
  readonly policyHeader: string;
  readonly rateLimitName: string;
  /** Addresses never limited in this class; undefined when the list is empty. */
  readonly allow: AddressRanges | undefined;
  /** In-process store of this class: the store itself, or the fallback of a shared one. A store
   * per class, so a flood in one class cannot fill the table of another. */
  readonly memory: MemoryStore;
}

const defaultPrincipalOf = (request: FastifyRequest): Principal | undefined =>
  (request as FastifyRequest & { principal?: Principal | null }).principal ?? undefined;

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** The route's guard config (the object Fastify keeps per route), or undefined. */
function routeConfig(request: FastifyRequest): Partial<RouteGuardConfig> | undefined {
  // The cached config spares a second `routeOptions` read (the getter allocates) per request.
  return cachedRouteGuardConfig(request) ?? (request.routeOptions.config as Partial<RouteGuardConfig> | undefined);
}

/** The counter namespace of a route's inline limit: its URL and methods (HEAD counts as GET),
 * the same on every instance sharing a store. */
function inlineNamespace(config: Partial<RouteGuardConfig> & { url?: unknown; method?: unknown }): string {
  const methods = (Array.isArray(config.method) ? config.method : [config.method]).map((m) => (String(m) === 'HEAD' ? 'GET' : String(m)));
  return `route:${[...new Set(methods)].sort().join(',')} ${String(config.url)}`;
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
  /** Before authentication: the whole decision of every class keyed by address or function;
   * for a `subject` class, a 429 for an address already over that class's limit (so its token
   * is never verified), else nothing yet. */
  readonly admit: LayerCheck;
  /** After authentication: the decision of a `subject` class (subject, else address). */
  readonly settle: LayerCheck;
  /** In preValidation (the body is parsed): the class's `alsoKey`, for requests its first key
   * admitted. Not part of `layer`. */
  readonly preValidation: LayerCheck;
  /** admit + settle as one layer, placed after authentication (the layer used on its own). */
  readonly layer: LayerCheck;
  /** Whether any class of the policy has an `alsoKey` (else `preValidation` never counts, and
   * guard installs no preValidation hook). */
  readonly usesAlsoKey: boolean;
  /** Whether requests of a route with this `config.rateLimit` can be counted by an alsoKey (its
   * class has one; `undefined` is the public class, as for requests that match no route; an
   * inline limit never has one). */
  needsAlsoKey(rateLimit: RouteGuardConfig['rateLimit'] | undefined): boolean;
}

function compileClass(name: string, namespace: string, rule: RateLimitRule, header: RateLimitHeaderName, maxKeys: number): CompiledClass {
  if (!Number.isInteger(rule.limit) || rule.limit < 1) throw new TypeError(`rateLimit.classes.${name}.limit must be a positive integer`);
  if (!Number.isInteger(rule.windowMs) || rule.windowMs < 1000) throw new TypeError(`rateLimit.classes.${name}.windowMs must be at least 1000`);
  const key = rule.key ?? 'address';
  const allow = rule.allowList !== undefined && rule.allowList.length > 0 ? compileAddressRanges(rule.allowList, `rateLimit.classes.${name}.allowList`) : undefined;
  return {
    name,
    rule,
    keyMode: typeof key === 'function' ? 'function' : key,
    keyFunction: typeof key === 'function' ? key : undefined,
    alsoKey: rule.alsoKey,
    alsoKeyLimit: rule.alsoKeyLimit ?? rule.limit,
    addressPrefix: `${namespace}|a:`,
    subjectPrefix: `${namespace}|u:`,
    sitePrefix: `${namespace}|s:`,
    functionPrefix: `${namespace}|f:`,
    alsoPrefix: `${namespace}|k:`,
    siteLimit: (rule.ipv6Prefix48Factor ?? 0) * rule.limit,
    policyHeader: header.policy,
    rateLimitName: header.name,
    allow,
    memory: new MemoryStore({ maxKeys }),
  };
}

export function createRateLimiter(policy: GuardPolicy, options: RateLimitLayerOptions = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const principalOf = options.principalOf ?? defaultPrincipalOf;
  const shared: RateLimitStore | undefined = policy.rateLimit.store === 'memory' ? undefined : policy.rateLimit.store;
  const { maxKeys } = policy.rateLimit;
  const names = compileRateLimitHeaders(policy.rateLimit.classes);
  const classes = new Map<string, CompiledClass>();
  for (const [name, rule] of Object.entries(policy.rateLimit.classes) as [RateLimitClass, RateLimitRule][]) {
    const header = names.get(name);
    if (header === undefined) throw new TypeError(`rateLimit: no header for class ${name}`);
    classes.set(name, compileClass(name, name, rule, header, maxKeys));
  }
  const publicClass = classes.get('public');
  const onDecision: RateLimitDecisionHook | undefined = policy.metrics.onRateLimitDecision;
  /** Tells the policy's hook (when there is one) a decision; what the hook throws is ignored. */
  function report(compiled: CompiledClass, outcome: RateLimitOutcome): void {
    try {
      onDecision?.(compiled.name, outcome);
    } catch {
      // A metrics hook must not change an answer.
    }
  }
  /** Inline route limits, compiled on a route's first request (routes are added after guard). */
  const inline = new WeakMap<object, CompiledClass>();
  const overLimit = new OverLimitAddresses(maxKeys);
  /** The remaining budget the first key reported, for classes with an alsoKey: the headers
   * report whichever budget is tighter. */
  const firstRemaining = new WeakMap<FastifyReply, number>();

  function inlineClass(config: Partial<RouteGuardConfig>, limit: InlineRateLimit): CompiledClass {
    let compiled = inline.get(config);
    if (compiled === undefined) {
      const rule: RateLimitRule = { limit: limit.limit, windowMs: limit.windowMs, onStoreFailure: 'fallback', key: 'subject' };
      compiled = compileClass('route', inlineNamespace(config), rule, rateLimitHeaderName('route', rule), maxKeys);
      inline.set(config, compiled);
    }
    return compiled;
  }

  /** The class a route names (`undefined`: none named, or no route matched), else public. */
  function namedClass(name: string | undefined): CompiledClass | undefined {
    return name === undefined ? publicClass : (classes.get(name) ?? publicClass);
  }

  function compiledOf(request: FastifyRequest): CompiledClass | undefined {
    const config = routeConfig(request);
    const rateLimit = config?.rateLimit;
    // An inline `{ limit, windowMs }` (only ever on a route's config) is a class of its own.
    if (typeof rateLimit === 'object') return config === undefined ? publicClass : inlineClass(config, rateLimit);
    return namedClass(rateLimit);
  }

  function allowed(compiled: CompiledClass, request: FastifyRequest): boolean {
    return compiled.allow !== undefined && compiled.allow.includes(request.ip);
  }

  function setHeaders(compiled: CompiledClass, reply: FastifyReply, remaining: number, resetSeconds: number): void {
    reply.header('ratelimit-policy', compiled.policyHeader);
    reply.header('ratelimit', rateLimitValue(compiled.rateLimitName, remaining, resetSeconds));
  }

  function refused(reply: FastifyReply, resetSeconds: number): GuardError {
    reply.header('retry-after', String(resetSeconds));
    return new GuardError('RAMPART_ERR_RATE_LIMIT_EXCEEDED', { retryAfterSeconds: resetSeconds });
  }

  /** One counted key, `prefix + rest` (a class's constant prefix and the client's part, kept
   * apart so that the in-process store counts it without building the string): its budget, and
   * whether it is the class's second key (alsoKey). */
  interface Counted {
    readonly prefix: string;
    readonly rest: string;
    /** The /48 of an IPv6 client (key `sitePrefix + site`), for a class with a /48 budget. */
    readonly site: string | undefined;
    /** An address key of a `subject` class, remembered when over (see over-limit.ts). */
    readonly remember: boolean;
    readonly limit: number;
    readonly second: boolean;
  }

  /** Sets the headers and decides; returns the 429 error when over the limit (the client's key
   * or, when one was counted, its /48). `fallback`: decided by the in-process fallback. */
  function decide(compiled: CompiledClass, reply: FastifyReply, decision: NestedRateLimitDecision, at: number, counted: Counted, fallback = false): Verdict {
    const { limit } = counted;
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
    if (!counted.second) {
      setHeaders(compiled, reply, remaining, resetSeconds);
      if (compiled.alsoKey !== undefined) firstRemaining.set(reply, remaining);
    } else if (over || remaining < (firstRemaining.get(reply) ?? Number.POSITIVE_INFINITY)) {
      setHeaders(compiled, reply, remaining, resetSeconds);
    }
    // One decision per request and class: a second key (alsoKey) reports only its refusals.
    if (onDecision !== undefined && (over || !counted.second)) {
      report(compiled, over ? (fallback ? 'fallback_limited' : 'limited') : fallback ? 'fallback_allowed' : 'allowed');
    }
    if (!over) return undefined;
    if (counted.remember) overLimit.block(counted.prefix + counted.rest, resetAt);
    return refused(reply, resetSeconds);
  }

  /** The key, then its /48 only while the key is within its limit (as `hitNested`). */
  function hitMemory(compiled: CompiledClass, store: MemoryStore, counted: Counted, at: number): NestedRateLimitDecision {
    const { windowMs } = compiled.rule;
    const decision = store.hitParts(counted.prefix, counted.rest, windowMs, at);
    if (counted.site === undefined || decision.count > counted.limit) return decision;
    return { count: decision.count, resetAt: decision.resetAt, wider: store.hitParts(compiled.sitePrefix, counted.site, windowMs, at) };
  }

  function onStoreFailure(compiled: CompiledClass, reply: FastifyReply, counted: Counted, cause: unknown): Verdict {
    const at = now();
    if (compiled.rule.onStoreFailure === 'fallback') {
      return decide(compiled, reply, hitMemory(compiled, compiled.memory, counted, at), at, counted, true);
    }
    if (onDecision !== undefined) report(compiled, 'unavailable');
    reply.header('retry-after', String(STORE_UNAVAILABLE_RETRY_AFTER_SECONDS));
    return new GuardError('RAMPART_ERR_RATE_LIMIT_STORE_UNAVAILABLE', {
      cause,
      retryAfterSeconds: STORE_UNAVAILABLE_RETRY_AFTER_SECONDS,
    });
  }

  /** Counts one hit on the key (and on its /48 when given) and decides. */
  function count(compiled: CompiledClass, reply: FastifyReply, counted: Counted): LayerResult {
    const at = now();
    if (shared === undefined) return decide(compiled, reply, hitMemory(compiled, compiled.memory, counted, at), at, counted);

    let pending: NestedRateLimitDecision | Promise<NestedRateLimitDecision>;
    const key = counted.prefix + counted.rest;
    try {
      pending =
        counted.site === undefined
          ? shared.hit(key, compiled.rule.windowMs, at)
          : hitNestedOn(shared, key, compiled.sitePrefix + counted.site, counted.limit, compiled.rule.windowMs, at);
    } catch (error) {
      return onStoreFailure(compiled, reply, counted, error);
    }
    if (!isThenable(pending)) return decide(compiled, reply, pending, at, counted);
    // Any rejection (StoreUnavailableError or not) is a store failure: never a crash, never a 500.
    return Promise.resolve(pending).then(
      (decision) => decide(compiled, reply, decision, at, counted),
      (error: unknown) => onStoreFailure(compiled, reply, counted, error),
    );
  }

  const first = (prefix: string, rest: string, limit: number, site?: string, remember = false): Counted => ({ prefix, rest, site, remember, limit, second: false });

  /** By client address; an IPv6 client of a class with a /48 budget is counted by its /48 too. */
  function countAddress(compiled: CompiledClass, request: FastifyRequest, reply: FastifyReply, remember: boolean): LayerResult {
    const subject = addressSubject(request.ip);
    const site = compiled.siteLimit > 0 ? siteOfSubject(subject) : undefined;
    return count(compiled, reply, first(compiled.addressPrefix, subject, compiled.rule.limit, site, remember));
  }

  function countByAddress(compiled: CompiledClass, request: FastifyRequest, reply: FastifyReply): LayerResult {
    if (allowed(compiled, request)) return undefined;
    return countAddress(compiled, request, reply, false);
  }

  /** By the class's key function (before authentication: no body, no principal). */
  function countByFunction(compiled: CompiledClass, keyFunction: (request: FastifyRequest) => string, request: FastifyRequest, reply: FastifyReply): LayerResult {
    let value: unknown;
    try {
      value = keyFunction(request);
    } catch (error) {
      return keyFunctionError(`rateLimit.classes.${compiled.name}.key`, error);
    }
    if (typeof value !== 'string' || value === '') return keyFunctionError(`rateLimit.classes.${compiled.name}.key`, value);
    return count(compiled, reply, first(compiled.functionPrefix, keyDigest(value), compiled.rule.limit));
  }

  /** A 429 for an address known to be over a `subject` class's limit, without a store round
   * trip and before its token is verified. */
  function refuseKnownOverLimit(compiled: CompiledClass, request: FastifyRequest, reply: FastifyReply): Verdict {
    if (overLimit.size === 0) return undefined; // the common case: no string built at all
    const at = now();
    const until = overLimit.blockedUntil(compiled.addressPrefix + addressSubject(request.ip), at);
    if (until === undefined) return undefined;
    const resetSeconds = secondsUntil(until, at);
    setHeaders(compiled, reply, 0, resetSeconds);
    if (onDecision !== undefined) report(compiled, 'limited');
    return refused(reply, resetSeconds);
  }

  /** A `subject` class after authentication: by subject, or by address (remembered when over
   * the limit) when there is no verified principal. */
  function countBySubject(compiled: CompiledClass, request: FastifyRequest, reply: FastifyReply): LayerResult {
    const principal = principalOf(request);
    if (principal !== undefined) return count(compiled, reply, first(compiled.subjectPrefix, principal.subject, compiled.rule.limit));
    return countAddress(compiled, request, reply, true);
  }

  const admit: LayerCheck = function admitRateLimit(request, reply) {
    const compiled = compiledOf(request);
    if (compiled === undefined || allowed(compiled, request)) return undefined; // no class at all, or never limited
    if (compiled.keyMode === 'subject') return refuseKnownOverLimit(compiled, request, reply);
    if (compiled.keyFunction !== undefined) return countByFunction(compiled, compiled.keyFunction, request, reply);
    return countAddress(compiled, request, reply, false);
  };

  const settle: LayerCheck = function settleRateLimit(request, reply) {
    const compiled = compiledOf(request);
    if (compiled === undefined || compiled.keyMode !== 'subject' || allowed(compiled, request)) return undefined; // decided in admit
    return countBySubject(compiled, request, reply);
  };

  const preValidation: LayerCheck = function alsoKeyRateLimit(request, reply) {
    const compiled = compiledOf(request);
    const alsoKey = compiled?.alsoKey;
    if (compiled === undefined || alsoKey === undefined || allowed(compiled, request)) return undefined;
    let value: unknown;
    try {
      value = alsoKey(request);
    } catch (error) {
      return keyFunctionError(`rateLimit.classes.${compiled.name}.alsoKey`, error);
    }
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') return keyFunctionError(`rateLimit.classes.${compiled.name}.alsoKey`, value);
    return count(compiled, reply, { prefix: compiled.alsoPrefix, rest: keyDigest(value), site: undefined, remember: false, limit: compiled.alsoKeyLimit, second: true });
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
    preValidation,
    usesAlsoKey: [...classes.values()].some((compiled) => compiled.alsoKey !== undefined),
    needsAlsoKey(rateLimit) {
      // An inline limit is a class of its own, without an alsoKey.
      if (typeof rateLimit === 'object') return false;
      return namedClass(rateLimit)?.alsoKey !== undefined;
    },
    layer(request, reply) {
      const compiled = compiledOf(request);
      if (compiled === undefined || allowed(compiled, request)) return undefined;
      if (compiled.keyMode !== 'subject') return admit(request, reply);
      return refuseKnownOverLimit(compiled, request, reply) ?? countBySubject(compiled, request, reply);
    },
  };
}

/** The whole rate-limit decision as one layer placed after authentication (see RateLimiter). */
export function createRateLimitLayer(policy: GuardPolicy, options: RateLimitLayerOptions = {}): LayerCheck {
  return createRateLimiter(policy, options).layer;
}

// Rate limiting by class + subject. The class is the route's `config.rateLimit` (`public` for an
// unmatched route, so 404 probes are limited too); the subject is the verified principal's subject
// for the `authenticated` class, else the client address (IPv6 by /64). The path is never part of
// the key, so `/LOGIN`, `/login/`, `//login` and `?x=` variants share one bucket.
// Every response carries `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers-08);
// a refused one answers 429 `rate_limited` with `Retry-After`. When a shared store fails, the
// class's `onStoreFailure` decides: `closed` -> 503 with Retry-After, `fallback` -> the bounded
// in-process store. Nothing here throws for a store failure.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GuardError } from '../errors/index.js';
import type {
  GuardPolicy,
  LayerCheck,
  Principal,
  RateLimitClass,
  RateLimitDecision,
  RateLimitRule,
  RateLimitStore,
  RouteGuardConfig,
} from '../policy/types.js';
import { addressSubject } from './client-address.js';
import { MemoryStore } from './memory-store.js';
import { compileRateLimitHeaders, rateLimitValue, secondsUntil, type RateLimitHeaderNames } from './headers.js';

export { MemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { addressSubject } from './client-address.js';
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
  /** `<class>|` — keys are `<class>|a:<address>` or `<class>|u:<subject>`. */
  readonly keyPrefix: string;
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
  const config = request.routeOptions.config as Partial<RouteGuardConfig> | undefined;
  return config?.rateLimit ?? 'public';
}

export function createRateLimitLayer(policy: GuardPolicy, options: RateLimitLayerOptions = {}): LayerCheck {
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
      keyPrefix: `${name}|`,
      policyHeader: header.policy,
      rateLimitName: header.name,
      memory: new MemoryStore({ maxKeys: policy.rateLimit.maxKeys }),
    });
  }
  const publicClass = classes.get('public');

  /** Sets the headers and decides; returns the 429 error when over the limit. */
  function decide(compiled: CompiledClass, reply: FastifyReply, decision: RateLimitDecision, at: number): GuardError | undefined {
    const { limit } = compiled.rule;
    const resetSeconds = secondsUntil(decision.resetAt, at);
    const remaining = decision.count >= limit ? 0 : limit - decision.count;
    reply.header('ratelimit-policy', compiled.policyHeader);
    reply.header('ratelimit', rateLimitValue(compiled.rateLimitName, remaining, resetSeconds));
    if (decision.count <= limit) return undefined;
    const retryAfter = String(resetSeconds);
    reply.header('retry-after', retryAfter);
    return new GuardError('RAMPART_ERR_RATE_LIMIT_EXCEEDED', { retryAfterSeconds: resetSeconds });
  }

  function onStoreFailure(compiled: CompiledClass, reply: FastifyReply, key: string, cause: unknown): GuardError | undefined {
    const at = now();
    if (compiled.rule.onStoreFailure === 'fallback') {
      return decide(compiled, reply, compiled.memory.hit(key, compiled.rule.windowMs, at), at);
    }
    reply.header('retry-after', String(STORE_UNAVAILABLE_RETRY_AFTER_SECONDS));
    return new GuardError('RAMPART_ERR_RATE_LIMIT_STORE_UNAVAILABLE', {
      cause,
      retryAfterSeconds: STORE_UNAVAILABLE_RETRY_AFTER_SECONDS,
    });
  }

  return function checkRateLimit(request: FastifyRequest, reply: FastifyReply) {
    const compiled = classes.get(routeClass(request)) ?? publicClass;
    if (compiled === undefined) return undefined; // no class configured at all: nothing to enforce
    let subject: string;
    const principal = compiled.name === 'authenticated' ? principalOf(request) : undefined;
    if (principal !== undefined) subject = `u:${principal.subject}`;
    else subject = `a:${addressSubject(request.ip)}`;
    const key = compiled.keyPrefix + subject;
    const at = now();

    if (shared === undefined) return decide(compiled, reply, compiled.memory.hit(key, compiled.rule.windowMs, at), at);

    let pending: RateLimitDecision | Promise<RateLimitDecision>;
    try {
      pending = shared.hit(key, compiled.rule.windowMs, at);
    } catch (error) {
      return onStoreFailure(compiled, reply, key, error);
    }
    if (!isThenable(pending)) return decide(compiled, reply, pending, at);
    // Any rejection (StoreUnavailableError or not) is a store failure: never a crash, never a 500.
    return Promise.resolve(pending).then(
      (decision) => decide(compiled, reply, decision, at),
      (error: unknown) => onStoreFailure(compiled, reply, key, error),
    );
  };
}

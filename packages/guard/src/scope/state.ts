// What the root guard shares with the guard scopes below it: the resolved root policy, the one
// rate limiter (one set of counters for the whole server), and the scopes, each with its own
// composed layer chain. The root's single onRequest hook picks ONE chain per request: the
// scope's for a route registered in it (the route carries its scope in `config`), or, for a
// request that matched no route (404, a preflight for a route with no OPTIONS handler), the
// scope whose prefix is the longest prefix of the path; the root's otherwise.
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { ErrorRenderer } from '../errors/render.js';
import type { GuardPolicy } from '../policy/types.js';

/** Own property of the instance guard is registered on; scopes below inherit it. */
export const GUARD_STATE = Symbol('rampart.guard.state');
/** Own property of a scope instance that registered guardScope. */
export const SCOPE_ENTRY = Symbol('rampart.guard.scope');
/** Key in a route's `config`: the scope the route was registered in. */
export const ROUTE_SCOPE = Symbol('rampart.guard.routeScope');

export interface ScopeEntry {
  /** Lower-cased prefix without a trailing slash ('' for a scope without prefix). */
  readonly prefix: string;
  readonly policy: GuardPolicy;
  readonly hook: onRequestHookHandler;
  readonly render: ErrorRenderer | undefined;
}

export interface GuardState {
  readonly owner: FastifyInstance;
  readonly policy: GuardPolicy;
  /** The layer chain of `policy` as one onRequest hook, sharing the root's rate limiter. */
  readonly compose: (policy: GuardPolicy) => onRequestHookHandler;
  /** Scopes with a prefix, longest first (404 and preflight attribution). */
  readonly prefixed: ScopeEntry[];
  /** Whether any scope exists (the common case, none, costs nothing per request). */
  scoped: boolean;
}

type Tagged = { [GUARD_STATE]?: GuardState; [SCOPE_ENTRY]?: ScopeEntry };

export function guardStateOf(instance: FastifyInstance): GuardState | undefined {
  return (instance as unknown as Tagged)[GUARD_STATE];
}

export function scopeEntryOf(instance: FastifyInstance): ScopeEntry | undefined {
  return (instance as unknown as Tagged)[SCOPE_ENTRY];
}

export function tag(instance: FastifyInstance, key: typeof GUARD_STATE | typeof SCOPE_ENTRY, value: GuardState | ScopeEntry): void {
  Object.defineProperty(instance, key, { value, enumerable: false, writable: false, configurable: false });
}

/** The router matches case-insensitively and ignores duplicate and trailing slashes. */
export function normalizePath(url: string): string {
  const end = url.search(/[?#]/);
  const path = (end === -1 ? url : url.slice(0, end)).toLowerCase().replace(/\/{2,}/g, '/');
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** The scope whose layers answer `request`, or undefined for the root's. */
export function scopeFor(state: GuardState, request: FastifyRequest): ScopeEntry | undefined {
  if (!state.scoped) return undefined;
  if (!request.is404) {
    return (request.routeOptions.config as { [ROUTE_SCOPE]?: ScopeEntry } | undefined)?.[ROUTE_SCOPE];
  }
  const path = normalizePath(request.url);
  return state.prefixed.find(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`));
}

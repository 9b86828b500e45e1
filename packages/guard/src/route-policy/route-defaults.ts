// policy.routeDefaults: the config of routes that other plugins register (@fastify/static,
// @fastify/swagger, ...) without guard's `config`, matched by the longest prefix of whole path
// segments (case-insensitive, like guard's router options).
import type { RouteOptions } from 'fastify';
import type { GuardPolicy, RouteDefaultConfig } from '../policy/types.js';

export type RouteDefaultLookup = (url: string) => RouteDefaultConfig | undefined;

export function createRouteDefaults(policy: GuardPolicy): RouteDefaultLookup {
  // Longest first, so the first match is the most specific one.
  const entries = policy.routeDefaults
    .map((entry) => ({ prefix: entry.prefix.toLowerCase().replace(/\/+$/, ''), config: entry.config }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  return (url) => {
    const path = url.toLowerCase();
    for (const { prefix, config } of entries) {
      if (prefix === '' || path === prefix || path.startsWith(`${prefix}/`)) return config;
    }
    return undefined;
  };
}

/** True for a route that declares neither of guard's two required keys. A route written for
 * guard that forgets one of them is still refused: defaults are for routes the application did
 * not write. */
export function declaresNoGuardConfig(route: RouteOptions): boolean {
  const config = route.config as { access?: unknown; rateLimit?: unknown } | undefined;
  return config?.access === undefined && config?.rateLimit === undefined;
}

/** Gives `route` its matching default (the route's own config keys win). Returns whether one applied. */
export function applyRouteDefault(route: RouteOptions, lookup: RouteDefaultLookup): boolean {
  if (!declaresNoGuardConfig(route)) return false;
  const found = lookup(route.url);
  if (found === undefined) return false;
  route.config = { ...found, ...route.config } as RouteOptions['config'];
  return true;
}

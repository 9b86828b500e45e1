// Default deny at start-up: every route must declare its access and rate-limit class, a body
// schema when it takes a body, and a success response schema (the serializer drops undeclared
// fields, so a password hash can never reach a client). Non-public routes need a verifier; in
// production, docs routes are refused.
import type { RouteOptions } from 'fastify';
import type { GuardPolicy, RouteAccess } from '../policy/types.js';
import { bodyConfigProblems } from '../body/route-config.js';
import { headersConfigProblems } from '../headers/route-config.js';
import { rateLimitProblem } from './rate-limit-config.js';
import { responseSchemaProblems } from './response-schema.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const DOCS_URL = /^\/+(?:docs|documentation|swagger|swagger-ui|api-docs|openapi|redoc)(?:[/.?-]|$)/i;
const NAME = /^[A-Za-z0-9:._-]{1,128}$/;

export class RoutePolicyError extends Error {
  override readonly name = 'RoutePolicyError';
  readonly code = 'RAMPART_ERR_ROUTE_POLICY_MISSING' as const;
  readonly problems: readonly string[];
  constructor(route: string, problems: readonly string[]) {
    super(`RAMPART_ERR_ROUTE_POLICY_MISSING: route ${route}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

function accessProblem(access: unknown): string | undefined {
  const hint = "set config.access to 'public', 'authenticated' or { scopes: [...], roles: [...] }";
  if (access === undefined) return `config.access is missing (default deny); ${hint}`;
  if (access === 'public' || access === 'authenticated') return undefined;
  if (typeof access !== 'object' || access === null || Array.isArray(access)) return `config.access is invalid; ${hint}`;
  const { scopes, roles, ...rest } = access as { scopes?: unknown; roles?: unknown };
  if (Object.keys(rest).length) return `config.access has unknown keys (${Object.keys(rest).join(', ')}); ${hint}`;
  for (const [name, list] of [['scopes', scopes], ['roles', roles]] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list) || !list.every((item) => typeof item === 'string' && NAME.test(item))) {
      return `config.access.${name} must be a list of names`;
    }
  }
  const count = (Array.isArray(scopes) ? scopes.length : 0) + (Array.isArray(roles) ? roles.length : 0);
  if (count === 0) return "config.access names no scope or role; use 'authenticated' for any valid token";
  return undefined;
}

function hasSuccessSchema(response: unknown): boolean {
  if (typeof response !== 'object' || response === null) return false;
  return Object.keys(response).some((status) => /^[23](?:\d\d|xx)$/i.test(status));
}

/** Where a route's guard config came from: written on the route, or supplied by
 * `policy.routeDefaults` (a route another plugin added: its schemas are that plugin's, so they
 * are not required, but any response schema it declares is still checked). */
export type RouteConfigOrigin = 'route' | 'routeDefaults';

const ROUTE_DEFAULTS_HINT =
  "a route that another plugin adds (@fastify/static, @fastify/swagger, ...) gets its config from policy.routeDefaults, e.g. routeDefaults: [{ prefix: '/docs', config: { access: 'public', rateLimit: 'public', headers: 'page' } }]";

/** Every problem of one route (empty when it is acceptable). */
export function routeProblems(route: RouteOptions, policy: GuardPolicy, origin: RouteConfigOrigin = 'route'): string[] {
  const problems: string[] = [];
  const config = (route.config ?? {}) as { access?: RouteAccess; rateLimit?: unknown; acceptsBody?: unknown; hostExempt?: unknown };
  const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => String(m).toUpperCase());

  const access = accessProblem(config.access);
  if (access) problems.push(access);
  if (config.access === undefined && config.rateLimit === undefined) {
    problems.push(`no policy.routeDefaults entry matches ${route.url}; ${ROUTE_DEFAULTS_HINT}`);
  }
  const rateLimit = rateLimitProblem(config.rateLimit, policy);
  if (rateLimit) problems.push(rateLimit);
  if (config.hostExempt !== undefined && typeof config.hostExempt !== 'boolean') {
    problems.push('config.hostExempt must be true or false');
  }
  if (config.acceptsBody !== undefined && typeof config.acceptsBody !== 'boolean') {
    problems.push('config.acceptsBody must be true or false');
  }

  const schema = (route.schema ?? {}) as { body?: unknown; response?: unknown };
  const takesBody = config.acceptsBody ?? methods.some((m) => BODY_METHODS.has(m));
  const bodyConfig = route.config as { rawBody?: unknown; contentTypes?: unknown } | undefined;
  problems.push(...bodyConfigProblems(bodyConfig ?? {}, schema));
  problems.push(...headersConfigProblems(route.config ?? {}));
  const rawBodies = bodyConfig?.contentTypes !== undefined;
  // A plugin's own routes (origin routeDefaults): only what they declare is checked.
  if (origin === 'route' && takesBody && !rawBodies && schema.body === undefined) {
    problems.push('takes a body but declares no schema.body (or set config.acceptsBody: false)');
  }
  if (origin === 'route' && !hasSuccessSchema(schema.response)) {
    problems.push('declares no 2xx response schema (schema.response[200] etc.): undeclared fields must never reach a client');
  }
  problems.push(...responseSchemaProblems(schema.response));
  if (config.access !== undefined && config.access !== 'public' && !policy.authenticate) {
    problems.push('is not public but the policy has no authenticate verifier (policy.authenticate)');
  }
  if (policy.mode === 'production' && DOCS_URL.test(route.url)) {
    problems.push('is an API documentation route, refused in production mode');
  }
  return problems;
}

export function checkRoute(route: RouteOptions, policy: GuardPolicy, origin: RouteConfigOrigin = 'route'): void {
  const problems = routeProblems(route, policy, origin);
  if (problems.length) {
    const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
    const from = origin === 'routeDefaults' ? ' (config from policy.routeDefaults)' : '';
    throw new RoutePolicyError(`${methods} ${route.url}${from}`, problems);
  }
}

// Route policy, default deny: an onRoute hook that refuses, at start-up, any route that does
// not declare its access, rate-limit class and schemas (see check-route.ts).
import './augment.js';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { GuardError } from '../errors/index.js';
import type { GuardPolicy, RouteGuardConfig } from '../policy/types.js';
import { checkRoute } from './check-route.js';
import { applyRouteDefault, createRouteDefaults } from './route-defaults.js';

export { checkRoute, routeProblems, RoutePolicyError } from './check-route.js';

/** The guard config of the request's route; for unmatched requests (404) `public`/`public`;
 * undefined for a matched route that escaped the start-up check (treated as deny). */
export function routeGuardConfig(request: FastifyRequest): RouteGuardConfig | undefined {
  const config = request.routeOptions.config as Partial<RouteGuardConfig> | undefined;
  if (config?.access !== undefined && config.rateLimit !== undefined) return config as RouteGuardConfig;
  return request.is404 ? NOT_FOUND_CONFIG : undefined;
}

/** routeGuardConfig, computed once per request (Fastify's `routeOptions` getter allocates). */
export function cachedRouteGuardConfig(request: FastifyRequest): RouteGuardConfig | undefined {
  const cached = request.guardRoute;
  if (cached !== undefined) return cached ?? undefined;
  const config = routeGuardConfig(request);
  request.guardRoute = config ?? null;
  return config;
}

const NOT_FOUND_CONFIG: RouteGuardConfig = Object.freeze({ access: 'public', rateLimit: 'public' });

function refuseBody(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
  done(request.body === undefined ? undefined : new GuardError('RAMPART_ERR_BODY_UNEXPECTED'));
}

/** Installs the start-up check on every route registered after it. */
export function installRoutePolicy(app: FastifyInstance, policy: GuardPolicy): void {
  const routeDefaults = createRouteDefaults(policy);
  app.addHook('onRoute', (route: RouteOptions) => {
    const defaulted = applyRouteDefault(route, routeDefaults);
    checkRoute(route, policy, defaulted ? 'routeDefaults' : 'route');
    if (route.config?.acceptsBody === false) {
      const existing = route.preValidation;
      route.preValidation = existing === undefined ? [refuseBody] : [refuseBody, ...(Array.isArray(existing) ? existing : [existing])];
    }
  });
}

// Where the alsoKey is counted: in preValidation, once the body is parsed. A hook stage costs every
// request it runs for, also those of routes without a body, so the stage runs only on the routes
// whose class has an alsoKey: a route-level preValidation added as each route is declared (after
// routeDefaults gave plugin-added routes their config). Requests that match no route are counted
// in the public class, so only when that class itself has an alsoKey is the stage server-wide.
import type { FastifyInstance, RouteOptions, preValidationHookHandler } from 'fastify';
import type { RateLimiter } from './index.js';

export function installAlsoKeyStage(app: FastifyInstance, limiter: RateLimiter, stage: preValidationHookHandler): void {
  if (!limiter.usesAlsoKey) return;
  if (limiter.needsAlsoKey(undefined)) {
    app.addHook('preValidation', stage);
    return;
  }
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!limiter.needsAlsoKey(route.config?.rateLimit)) return;
    const existing = route.preValidation;
    const hooks = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
    // Defensive: a route declared again with its hooks (e.g. a HEAD copied from a GET) gets it once.
    if (hooks.includes(stage)) return;
    // First, where the server-wide stage ran: before the route's own preValidation hooks.
    route.preValidation = [stage, ...hooks];
  });
}

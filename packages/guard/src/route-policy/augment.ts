// Route config that guard reads (Fastify's `config`, typed by module augmentation).
import type { InlineRateLimit, Principal, RateLimitClass, RouteAccess, RouteGuardConfig } from '../policy/types.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (required: a route without it makes start-up fail). */
    access?: RouteAccess;
    /** The route's rate-limit class, a name the policy defines, or an inline `{ limit, windowMs }`
     * (required). */
    rateLimit?: RateLimitClass | InlineRateLimit;
    /** `true`: the Host allow list is not checked for this route (default false). */
    hostExempt?: boolean;
    /** `false` for a POST/PUT/PATCH route that takes no body (then no body schema is needed and
     * a request that sends one is refused with 400). */
    acceptsBody?: boolean;
  }
  interface FastifyRequest {
    /** The verified principal of the bearer token, or null (public route, no or bad token). */
    principal: Principal | null;
    /** The route's guard config, computed once per request by the authenticate layer (null:
     * a matched route without a declared policy; undefined: not computed yet). */
    guardRoute: RouteGuardConfig | null | undefined;
  }
}

export {};

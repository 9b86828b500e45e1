// Every route plugin of the platform. Owners add their resource with ONE import line and ONE
// register line; the order of registration does not matter (guard checks each route).
import type { FastifyInstance } from 'fastify';
import type { PlatformContext } from '../context.js';
import { mapDomainErrorsAtTheEdge } from '../errors/http-edge.js';
import type { Identity } from '../identity/index.js';
import healthRoutes from './health.js';
import resourceRoutes from './resources.js';
import authRoutes from './auth.js';
import wellKnownRoutes from './well-known.js';
import webAppRoutes from './web-app.js';

export interface RouteOptions {
  readonly ctx: PlatformContext;
  readonly identity?: Identity;
}

export async function registerRoutes(app: FastifyInstance, ctx: PlatformContext, identity?: Identity): Promise<void> {
  // First: every route registered from here on answers domain errors through errors/http-mapping.ts.
  mapDomainErrorsAtTheEdge(app);
  const opts: RouteOptions = identity ? { ctx, identity } : { ctx };
  await app.register(healthRoutes, opts);
  await app.register(resourceRoutes, opts);
  await app.register(authRoutes, opts);
  await app.register(wellKnownRoutes, opts);
  await app.register(webAppRoutes, opts);
}

// buildServer(ctx): Fastify with guard's server options and plugin (policy from the
// configuration), /health, every route plugin, and the OpenAPI document in development.
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { guard, guardServerOptions } from '@rampart/guard';
import type { RateLimitStore } from '@rampart/guard';
import { toGuardPolicyInput, withPlatformVariableNames } from './config/index.js';
import type { PlatformContext } from './context.js';
import type { Identity } from './identity/index.js';
import { registerDocs } from './routes/docs.js';
import { registerRoutes } from './routes/index.js';

export interface BuildServerOptions {
  readonly identity?: Identity;
  /** A shared rate-limit store (Redis); the bounded in-process store otherwise. */
  readonly rateLimitStore?: RateLimitStore;
}

export async function buildServer(ctx: PlatformContext, options: BuildServerOptions = {}): Promise<FastifyInstance> {
  const policy = toGuardPolicyInput(ctx.config, {
    ...(options.identity ? { authenticate: options.identity.verifier } : {}),
    ...(options.rateLimitStore ? { rateLimitStore: options.rateLimitStore } : {}),
  });
  // guard resolves the policy here and refuses an insecure one (production) before anything
  // listens; its refusals name policy keys, reported to the operator as environment variables.
  const serverOptions = withPlatformVariableNames(() => guardServerOptions(policy, { logger: false }));
  const app: FastifyInstance = Fastify({ ...serverOptions, logger: undefined, loggerInstance: ctx.logger });
  await app.register(guard, policy);
  // In development the OpenAPI document is generated from every route registered after this.
  if (ctx.config.mode === 'development') registerDocs(app);
  await registerRoutes(app, ctx, options.identity);
  await app.ready();
  return app;
}

// The platform's Fastify server in two steps, so that assemblePlatform can register the instance
// for closing before anything is registered on it: `createServer` (guard's server options from
// the configuration's policy; guard refuses an insecure one here, before anything listens) and
// `completeServer` (guard's plugin, /health, every route plugin, the OpenAPI document in
// development). Internal: the platform is built by assemblePlatform (assembly/).
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { guard, guardServerOptions } from '@rampart/guard';
import type { GuardPolicyInput, RateLimitStore } from '@rampart/guard';
import { toGuardPolicyInput, withPlatformVariableNames } from './config/index.js';
import type { PlatformContext } from './context.js';
import type { Identity } from './identity/index.js';
import { registerDocs } from './routes/docs.js';
import { registerRoutes } from './routes/index.js';
import { countRateLimitDecisions } from './metrics/rate-limit-metrics.js';
import { guardSecurityEventRecorder } from './security-events/index.js';
import type { SecurityEvents } from './security-events/index.js';

export interface ServerOptions {
  readonly identity: Identity;
  /** A shared rate-limit store (Redis); the bounded in-process store otherwise. */
  readonly rateLimitStore?: RateLimitStore;
  /** guard's refusals (403, 400, CORS, 429) become security events here. */
  readonly securityEvents?: SecurityEvents;
}

export interface UnreadyServer {
  readonly app: FastifyInstance;
  readonly policy: GuardPolicyInput;
}

export function createServer(ctx: PlatformContext, options: ServerOptions): UnreadyServer {
  const policy: GuardPolicyInput = {
    ...toGuardPolicyInput(ctx.config, {
      authenticate: options.identity.verifier,
      ...(options.rateLimitStore ? { rateLimitStore: options.rateLimitStore } : {}),
      ...(ctx.metrics ? { onRateLimitDecision: countRateLimitDecisions(ctx.metrics) } : {}),
    }),
    ...(options.securityEvents ? { events: { onSecurityEvent: guardSecurityEventRecorder(options.securityEvents) } } : {}),
  };
  // guard's refusals name policy keys, reported to the operator as environment variables.
  const serverOptions = withPlatformVariableNames(() => guardServerOptions(policy, { loggerInstance: ctx.logger }));
  const app: FastifyInstance = Fastify(serverOptions);
  return { app, policy };
}

export async function completeServer(server: UnreadyServer, ctx: PlatformContext, identity: Identity): Promise<void> {
  const { app, policy } = server;
  await app.register(guard, policy);
  // In development the OpenAPI document is generated from every route registered after this.
  if (ctx.config.mode === 'development') registerDocs(app);
  await registerRoutes(app, ctx, identity);
  await app.ready();
}

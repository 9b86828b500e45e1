// assemblePlatform(config): the whole platform of one process, built in ONE place — context and
// database (migrations, least privilege), with REDIS_URL one Redis connection shared by guard's
// rate-limit store and the identity state, identity, guard's policy and server, every route, the
// ONE metrics registry (ctx.metrics: /metrics and the METRICS_PORT listener serve it) and the
// listener — and ONE idempotent close(). `rampart serve`, the tests and the bench build the
// platform through it; their options are seams (a given database, a log stream, a clock), not
// other wiring. Closing order is the reverse of opening: metrics listener, server, identity,
// shared state, Redis, database. When a step fails, what was opened before it is closed and the error is rethrown.
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { RedisRateLimitStore, createRedisConnection } from '@rampart/guard';
import type { RedisConnection } from '@rampart/guard';
import type { PlatformConfig } from '../config/index.js';
import { createContext } from '../context.js';
import type { CreateContextOptions, PlatformContext } from '../context.js';
import type { DatabaseHandle } from '../db/index.js';
import { createIdentity } from '../identity/index.js';
import { SecurityEvents, registerSecurityEventMetrics } from '../security-events/index.js';
import { IsolationState, isolationHook, registerIsolationMetrics } from '../isolation/index.js';
import { startMetricsListener } from '../metrics/metrics-listener.js';
import type { MetricsListener } from '../metrics/metrics-listener.js';
import type { Identity, IdentityOptions } from '../identity/index.js';
import { seedDevelopmentCourses } from '../resources/seed.js';
import { completeServer, createServer } from '../server.js';
import { createSharedIdentityState } from '../shared-state/index.js';
import { registerRedisMetrics } from '../shared-state/redis-metrics.js';
import type { SharedIdentityState } from '../shared-state/index.js';
import { ClosingStack } from './close-in-reverse.js';
import { pollingOf } from '../db/polled-read.js';

export interface AssemblyOptions extends CreateContextOptions {
  /** How identity is configured (its settings or environment, argon2 cost, control socket).
   * Its shared stores come from the assembly (REDIS_URL), not from here. */
  readonly identity?: Omit<IdentityOptions, 'revocations' | 'lockout' | 'totpReplay'>;
  /** Prefix of every Redis key: identity state under it, rate limits under `<prefix>rl:`.
   * Default `rampart:`. */
  readonly redisPrefix?: string;
  /** Wait up to this long for Redis before building (default 0: never wait, guard falls back). */
  readonly waitForRedisMs?: number;
  /** A few courses for a fresh development platform (idempotent). Default false. */
  readonly seedDevelopmentCourses?: boolean;
}

export interface ListenAddress {
  readonly host?: string;
  readonly port?: number;
}

export interface Platform {
  readonly app: FastifyInstance;
  readonly ctx: PlatformContext;
  readonly identity: Identity;
  readonly storage: DatabaseHandle['kind'];
  /** The process's one Redis connection (REDIS_URL): its `health` is the one signal. */
  readonly redis?: RedisConnection;
  readonly sharedState?: SharedIdentityState;
  readonly rateLimitStore?: RedisRateLimitStore;
  /** The platform's one metrics registry (also `ctx.metrics`). */
  readonly metrics: Registry;
  /** The one security event emitter (log line, security_events row, metric). */
  readonly securityEvents: SecurityEvents;
  /** With METRICS_PORT: the Prometheus listener (GET /metrics without a token). */
  readonly metricsListener?: MetricsListener;
  /** Listens on the configuration's HOST/PORT unless given; resolves with the address. */
  listen(address?: ListenAddress): Promise<string>;
  /** Closes everything, once; a second (or concurrent) call returns the same promise. */
  close(): Promise<void>;
}

/** The Redis client name of this process, as `CLIENT LIST` shows it. */
export function redisConnectionName(): string {
  return `rampart-${process.pid}`;
}

export async function assemblePlatform(config: PlatformConfig, options: AssemblyOptions = {}): Promise<Platform> {
  const opened = new ClosingStack();
  try {
    return await assemble(config, options, opened);
  } catch (error) {
    await opened.close().catch((closeError: unknown) => {
      throw new AggregateError([error, closeError], 'assembling the platform failed, and so did closing what it had opened', {
        cause: error,
      });
    });
    throw error;
  }
}

async function assemble(config: PlatformConfig, options: AssemblyOptions, opened: ClosingStack): Promise<Platform> {
  const context = await createContext(config, options);
  opened.push({ name: 'database', close: context.close });
  // One registry per platform (several platforms can live in one process, e.g. in tests).
  const metrics = new Registry();
  const securityEvents = new SecurityEvents({ db: context.ctx.db, now: context.ctx.now, logger: context.ctx.logger });
  let ctx: PlatformContext = Object.freeze({ ...context.ctx, metrics, securityEvents });
  registerSecurityEventMetrics(metrics, securityEvents);
  // The isolation mode (`rampart isolate`), re-read from the shared database every 250 ms: one
  // hook below refuses what it refuses, /health shows it, and the control socket sets it.
  const isolation = await IsolationState.start({ db: ctx.db, now: ctx.now, logger: ctx.logger, events: securityEvents, ...pollingOf(ctx) });
  opened.push({ name: 'isolation', close: async () => isolation.close() });
  ctx = Object.freeze({ ...ctx, isolation });
  registerIsolationMetrics(metrics, isolation);

  let redis: RedisConnection | undefined;
  let sharedState: SharedIdentityState | undefined;
  let rateLimitStore: RedisRateLimitStore | undefined;
  if (config.redisUrl !== undefined) {
    // Nothing waits for Redis by default: while it is down, each rate-limit class fails closed
    // or falls back (guard) and identity state answers 503 (login) or asks the database.
    const prefix = options.redisPrefix ?? 'rampart:';
    const connection = createRedisConnection({ url: config.redisUrl, name: redisConnectionName(), logger: ctx.logger });
    redis = connection;
    opened.push({ name: 'redis', close: () => connection.close() });
    const state = createSharedIdentityState({ connection, db: ctx.db, now: ctx.now, prefix });
    sharedState = state;
    opened.push({ name: 'shared state', close: () => state.close() });
    rateLimitStore = new RedisRateLimitStore({ connection, prefix: `${prefix}rl:` });
    // Every part built from here on (identity, routes, /metrics) sees the one health record.
    ctx = Object.freeze({ ...ctx, redis: connection.health });
    registerRedisMetrics(metrics, connection.health);
    if (options.waitForRedisMs) await connection.waitUntilUp(options.waitForRedisMs);
  }

  const identity = await createIdentity(ctx, {
    ...options.identity,
    events: securityEvents,
    ...(sharedState ? { revocations: sharedState.revocations, lockout: sharedState.lockout, totpReplay: sharedState.totpReplay } : {}),
  });
  opened.push({ name: 'identity', close: () => identity.close() });
  if (options.seedDevelopmentCourses && config.mode === 'development') await seedDevelopmentCourses(ctx.db);

  const server = createServer(ctx, { identity, securityEvents, ...(rateLimitStore ? { rateLimitStore } : {}) });
  const { app } = server;
  opened.push({ name: 'server', close: () => app.close() });
  // Before guard's hook: an isolated service refuses before rate limits and authentication.
  app.addHook('onRequest', isolationHook(isolation));
  await completeServer(server, ctx, identity);

  let metricsListener: MetricsListener | undefined;
  if (config.metricsListener !== undefined) {
    const listener = await startMetricsListener(metrics, config.metricsListener);
    metricsListener = listener;
    opened.push({ name: 'metrics listener', close: () => listener.close() });
    ctx.logger.info({ metricsListener: listener.url }, 'metrics listener (GET /metrics, no token)');
  }

  return {
    app,
    ctx,
    identity,
    storage: context.database.kind,
    ...(redis ? { redis } : {}),
    ...(sharedState ? { sharedState } : {}),
    ...(rateLimitStore ? { rateLimitStore } : {}),
    metrics,
    securityEvents,
    ...(metricsListener ? { metricsListener } : {}),
    listen: (address = {}) => app.listen({ host: address.host ?? config.host, port: address.port ?? config.port }),
    close: () => opened.close(),
  };
}

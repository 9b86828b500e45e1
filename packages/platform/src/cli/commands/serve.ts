// `rampart serve`: configuration -> context (database, migrations) -> identity -> server ->
// listen; then wait for SIGTERM/SIGINT and shut down gracefully.
import { loadConfig, readEnvironment } from '../../config/index.js';
import { createContext } from '../../context.js';
import { createIdentity } from '../../identity/index.js';
import type { Identity } from '../../identity/index.js';
import { EarlySignals, waitForShutdown } from '../../lifecycle/shutdown.js';
import type { Closer } from '../../lifecycle/shutdown.js';
import { buildServer } from '../../server.js';
import { seedDevelopmentCourses } from '../../resources/seed.js';
import { createSharedIdentityState } from '../../shared-state/index.js';
import { RedisRateLimitStore } from '@rampart/guard';
import type { SharedIdentityState } from '../../shared-state/index.js';
import type { CliIo } from '../types.js';
import { UsageError } from '../types.js';

export async function run(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError('takes no arguments (configuration comes from the environment)');
  const env = readEnvironment(io.env, io.cwd);
  const config = loadConfig(env, io.cwd);
  // From here on a SIGTERM must not kill the process half-way through opening the database.
  const early = new EarlySignals();
  let opened: Awaited<ReturnType<typeof createContext>>;
  try {
    opened = await createContext(config, { logLevel: config.logLevel });
  } catch (error) {
    early.release();
    throw error;
  }
  const { ctx } = opened;
  const closers: Closer[] = [];
  let identity: Identity | undefined;
  let shared: SharedIdentityState | undefined;
  let rateLimitStore: RedisRateLimitStore | undefined;
  try {
    // REDIS_URL: rate limits, lockout, TOTP replay and revocations shared by every instance.
    // Neither waits for Redis: when it is down, each class fails closed or falls back (guard).
    if (config.redisUrl !== undefined) {
      shared = createSharedIdentityState({ url: config.redisUrl, db: ctx.db, now: ctx.now, logger: ctx.logger });
      rateLimitStore = new RedisRateLimitStore({ url: config.redisUrl, logger: ctx.logger });
      closers.push({ name: 'rate-limit store', close: () => (rateLimitStore as RedisRateLimitStore).close() });
    }
    const sharedStores = shared ? { revocations: shared.revocations, lockout: shared.lockout, totpReplay: shared.totpReplay } : {};
    identity = await createIdentity(ctx, { env, ...sharedStores });
    closers.push({ name: 'identity', close: () => (identity as Identity).close() });
    if (shared) closers.push({ name: 'shared state', close: () => (shared as SharedIdentityState).close() });
    closers.push({ name: 'database', close: opened.close });
    // A few courses so that a fresh development platform has something to show (idempotent).
    if (config.mode === 'development') await seedDevelopmentCourses(ctx.db);
    const app = await buildServer(ctx, { identity, ...(rateLimitStore ? { rateLimitStore } : {}) });
    const address = early.received ? undefined : await app.listen({ port: config.port, host: config.host });
    if (address) ctx.logger.info({ address, mode: config.mode, storage: opened.database.kind }, 'rampart listening');
    const signalled = early.release();
    return await waitForShutdown(app, closers, {
      timeoutMs: config.shutdownTimeoutMs,
      logger: ctx.logger,
      ...(signalled ? { signalled } : {}),
    });
  } catch (error) {
    early.release();
    await identity?.close().catch(() => undefined);
    await shared?.close().catch(() => undefined);
    await rateLimitStore?.close().catch(() => undefined);
    await opened.close().catch(() => undefined);
    throw error;
  }
}

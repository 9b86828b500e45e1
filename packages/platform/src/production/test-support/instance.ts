// Test-only: one platform instance wired for production storage (PostgreSQL as the application
// role, Redis for rate limits and identity state), composed from the same parts as `rampart serve`
// (createContext, createIdentity, buildServer). Several of them in one test share nothing but
// PostgreSQL, Redis and the signing keys directory, as separate processes would.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { jsonCall, type JsonAnswer } from '../../../../../test-support/json-call.js';
import { loadConfig } from '../../config/index.js';
import { createContext } from '../../context.js';
import type { OpenContext } from '../../context.js';
import { createIdentity } from '../../identity/index.js';
import type { Identity } from '../../identity/index.js';
import { buildServer } from '../../server.js';
import { createSharedIdentityState } from '../../shared-state/index.js';
import type { SharedIdentityState } from '../../shared-state/index.js';
// Test-support reaches into guard's sources: its rate-limit entry point does not export the store yet.
import { RedisRateLimitStore } from '@rampart/guard';

export interface InstanceOptions {
  readonly databaseUrl: string;
  readonly dataDir: string;
  /** Shared store; omitted: in-process limits and database-backed identity state. */
  readonly redisUrl?: string;
  /** Key prefix in Redis, so that concurrent test files do not share counters. */
  readonly redisPrefix?: string;
  readonly env?: Record<string, string>;
}

export interface Instance {
  readonly baseUrl: string;
  readonly app: FastifyInstance;
  readonly identity: Identity;
  readonly shared?: SharedIdentityState;
  readonly rateLimitStore?: RedisRateLimitStore;
  /** JSON log lines written so far. */
  readonly logs: string[];
  call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options?: { token?: string; body?: unknown }): Promise<Reply>;
  close(): Promise<void>;
}

export type Reply = JsonAnswer;

export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const env: Record<string, string> = {
    RAMPART_ENV: 'production',
    ALLOWED_HOSTS: '127.0.0.1',
    SECURITY_CONTACT: 'mailto:security@example.test',
    // These tests register over HTTP and read refresh tokens from bodies: both are deployment
    // choices (docs/identity.md); the verification and cookie-only defaults have tests of their own.
    REQUIRE_VERIFIED_EMAIL: 'false',
    REFRESH_TOKEN_IN_BODY: 'true',
    RAMPART_DATA_DIR: options.dataDir,
    DATABASE_URL: options.databaseUrl,
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl, RAMPART_INSTANCES: '3' } : {}),
    ...options.env,
  };
  const config = loadConfig(env, options.dataDir);
  // The platform opens PostgreSQL itself (openPostgres): the same pool settings, error
  // listeners and 503 mapping as `rampart serve`.
  const open: OpenContext = await createContext(config, { migrate: false, logStream });
  const { ctx } = open;
  const prefix = options.redisPrefix ?? 'rampart:';
  let shared: SharedIdentityState | undefined;
  let rateLimitStore: RedisRateLimitStore | undefined;
  let identity: Identity | undefined;
  let app: FastifyInstance | undefined;
  try {
    if (options.redisUrl) {
      shared = createSharedIdentityState({ url: options.redisUrl, db: ctx.db, now: ctx.now, logger: ctx.logger, prefix });
      rateLimitStore = new RedisRateLimitStore({ url: options.redisUrl, prefix: `${prefix}rl:`, logger: ctx.logger });
      await shared.waitUntilUp(3000);
      await rateLimitStore.waitUntilUp(3000);
    }
    identity = await createIdentity(ctx, {
      controlSocket: false,
      env,
      ...(shared ? { revocations: shared.revocations, lockout: shared.lockout, totpReplay: shared.totpReplay } : {}),
    });
    app = await buildServer(ctx, { identity, ...(rateLimitStore ? { rateLimitStore } : {}) });
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    // A half-started instance must not leave pools and sockets behind.
    await app?.close().catch(() => undefined);
    await identity?.close().catch(() => undefined);
    await shared?.close();
    await rateLimitStore?.close();
    await open.close();
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;

  return {
    baseUrl,
    app: app as FastifyInstance,
    identity: identity as Identity,
    ...(shared ? { shared } : {}),
    ...(rateLimitStore ? { rateLimitStore } : {}),
    logs,
    async call(method, path, callOptions = {}) {
      return jsonCall(baseUrl, method, path, callOptions);
    },
    async close() {
      await app?.close();
      await identity?.close();
      await shared?.close();
      await rateLimitStore?.close();
      await open.close();
    },
  };
}

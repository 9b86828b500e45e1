// Test-only: one platform instance wired for production storage (PostgreSQL as the application
// role, Redis for rate limits and identity state), built by assemblePlatform as `rampart serve`
// builds it. Several of them in one test share nothing but PostgreSQL, Redis and the signing keys
// directory, as separate processes would.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { jsonCall, type JsonAnswer } from '../../../../../test-support/json-call.js';
import type { RedisConnection, RedisRateLimitStore } from '@rampart/guard';
import { assemblePlatform } from '../../assembly/assemble-platform.js';
import { loadConfig } from '../../config/index.js';
import type { Identity } from '../../identity/index.js';
import type { SharedIdentityState } from '../../shared-state/index.js';

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
  /** The one Redis connection both of them use. */
  readonly redis?: RedisConnection;
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
  const platform = await assemblePlatform(config, {
    migrate: false,
    logStream,
    identity: { controlSocket: false, env },
    redisPrefix: options.redisPrefix ?? 'rampart:',
    waitForRedisMs: 3000,
  });
  const baseUrl = await platform.listen({ host: '127.0.0.1', port: 0 }).catch(async (error: unknown) => {
    await platform.close();
    throw error;
  });

  return {
    baseUrl,
    app: platform.app,
    identity: platform.identity,
    ...(platform.sharedState ? { shared: platform.sharedState } : {}),
    ...(platform.rateLimitStore ? { rateLimitStore: platform.rateLimitStore } : {}),
    ...(platform.redis ? { redis: platform.redis } : {}),
    logs,
    async call(method, path, callOptions = {}) {
      return jsonCall(baseUrl, method, path, callOptions);
    },
    close: platform.close,
  };
}

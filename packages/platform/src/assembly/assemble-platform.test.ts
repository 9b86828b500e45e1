// assemblePlatform against the real local Redis and PGlite: one Redis connection per process,
// close() once however often it is called, and a failure half-way leaves nothing open.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAvailable } from '../../../../test-support/services.js';
import { loadConfig } from '../config/index.js';
import type { Env } from '../config/index.js';
import type { DatabaseHandle } from '../db/index.js';
import { freshDatabase } from '../../../../test-support/pglite-snapshot.js';
import { sendControlRequest } from '../identity/control/client.js';
import { internalsOf } from '../identity/internals.js';
import { freePort } from '../../../../test-support/ports.js';
import { assemblePlatform, redisConnectionName } from './assemble-platform.js';
import { redisClientsNamed } from './test-support/redis-clients.js';

const available = await redisAvailable();
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const NAME = redisConnectionName();

/** Rejects once the database handle is closed. */
const query = (database: DatabaseHandle) => database.db.selectFrom('courses').select('id').limit(1).execute();

describe.runIf(available)('assemblePlatform', { timeout: 120_000 }, () => {
  let admin: Redis;
  let dataDir: string;
  const prefix = `rampart:test:${randomUUID()}:`;

  /** This process's connections as Redis sees them. */
  const connectionsOfThisProcess = (expected: number) => redisClientsNamed(admin, NAME, expected);

  const config = (env: Env = {}) => loadConfig({ RAMPART_DATA_DIR: dataDir, REDIS_URL, ...env }, dataDir);

  beforeAll(async () => {
    admin = new Redis(REDIS_URL);
    dataDir = await mkdtemp(join(tmpdir(), 'rampart-assembly-'));
  });

  afterAll(async () => {
    await admin.quit();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('opens exactly one Redis connection, shared by the rate-limit store and the identity state', async () => {
    const platform = await assemblePlatform(config(), {
      database: await freshDatabase(),
      logStream: quiet,
      migrate: false,
      identity: { controlSocket: false, env: {} },
      redisPrefix: prefix,
      waitForRedisMs: 3000,
    });
    try {
      expect(platform.redis?.health.state).toBe('up');
      expect(await connectionsOfThisProcess(1)).toBe(1);
      // Traffic through both users of the connection: still one connection, one record.
      const base = await platform.listen({ host: '127.0.0.1', port: 0 });
      const health = await request(`${base}/health`, { headers: { host: '127.0.0.1' } });
      expect(health.statusCode).toBe(200);
      await health.body.dump();
      expect(await platform.sharedState?.lockout.get(randomUUID())).toBeDefined();
      expect(await connectionsOfThisProcess(1)).toBe(1);
      expect(platform.rateLimitStore?.health()).toEqual(platform.redis?.health.snapshot());
      expect(platform.sharedState?.health()).toEqual(platform.redis?.health.snapshot());
      // The same record in /metrics.
      const admin = await internalsOf(platform.identity).accounts.register(
        { email: `admin-${randomUUID()}@example.test`, password: `assembly admin ${randomUUID()}`, displayName: 'Admin' },
        'admin',
      );
      const { accessToken } = await internalsOf(platform.identity).issueTokensFor(admin.id);
      const metrics = await request(`${base}/metrics`, { headers: { host: '127.0.0.1', authorization: `Bearer ${accessToken}` } });
      const text = await metrics.body.text();
      expect(metrics.statusCode).toBe(200);
      expect(text).toContain('rampart_shared_store_up 1');
      expect(text).toContain(`rampart_shared_store_went_up_total ${platform.redis?.health.snapshot().wentUp}`);
    } finally {
      await platform.close();
    }
    expect(await connectionsOfThisProcess(0)).toBe(0);
  });

  it('close() runs once: a second and a concurrent call get the same promise, and everything is closed', async () => {
    const database = await freshDatabase();
    const platform = await assemblePlatform(config(), {
      database,
      logStream: quiet,
      migrate: false,
      identity: { controlSocket: false, env: {} },
      redisPrefix: prefix,
      waitForRedisMs: 3000,
    });
    const base = await platform.listen({ host: '127.0.0.1', port: 0 });
    const first = platform.close();
    const concurrent = platform.close();
    expect(concurrent).toBe(first);
    await Promise.all([first, concurrent]);
    expect(platform.close()).toBe(first);
    await expect(request(`${base}/health`)).rejects.toThrow(/ECONNREFUSED/);
    await expect(query(database)).rejects.toThrow();
    expect(await connectionsOfThisProcess(0)).toBe(0);
  });

  it('an identity configuration error after Redis was opened: Redis and the database are closed, the identity error reaches the caller', async () => {
    const database = await freshDatabase();
    const failing = assemblePlatform(config(), {
      database,
      logStream: quiet,
      migrate: false,
      identity: { controlSocket: false, env: { REQUIRE_VERIFIED_EMAIL: 'maybe' } },
      redisPrefix: prefix,
      waitForRedisMs: 3000,
    });
    await expect(failing).rejects.toThrow(/REQUIRE_VERIFIED_EMAIL must be true or false/);
    await expect(query(database)).rejects.toThrow();
    expect(await connectionsOfThisProcess(0)).toBe(0);
  });

  it('guard refusing the policy after identity was opened: identity (its control socket) and the database are closed', async () => {
    const database = await freshDatabase();
    const production = loadConfig(
      { RAMPART_ENV: 'production', ALLOWED_HOSTS: 'api.example.test', SECURITY_CONTACT: 'mailto:s@example.test', RAMPART_DATA_DIR: dataDir },
      dataDir,
    );
    // Several instances with the in-process rate-limit store: guard refuses (limits would not hold).
    const failing = assemblePlatform({ ...production, instances: 2 }, { database, logStream: quiet, migrate: false, identity: { env: {} } });
    await expect(failing).rejects.toThrow(/instances|store/i);
    await expect(query(database)).rejects.toThrow();
    expect(await sendControlRequest(dataDir, { op: 'ping' })).toBeUndefined();
  });

  it('an unreachable PostgreSQL: fails without opening Redis or anything else', async () => {
    const failing = assemblePlatform(config({ DATABASE_URL: `postgres://rampart@127.0.0.1:${await freePort()}/rampart` }), {
      logStream: quiet,
      identity: { controlSocket: false, env: {} },
    });
    await expect(failing).rejects.toThrow();
    expect(await connectionsOfThisProcess(0)).toBe(0);
  });
});

// Redis stopped in the middle of load and restarted, under a running platform instance: nothing
// exits, login/registration/password reset fail closed (503 + Retry-After), the public and
// authenticated classes fall back to the in-process limiter, no 500 and nothing internal in any
// answer, and service recovers without a restart.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../../../../test-support/services.js';
import { migrate } from '../db/migrate.js';
import { postgresMigrationTarget } from '../db/migration-targets.js';
import { provisionRoles } from '../db/provision/index.js';
import { createTestCluster } from '../db/provision/test-support/test-cluster.js';
import type { TestCluster } from '../db/provision/test-support/test-cluster.js';
import { startInstance } from './test-support/instance.js';
import type { Instance, Reply } from './test-support/instance.js';
import { redisServerAvailable, startPrivateRedis } from '../../../../test-support/private-redis.js';
import type { PrivateRedis } from '../../../../test-support/private-redis.js';
import { internalsOf } from '../identity/internals.js';

const available = (await postgresAvailable()) && redisServerAvailable('Redis fault');
const secret = () => randomBytes(24).toString('base64url');
const INTERNALS = /ioredis|redis|ECONNREFUSED|ECONNRESET|stream isn't writeable|at .+\.(?:js|ts):\d+|node_modules|postgres|kysely/i;

type Kind = 'login' | 'register' | 'reset' | 'health' | 'me' | 'unknown';
interface Outcome extends Reply {
  readonly kind: Kind;
  readonly ms: number;
}

describe.runIf(available)('Redis fails under a running platform', () => {
  let cluster: TestCluster;
  let redis: PrivateRedis;
  let instance: Instance;
  let dataDir: string;
  let token: string;
  const outcomes: Outcome[] = [];

  async function one(kind: Kind): Promise<Outcome> {
    const started = performance.now();
    const reply = await (() => {
      switch (kind) {
        case 'login':
          return instance.call('POST', '/auth/login', { body: { email: 'nobody@example.test', password: 'not the password, no' } });
        case 'register':
          return instance.call('POST', '/auth/register', {
            body: { email: `r-${randomBytes(6).toString('hex')}@example.test`, password: `fault test ${secret()}`, displayName: 'R' },
          });
        case 'reset':
          return instance.call('POST', '/auth/password-reset/request', { body: { email: 'nobody@example.test' } });
        case 'health':
          return instance.call('GET', '/health');
        case 'me':
          return instance.call('GET', '/api/me', { token });
        case 'unknown':
          return instance.call('GET', '/no/such/route');
      }
    })();
    const outcome = { ...reply, kind, ms: performance.now() - started };
    outcomes.push(outcome);
    return outcome;
  }

  const batch = (kinds: readonly Kind[]) => Promise.all(kinds.map((kind) => one(kind)));
  const EVERY: readonly Kind[] = ['login', 'register', 'reset', 'health', 'me', 'unknown', 'health', 'me'];

  beforeAll(async () => {
    cluster = await createTestCluster();
    await provisionRoles(cluster.connect('postgres'), { roles: cluster.roles, passwords: { migrator: secret(), app: secret(), readonly: secret() } });
    await migrate(postgresMigrationTarget(cluster.urlAs(cluster.roles.migrator)));
    redis = await startPrivateRedis();
    dataDir = await mkdtemp(join(tmpdir(), 'rampart-redis-fault-'));
    instance = await startInstance({
      databaseUrl: cluster.urlAs(cluster.roles.app),
      dataDir,
      redisUrl: redis.url,
      env: { RATE_LIMIT_LOGIN: '1000/minute', RATE_LIMIT_PASSWORD_RESET: '1000/hour' },
    });
    const user = await internalsOf(instance.identity).accounts.register({ email: `fault-${randomBytes(4).toString('hex')}@example.test`, password: `fault user ${secret()}`, displayName: 'F' });
    token = (await internalsOf(instance.identity).issueTokensFor(user.id)).accessToken;
  });

  afterAll(async () => {
    await instance?.close();
    await redis?.stop();
    await cluster?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('fails closed for login classes, falls back for the others, and recovers by itself', async () => {
    const before = await batch(EVERY);
    expect(before.find((o) => o.kind === 'login')?.status).toBe(401);
    expect(before.find((o) => o.kind === 'me')?.status).toBe(200);

    // Stop Redis while a batch is in flight.
    const inFlight = batch([...EVERY, ...EVERY]);
    await redis.stop();
    await inFlight;

    for (let round = 0; round < 5; round += 1) {
      const down = await batch(EVERY);
      for (const outcome of down) {
        expect(outcome.ms, `${outcome.kind} must not wait for Redis`).toBeLessThan(1500);
        if (outcome.kind === 'login' || outcome.kind === 'register' || outcome.kind === 'reset') {
          expect(outcome.status, outcome.kind).toBe(503);
          expect(Number(outcome.headers['retry-after'])).toBeGreaterThan(0);
        }
        if (outcome.kind === 'health') expect(outcome.status).toBe(200);
        if (outcome.kind === 'me') expect(outcome.status).toBe(200);
        if (outcome.kind === 'unknown') expect(outcome.status).toBe(404);
      }
    }
    expect(instance.rateLimitStore?.health().state).toBe('down');

    await redis.restart();
    const deadline = Date.now() + 8000;
    let recovered = false;
    while (!recovered && Date.now() < deadline) {
      recovered = (await one('login')).status === 401;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recovered).toBe(true);
    const after = await batch(EVERY);
    expect(after.find((o) => o.kind === 'reset')?.status).toBe(202);
    expect(after.find((o) => o.kind === 'register')?.status).toBe(201);

    const health = instance.rateLimitStore!.health();
    expect(health.state).toBe('up');
    expect(health.wentDown).toBeGreaterThanOrEqual(1);
    expect(health.wentUp).toBeGreaterThanOrEqual(2);
    // One connection: the identity state (lockout, TOTP, revocation marks) reports the same
    // record as the rate-limit store, and each outage is logged once, not once per user of it.
    expect(instance.shared!.health()).toEqual(instance.redis!.health.snapshot());
    expect(instance.rateLimitStore!.health()).toEqual(instance.redis!.health.snapshot());
    const logs = instance.logs.join('');
    const downLines = logs.split('\n').filter((line) => line.includes('"msg":"redis store is down"'));
    expect(downLines.length).toBe(health.wentDown);
    expect(logs).toContain('redis store is up');
  });

  it('answers within the command timeout when Redis hangs (process frozen), and resumes after', async () => {
    redis.freeze();
    try {
      const frozen = await batch(EVERY);
      for (const outcome of frozen) {
        expect(outcome.ms, `${outcome.kind} must not hang on a frozen Redis`).toBeLessThan(2000);
        if (outcome.kind === 'login' || outcome.kind === 'register' || outcome.kind === 'reset') expect(outcome.status).toBe(503);
        if (outcome.kind === 'health' || outcome.kind === 'me') expect(outcome.status).toBe(200);
      }
    } finally {
      redis.thaw();
    }
    const deadline = Date.now() + 8000;
    let resumed = false;
    while (!resumed && Date.now() < deadline) {
      resumed = (await one('login')).status === 401;
      if (!resumed) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(resumed).toBe(true);
  });

  it('never answered 500, never without a reference, never with anything internal', () => {
    expect(outcomes.length).toBeGreaterThan(50);
    for (const outcome of outcomes) {
      expect(outcome.status, `${outcome.kind}: ${outcome.text}`).not.toBe(500);
      if (outcome.status >= 500) expect(typeof outcome.body.reference).toBe('string');
      if (outcome.status >= 400) expect(outcome.text).not.toMatch(INTERNALS);
    }
  });
});

// Three platform instances against one PostgreSQL database (as the least-privileged application
// role) and one Redis: limits, lockouts and revocations hold across all of them.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, postgresAvailable, redisAvailable } from '../../../../test-support/services.js';
import { migrate } from '../db/migrate.js';
import { postgresMigrationTarget } from '../db/migration-targets.js';
import { provisionRoles } from '../db/provision/index.js';
import { createTestCluster } from '../db/provision/test-support/test-cluster.js';
import type { TestCluster } from '../db/provision/test-support/test-cluster.js';
import { startInstance } from './test-support/instance.js';
import type { Instance } from './test-support/instance.js';
import { internalsOf } from '../identity/internals.js';

const available = (await postgresAvailable()) && (await redisAvailable());
const secret = () => randomBytes(24).toString('base64url');

describe.runIf(available)('three instances, one PostgreSQL, one Redis', () => {
  const prefix = `rampart:test:${randomUUID()}:`;
  let cluster: TestCluster;
  let dataDir: string;
  let strict: Instance[] = [];
  let relaxed: Instance[] = [];

  const start = (env: Record<string, string>, redisPrefix: string) =>
    startInstance({ databaseUrl: cluster.urlAs(cluster.roles.app), dataDir, redisUrl: REDIS_URL, redisPrefix, env });

  async function newUser(instance: Instance): Promise<{ id: string; email: string; password: string }> {
    const email = `multi-${randomBytes(6).toString('hex')}@example.test`;
    const password = `correct horse ${secret()}`;
    const user = await internalsOf(instance.identity).accounts.register({ email, password, displayName: 'Multi' });
    return { id: user.id, email, password };
  }

  beforeAll(async () => {
    cluster = await createTestCluster();
    await provisionRoles(cluster.connect('postgres'), { roles: cluster.roles, passwords: { migrator: secret(), app: secret(), readonly: secret() } });
    await migrate(postgresMigrationTarget(cluster.urlAs(cluster.roles.migrator)));
    dataDir = await mkdtemp(join(tmpdir(), 'rampart-multi-'));
    // Sequential: the first creates the signing keys in the shared data directory.
    for (let i = 0; i < 3; i += 1) strict.push(await start({}, `${prefix}strict:`));
    for (let i = 0; i < 3; i += 1) relaxed.push(await start({ RATE_LIMIT_LOGIN: '1000/minute' }, `${prefix}relaxed:`));
  });

  afterAll(async () => {
    for (const instance of [...strict, ...relaxed]) await instance.close();
    strict = [];
    relaxed = [];
    await cluster?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    const admin = new Redis(REDIS_URL);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  it('holds the login limit in total, not per instance', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const reply = await strict[i % 3]!.call('POST', '/auth/login', { body: { email: `nobody${i}@example.test`, password: 'not the password at all' } });
      statuses.push(reply.status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
  });

  it('locks an account on every instance after failures spread over all of them', async () => {
    const user = await newUser(relaxed[0]!);
    for (let i = 0; i < 10; i += 1) {
      const reply = await relaxed[i % 3]!.call('POST', '/auth/login', { body: { email: user.email, password: `wrong password ${i} xxxxx` } });
      expect(reply.status).toBe(401);
    }
    for (const instance of relaxed) {
      const reply = await instance.call('POST', '/auth/login', { body: { email: user.email, password: user.password } });
      expect(reply.status).toBe(401);
      expect(reply.body.error).toBe('invalid_credentials');
    }
    expect((await relaxed[1]!.shared!.lockout.get(user.id)).lockedUntil).toBeGreaterThan(Date.now());
  });

  it('refuses a logged-out session on every other instance at once', async () => {
    const user = await newUser(relaxed[0]!);
    const login = await relaxed[0]!.call('POST', '/auth/login', { body: { email: user.email, password: user.password } });
    expect(login.status).toBe(200);
    const token = String(login.body.accessToken);
    // Every instance has just checked (and cached) this token as valid.
    for (const instance of relaxed) expect((await instance.call('GET', '/api/me', { token })).status).toBe(200);
    expect((await relaxed[0]!.call('POST', '/auth/logout', { token })).status).toBe(204);
    for (const instance of relaxed) expect((await instance.call('GET', '/api/me', { token })).status).toBe(401);
  });

  it('refuses every token of a user locked by the operator on one instance, on all of them at once', async () => {
    const user = await newUser(relaxed[0]!);
    const tokens: string[] = [];
    for (const instance of relaxed) {
      const login = await instance.call('POST', '/auth/login', { body: { email: user.email, password: user.password } });
      expect(login.status).toBe(200);
      tokens.push(String(login.body.accessToken));
    }
    for (const [i, instance] of relaxed.entries()) expect((await instance.call('GET', '/api/me', { token: tokens[i] })).status).toBe(200);
    await relaxed[2]!.identity.admin.lock(user.email); // what `rampart users lock` runs in the server process
    for (const instance of relaxed) {
      for (const token of tokens) expect((await instance.call('GET', '/api/me', { token })).status).toBe(401);
    }
  });

  it('detects a refresh token reused on another instance and revokes the whole family', async () => {
    const user = await newUser(relaxed[0]!);
    const login = await relaxed[0]!.call('POST', '/auth/login', { body: { email: user.email, password: user.password } });
    const first = String(login.body.refreshToken);
    const rotated = await relaxed[1]!.call('POST', '/auth/refresh', { body: { refreshToken: first } });
    expect(rotated.status).toBe(200);
    const second = String(rotated.body.refreshToken);
    const access = String(rotated.body.accessToken);
    expect((await relaxed[0]!.call('GET', '/api/me', { token: access })).status).toBe(200);

    const reuse = await relaxed[2]!.call('POST', '/auth/refresh', { body: { refreshToken: first } });
    expect(reuse.status).toBe(401);
    expect((await relaxed[0]!.call('POST', '/auth/refresh', { body: { refreshToken: second } })).status).toBe(401);
    for (const instance of relaxed) expect((await instance.call('GET', '/api/me', { token: access })).status).toBe(401);
  });
});

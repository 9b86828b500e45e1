// Three `rampart serve` processes on different ports, against one PostgreSQL database (as the
// application role) and one Redis (a private redis-server): the login limit holds in total, a
// lock made through one is a lock on all, logout and `rampart users lock` on one refuse the tokens
// on the others at once, a refresh token reused on another instance is detected.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../../../../test-support/services.js';
import { migrate } from '../db/migrate.js';
import { postgresMigrationTarget } from '../db/migration-targets.js';
import { provisionRoles } from '../db/provision/index.js';
import { createTestCluster } from '../db/provision/test-support/test-cluster.js';
import type { TestCluster } from '../db/provision/test-support/test-cluster.js';
import { redisServerAvailable, startPrivateRedis } from '../../../../test-support/private-redis.js';
import type { PrivateRedis } from '../../../../test-support/private-redis.js';
import { rampartBuilt, runRampart, startServe } from '../../../../test-support/rampart-cli.js';
import type { RampartServe as ServeProcess } from '../../../../test-support/rampart-cli.js';

if (!rampartBuilt()) console.warn('skipping the multi-process test: the CLI is not built (npm run build)');
const available = (await postgresAvailable()) && redisServerAvailable('multi-process') && rampartBuilt();
const secret = () => randomBytes(24).toString('base64url');
/** Login-class budget per client address for the whole test (one window: an hour). */
const LOGIN_BUDGET = 40;

describe.runIf(available)('three rampart serve processes, one PostgreSQL, one Redis', () => {
  let cluster: TestCluster;
  let redis: PrivateRedis;
  const dataDirs: string[] = [];
  const servers: ServeProcess[] = [];
  /** Statuses of every login-class request (login, refresh), on any instance; registration has
   * its own class (`register`). */
  const loginClass: number[] = [];

  async function loginClassCall(server: ServeProcess, path: string, body: unknown) {
    const reply = await server.call('POST', path, { body });
    loginClass.push(reply.status);
    return reply;
  }

  async function register(server: ServeProcess) {
    const email = `mp-${randomBytes(6).toString('hex')}@example.test`;
    const password = `multi process ${secret()}`;
    const reply = await server.call('POST', '/auth/register', { body: { email, password, displayName: 'MP' } });
    expect(reply.status).toBe(201);
    return { email, password };
  }

  beforeAll(async () => {
    cluster = await createTestCluster();
    await provisionRoles(cluster.connect('postgres'), { roles: cluster.roles, passwords: { migrator: secret(), app: secret(), readonly: secret() } });
    await migrate(postgresMigrationTarget(cluster.urlAs(cluster.roles.migrator)));
    redis = await startPrivateRedis();
    for (let i = 0; i < 3; i += 1) dataDirs.push(await mkdtemp(join(tmpdir(), `rampart-mp${i}-`)));
    const env = (dataDir: string) => ({
      RAMPART_ENV: 'production',
      ALLOWED_HOSTS: '127.0.0.1',
      SECURITY_CONTACT: 'mailto:security@example.test',
      // Registered over HTTP, refresh tokens read from bodies: both opted into (docs/identity.md).
      REQUIRE_VERIFIED_EMAIL: 'false',
      REFRESH_TOKEN_IN_BODY: 'true',
      RAMPART_DATA_DIR: dataDir,
      DATABASE_URL: cluster.urlAs(cluster.roles.app),
      REDIS_URL: redis.url,
      RAMPART_INSTANCES: '3',
      RATE_LIMIT_LOGIN: `${LOGIN_BUDGET}/hour`,
    });
    servers.push(await startServe(env(dataDirs[0]!)));
    // Every instance signs and verifies with the same keys (a deployment shares them as a secret).
    for (const dataDir of dataDirs.slice(1)) await cp(join(dataDirs[0]!, 'keys'), join(dataDir, 'keys'), { recursive: true });
    servers.push(...(await Promise.all(dataDirs.slice(1).map((dataDir) => startServe(env(dataDir))))));
  }, 400_000);

  afterAll(async () => {
    for (const server of servers) server.kill();
    await redis?.stop();
    await cluster?.drop();
    for (const dataDir of dataDirs) await rm(dataDir, { recursive: true, force: true });
  });

  it('locks an account on every instance after failures spread over all of them', async () => {
    const user = await register(servers[0]!);
    for (let i = 0; i < 10; i += 1) {
      const reply = await loginClassCall(servers[i % 3]!, '/auth/login', { email: user.email, password: `wrong password ${i} xxxxxx` });
      expect(reply.status).toBe(401);
    }
    for (const server of servers) {
      const reply = await loginClassCall(server, '/auth/login', user);
      expect(reply.status).toBe(401);
    }
  });

  it('refuses a logged-out session on every other instance at once', async () => {
    const user = await register(servers[1]!);
    const login = await loginClassCall(servers[1]!, '/auth/login', user);
    expect(login.status).toBe(200);
    const token = String(login.body.accessToken);
    for (const server of servers) expect((await server.call('GET', '/api/me', { token })).status).toBe(200);
    expect((await servers[1]!.call('POST', '/auth/logout', { token })).status).toBe(204);
    for (const server of servers) expect((await server.call('GET', '/api/me', { token })).status).toBe(401);
  });

  it('refuses every token of a user after `rampart users lock` on one instance, on all of them at once', async () => {
    const user = await register(servers[2]!);
    const tokens: string[] = [];
    for (const server of servers) {
      const login = await loginClassCall(server, '/auth/login', user);
      expect(login.status).toBe(200);
      tokens.push(String(login.body.accessToken));
    }
    for (const [i, server] of servers.entries()) expect((await server.call('GET', '/api/me', { token: tokens[i] })).status).toBe(200);
    const locked = await runRampart(['users', 'lock', '--email', user.email], { RAMPART_DATA_DIR: dataDirs[2]!, RAMPART_ENV: 'production', ALLOWED_HOSTS: '127.0.0.1', SECURITY_CONTACT: 'mailto:security@example.test', DATABASE_URL: cluster.urlAs(cluster.roles.app) });
    expect(locked.code, locked.output).toBe(0);
    for (const server of servers) {
      for (const token of tokens) expect((await server.call('GET', '/api/me', { token })).status).toBe(401);
    }
  });

  it('detects a refresh token reused on another instance and revokes the whole family', async () => {
    const user = await register(servers[0]!);
    const login = await loginClassCall(servers[0]!, '/auth/login', user);
    const first = String(login.body.refreshToken);
    const rotated = await loginClassCall(servers[1]!, '/auth/refresh', { refreshToken: first });
    expect(rotated.status).toBe(200);
    const access = String(rotated.body.accessToken);
    expect((await loginClassCall(servers[2]!, '/auth/refresh', { refreshToken: first })).status).toBe(401);
    for (const server of servers) expect((await server.call('GET', '/api/me', { token: access })).status).toBe(401);
  });

  it('holds the login limit in total over the three instances, not per instance', async () => {
    for (let i = 0; loginClass.filter((s) => s === 429).length < 6 && i < LOGIN_BUDGET * 3; i += 1) {
      await loginClassCall(servers[i % 3]!, '/auth/login', { email: `nobody-${i}@example.test`, password: 'not the password, not at all' });
    }
    expect(loginClass.filter((s) => s !== 429)).toHaveLength(LOGIN_BUDGET);
    expect(loginClass.filter((s) => s === 429).length).toBeGreaterThanOrEqual(6);
    for (const server of servers) expect(server.child.exitCode).toBeNull();
  });
});

// PostgreSQL becomes unreachable (a TCP proxy the test controls cuts every connection and refuses
// new ones) while clients write: they get 503 with a reference and nothing internal, the process
// keeps running, service comes back by itself, and every write acknowledged with 201 is in the
// database afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, postgresAvailable } from '../../../../test-support/services.js';
import { migrate } from '../db/migrate.js';
import { postgresMigrationTarget } from '../db/migration-targets.js';
import { provisionRoles } from '../db/provision/index.js';
import { createTestCluster } from '../db/provision/test-support/test-cluster.js';
import type { TestCluster } from '../db/provision/test-support/test-cluster.js';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { startInstance } from './test-support/instance.js';
import type { Instance, Reply } from './test-support/instance.js';
import { startTcpProxy } from '../../../../test-support/tcp-proxy.js';
import type { TcpProxy } from '../../../../test-support/tcp-proxy.js';
import { internalsOf } from '../identity/internals.js';

const available = await postgresAvailable();
const secret = () => randomBytes(24).toString('base64url');
const INTERNALS = /ECONNREFUSED|ECONNRESET|Connection terminated|postgres|kysely|pg-pool|SQL|at .+\.(?:js|ts):\d+|node_modules/i;

describe('isDatabaseUnavailable', () => {
  it('recognises connection failures and nothing else', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('permission denied'), { code: '42501' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly; DROP TABLE'))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});

describe.runIf(available)('PostgreSQL unreachable under a running platform', () => {
  let cluster: TestCluster;
  let proxy: TcpProxy;
  let instance: Instance;
  let dataDir: string;
  let token: string;
  const results: { title: string; reply: Reply }[] = [];

  beforeAll(async () => {
    cluster = await createTestCluster();
    await provisionRoles(cluster.connect('postgres'), { roles: cluster.roles, passwords: { migrator: secret(), app: secret(), readonly: secret() } });
    await migrate(postgresMigrationTarget(cluster.urlAs(cluster.roles.migrator)));
    const target = new URL(POSTGRES_URL);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(cluster.urlAs(cluster.roles.app));
    viaProxy.port = String(proxy.port);
    dataDir = await mkdtemp(join(tmpdir(), 'rampart-pg-fault-'));
    instance = await startInstance({
      databaseUrl: viaProxy.toString(),
      dataDir,
      env: { RATE_LIMIT_AUTHENTICATED: '100000/minute' },
    });
    const admin = await internalsOf(instance.identity).accounts.register(
      { email: `pg-fault-${randomBytes(4).toString('hex')}@example.test`, password: `pg fault admin ${secret()}`, displayName: 'Admin' },
      'admin',
    );
    token = (await internalsOf(instance.identity).issueTokensFor(admin.id)).accessToken;
  });

  afterAll(async () => {
    await instance?.close();
    await proxy?.close();
    await cluster?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with a reference while the database is gone, loses no acknowledged write, and recovers', async () => {
    let phase: 'up' | 'down' | 'back' = 'up';
    let counter = 0;
    const writer = async (until: () => boolean) => {
      while (!until()) {
        const title = `course ${phase} ${(counter += 1)} ${randomBytes(3).toString('hex')}`;
        const reply = await instance.call('POST', '/api/courses', { token, body: { title } });
        results.push({ title, reply });
      }
    };
    let stop = false;
    const writers = Array.from({ length: 4 }, () => writer(() => stop));
    await new Promise((resolve) => setTimeout(resolve, 500));
    proxy.cut();
    phase = 'down';
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const duringOutage = results.length;
    proxy.restore();
    phase = 'back';
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !results.slice(duringOutage).some((r) => r.reply.status === 201)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop = true;
    await Promise.all(writers);

    // 401 is the subject of the next test; anything else but 201 and 503 is wrong here.
    const statuses = new Set(results.map((r) => r.reply.status).filter((s) => s !== 401));
    expect([...statuses].every((s) => s === 201 || s === 503), `statuses: ${[...statuses].join(', ')}`).toBe(true);
    const unavailable = results.filter((r) => r.reply.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const { reply } of unavailable) {
      expect(reply.body.error).toBe('service_unavailable');
      expect(typeof reply.body.reference).toBe('string');
      expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
      expect(reply.text).not.toMatch(INTERNALS);
    }
    expect(results.slice(duringOutage).some((r) => r.reply.status === 201)).toBe(true);

    const acknowledged = results.filter((r) => r.reply.status === 201).map((r) => r.title);
    expect(acknowledged.length).toBeGreaterThan(5);
    const { rows } = await sql<{ title: string }>`SELECT title FROM courses`.execute(cluster.connect('postgres'));
    const stored = new Set(rows.map((row) => row.title));
    expect(acknowledged.filter((title) => !stored.has(title))).toEqual([]);
  });

  it('never refuses a valid token (401) because the database is unreachable: that is a 503', () => {
    expect(results.length).toBeGreaterThan(0);
    const refused = results.filter((r) => r.reply.status === 401);
    expect(refused.map((r) => r.reply.body.error), 'a client would drop a valid token').toEqual([]);
  });
});

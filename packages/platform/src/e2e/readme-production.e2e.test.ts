// The production steps of README.md (section "Production") and of docs/production.md (the
// runbook) run as written: their sh blocks, in order, in one bash session, against the local
// PostgreSQL and Redis. Only names that must be unique per run are replaced, from the table
// below (a database, role prefix, ports, directories, a Redis database number); if a document
// changes, this test runs the new text. Afterwards every instance answers /health, a user
// registered on one instance and verified through `rampart users verify` logs in on another and
// uses the token on a third, and `rampart audit` passes.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, postgresAvailable, redisAvailable } from '../../../../test-support/services.js';
import { freePort } from '../../../../test-support/ports.js';
import { rampartBuilt, runRampart } from '../../../../test-support/rampart-cli.js';
import { adminQuery as admin } from './test-support/admin-query.js';
import { fillPlaceholders, runShell, shellBlocks } from './test-support/doc-shell.js';
import type { ShellSession } from './test-support/doc-shell.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** The programs the documented commands call besides `npx rampart`. */
function toolsPresent(): boolean {
  const missing = ['bash', 'createdb', 'openssl', 'curl', 'timeout'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (missing.length === 0) return true;
  const reason = `the documented commands need ${missing.join(', ')} (apt-get install postgresql-client openssl curl)`;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI requires them`);
  console.warn(`skipping the README production test: ${reason}`);
  return false;
}

if (!rampartBuilt()) console.warn('skipping the README production test: the CLI is not built (npm run build)');
const available = (await postgresAvailable()) && (await redisAvailable()) && toolsPresent() && rampartBuilt();

/** A Redis database number nobody uses (empty), so the instances' counters are this run's alone. */
async function emptyRedisDatabase(): Promise<number> {
  const candidates = Array.from({ length: 15 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
  for (const db of candidates) {
    const redis = new Redis(REDIS_URL, { db, lazyConnect: true });
    await redis.connect();
    try {
      if ((await redis.dbsize()) === 0) return db;
    } finally {
      redis.disconnect();
    }
  }
  throw new Error('no empty Redis database among 1..15');
}

async function redisKeyCount(db: number): Promise<number> {
  const redis = new Redis(REDIS_URL, { db });
  try {
    return (await redis.keys('rampart:*')).length;
  } finally {
    redis.disconnect();
  }
}

async function dropRedisKeys(db: number): Promise<void> {
  const redis = new Redis(REDIS_URL, { db });
  try {
    for (let cursor = '0'; ; ) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'rampart:*', 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      if (next === '0') break;
      cursor = next;
    }
  } finally {
    redis.disconnect();
  }
}

interface Deployment {
  readonly name: string;
  readonly prefix: string;
  readonly redisDb: number;
  readonly root: string;
  readonly ports: readonly [number, number, number];
}

async function newDeployment(label: string): Promise<Deployment> {
  const name = `rp_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  return {
    name,
    prefix: name,
    redisDb: await emptyRedisDatabase(),
    root: mkdtempSync(join(tmpdir(), `rampart-${label}-`)),
    ports: [await freePort(), await freePort(), await freePort()],
  };
}

async function dropDeployment(deployment: Deployment, session: ShellSession | undefined): Promise<void> {
  await session?.stop();
  await admin(`DROP DATABASE IF EXISTS ${deployment.name} WITH (FORCE)`);
  for (const role of ['migrator', 'app', 'readonly']) await admin(`DROP ROLE IF EXISTS ${deployment.prefix}_${role}`);
  await dropRedisKeys(deployment.redisDb);
  rmSync(deployment.root, { recursive: true, force: true });
}

async function json(port: number, method: 'GET' | 'POST', path: string, options: { body?: unknown; token?: string } = {}) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

/** What "a working deployment" means: every instance healthy, a session made on one accepted by
 * the others (with one instance: by itself), the outside audit clean. `dataDir` is the one of the
 * instance whose control socket `rampart users` reaches, with `env`. */
async function checkDeployment(ports: readonly number[], dataDir: string, env: Record<string, string>): Promise<void> {
  for (const port of ports) {
    const health = await json(port, 'GET', '/health');
    expect(health.status, `instance on ${port}`).toBe(200);
  }
  const [first, second, third] = [0, 1, 2].map((i) => ports[i % ports.length] as number) as [number, number, number];
  const email = `readme-${randomBytes(4).toString('hex')}@example.test`;
  const password = `documented path ${randomBytes(12).toString('base64url')}`;
  const registered = await json(first, 'POST', '/auth/register', { body: { email, password, displayName: 'Readme' } });
  expect(registered.status).toBe(201);
  // Production requires a verified address; the operator's command reaches a running instance
  // through its control socket.
  const verified = await runRampart(['users', 'verify', '--email', email], { ...env, RAMPART_DATA_DIR: dataDir });
  expect(verified.code, verified.output).toBe(0);
  const login = await json(second, 'POST', '/auth/login', { body: { email, password } });
  expect(login.status).toBe(200);
  const token = String(login.body.accessToken);
  const me = await json(third, 'GET', '/api/me', { token });
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ email });
  // A logout on one instance is refused on the others at once: the Redis revocation marks.
  expect((await json(first, 'POST', '/auth/logout', { token })).status).toBe(204);
  for (const port of ports) expect((await json(port, 'GET', '/api/me', { token })).status, `instance on ${port}`).toBe(401);
  const audit = await runRampart(['audit', `http://127.0.0.1:${third}`, '--quiet'], {}, 240_000);
  expect(audit.code, audit.output).toBe(0);
}

/** The replacements both documents need: names unique to this run. */
function uniqueNames({ name, prefix, redisDb, root }: Deployment, redisUrl: string): Array<[string, string]> {
  return [
    ['-U postgres rampart', `-U postgres ${name}`],
    ['5432/rampart', `5432/${name}`],
    ['--role-prefix rampart', `--role-prefix ${prefix}`],
    ['rampart_migrator:', `${prefix}_migrator:`],
    ['rampart_app:', `${prefix}_app:`],
    [redisUrl, `redis://127.0.0.1:6379/${redisDb}`],
    ['/var/lib/rampart', root],
  ];
}

/** What `rampart users` needs to reach the deployment (the local server trusts 127.0.0.1, so the
 * application role connects without the password that lived only in the script's shell). */
function operatorEnv({ name, prefix }: Deployment): Record<string, string> {
  return {
    RAMPART_ENV: 'production',
    ALLOWED_HOSTS: '127.0.0.1',
    SECURITY_CONTACT: 'mailto:security@example.test',
    DATABASE_URL: `postgres://${prefix}_app@127.0.0.1:5432/${name}`,
  };
}

async function runDocumented(blocks: readonly string[], table: ReadonlyArray<readonly [string, string]>, prefix: string): Promise<ShellSession> {
  const session = await runShell(fillPlaceholders(blocks.join('\n'), table), { cwd: REPO, env: {}, timeoutMs: 600_000 });
  try {
    expect(session.code, session.output()).toBe(0);
    expect(session.output()).toContain(`created role ${prefix}_app`);
    expect(session.output()).toMatch(/applied \d+ migration\(s\) to PostgreSQL/);
  } catch (error) {
    await session.stop();
    throw error;
  }
  return session;
}

describe.runIf(available)('the documented production steps, run verbatim', { timeout: 900_000 }, () => {
  /** Every deployment a test made, with the shell session whose jobs serve it. */
  const made: Array<{ deployment: Deployment; session?: ShellSession }> = [];
  afterAll(async () => {
    for (const { deployment, session } of made) await dropDeployment(deployment, session);
  });

  async function deploy(label: string, blocks: readonly string[], table: (deployment: Deployment) => Array<[string, string]>): Promise<Deployment> {
    const entry: { deployment: Deployment; session?: ShellSession } = { deployment: await newDeployment(label) };
    made.push(entry);
    entry.session = await runDocumented(blocks, table(entry.deployment), entry.deployment.prefix);
    return entry.deployment;
  }

  it('README.md "Production" gives a working three-instance deployment', async () => {
    const blocks = shellBlocks(join(REPO, 'README.md'), 'Production');
    const deployment = await deploy('readme', blocks, (d) => [
      ...uniqueNames(d, 'redis://127.0.0.1:6379/0'),
      ['3001', String(d.ports[0])],
      ['3002', String(d.ports[1])],
      ['3003', String(d.ports[2])],
    ]);
    await checkDeployment(deployment.ports, join(deployment.root, '2'), operatorEnv(deployment));
    // The instances' counters and marks live in the Redis database the README names.
    expect(await redisKeyCount(deployment.redisDb)).toBeGreaterThan(0);
  });

  it('the docs/production.md runbook provisions, migrates and serves a production instance', async () => {
    const runbook = join(REPO, 'docs', 'production.md');
    const blocks = [...shellBlocks(runbook, '1. PostgreSQL: provision the roles (once)'), ...shellBlocks(runbook, '2. Migrate, then serve')];
    const deployment = await deploy('runbook', blocks, (d) => [
      ...uniqueNames(d, 'redis://cache.internal:6379/0'),
      ['db.internal', '127.0.0.1'],
      ['3000', String(d.ports[0])],
    ]);
    await checkDeployment([deployment.ports[0]], deployment.root, operatorEnv(deployment));
  });
});

// The real programs: `rampart serve` as a child process (embedded PGlite, then PostgreSQL), and
// `rampart users add|lock` / `keys rotate` as further child processes talking to it through the
// control socket. The password goes through the child's standard input.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresAvailable, POSTGRES_URL } from '../../../../../test-support/services.js';
import { freshPostgresDatabase } from '../../../../../test-support/postgres-database.js';
import { runRampart, startServe, type RampartServe as ServeProcess } from '../../../../../test-support/rampart-cli.js';
import { rawRequest } from '../../../../../test-support/raw-request.js';

const PASSWORD = 'process level passphrase';
const pgUp = await postgresAvailable();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

const rampart = (args: string[], env: Record<string, string>, stdin = '') => runRampart(args, env, 120_000, stdin);

async function json(server: ServeProcess, method: string, path: string, body?: unknown, token?: string) {
  const response = await rawRequest(server.port, {
    method,
    path,
    headers: {
      host: '127.0.0.1',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {} };
}

async function scenario(extraEnv: Record<string, string>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rmp-proc-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const env = {
    RAMPART_DATA_DIR: dataDir,
    RAMPART_ENV: 'production',
    ALLOWED_HOSTS: '127.0.0.1',
    SECURITY_CONTACT: 'mailto:security@example.com',
    RATE_LIMIT_LOGIN: '1000/minute',
    // Registered over HTTP, refresh tokens read from bodies: both opted into (docs/identity.md).
    REQUIRE_VERIFIED_EMAIL: 'false',
    REFRESH_TOKEN_IN_BODY: 'true',
    ...extraEnv,
  };
  const server = await startServe(env);
  cleanups.push(() => server.stop());

  // The end-to-end flow over HTTP: register, login, access, refresh, logout.
  const registered = await json(server, 'POST', '/auth/register', { email: 'e2e@example.com', password: PASSWORD, displayName: 'E2E' });
  expect(registered.status).toBe(201);
  const first = await json(server, 'POST', '/auth/login', { email: 'e2e@example.com', password: PASSWORD });
  expect(first.status).toBe(200);
  expect((await json(server, 'GET', '/api/me', undefined, first.body.accessToken as string)).body.id).toBe(registered.body.id);
  const refreshed = await json(server, 'POST', '/auth/refresh', { refreshToken: first.body.refreshToken });
  expect(refreshed.status).toBe(200);
  expect((await json(server, 'GET', '/api/me', undefined, refreshed.body.accessToken as string)).status).toBe(200);
  expect((await json(server, 'POST', '/auth/logout', undefined, refreshed.body.accessToken as string)).status).toBe(204);
  expect((await json(server, 'GET', '/api/me', undefined, refreshed.body.accessToken as string)).status).toBe(401);
  expect((await json(server, 'POST', '/auth/refresh', { refreshToken: refreshed.body.refreshToken })).status).toBe(401);

  const added = await rampart(['users', 'add', '--email', 'proc@example.com', '--role', 'paid-individual'], env, `${PASSWORD}\n`);
  expect(added.output).toContain('user added: proc@example.com (paid-individual)');
  expect(added.code).toBe(0);

  const login = await json(server, 'POST', '/auth/login', { email: 'proc@example.com', password: PASSWORD });
  expect(login.status).toBe(200);
  const token = login.body.accessToken as string;
  expect((await json(server, 'GET', '/api/me', undefined, token)).status).toBe(200);

  const locked = await rampart(['users', 'lock', '--email', 'proc@example.com'], env);
  expect(locked.code).toBe(0);
  expect((await json(server, 'GET', '/api/me', undefined, token)).status).toBe(401);
  expect((await json(server, 'POST', '/auth/login', { email: 'proc@example.com', password: PASSWORD })).status).toBe(401);

  expect((await rampart(['users', 'unlock', '--email', 'proc@example.com'], env)).code).toBe(0);
  const rotated = await rampart(['keys', 'rotate'], env);
  expect(rotated.output).toContain('running server reloaded');
  const after = await json(server, 'POST', '/auth/login', { email: 'proc@example.com', password: PASSWORD });
  expect(after.status).toBe(200);
  const jwks = await json(server, 'GET', '/.well-known/jwks.json');
  expect((jwks.body.keys as unknown[]).length).toBe(2);
  expect(await server.stop()).toBe(0);
}

describe('rampart CLI against a running rampart serve process', { timeout: 300_000 }, () => {
  it('embedded PGlite: users add (stdin), lock takes effect at once, unlock, keys rotate', async () => {
    await scenario({});
  });

  it.runIf(pgUp)('PostgreSQL: the same through the control socket', async () => {
    const database = await freshPostgresDatabase(POSTGRES_URL);
    // Dropped at the end (close drops the test database).
    cleanups.push(() => database.close());
    // Development mode: the throw-away database is reached as the superuser, which production
    // refuses at start (least-privilege self-check); the CLI path under test is the same.
    await scenario({ DATABASE_URL: database.url, RAMPART_ENV: 'development' });
  });
});

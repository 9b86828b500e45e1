// `rampart isolate` against two real `rampart serve` processes sharing one PostgreSQL database:
// the mode set through one server's control socket, or by the CLI on the database directly,
// holds on both within a second (read-only: writes 503 with Retry-After, reads work; closed:
// everything but /health answers 503), /health shows it, and each change is a sys_admin_action event.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../../../../../test-support/postgres-database.js';
import { rampartBuilt, runRampart, startServe, type RampartServe } from '../../../../../test-support/rampart-cli.js';
import { postgresAvailable } from '../../../../../test-support/services.js';
import { within } from '../../../../../test-support/within.js';

if (!rampartBuilt()) console.warn('skipping the isolate process test: the CLI is not built (npm run build)');
const available = (await postgresAvailable()) && rampartBuilt();

describe.runIf(available)('rampart isolate across two serve processes on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  const dataDirs: string[] = [];
  const servers: RampartServe[] = [];
  let token = '';
  const env = (dataDir: string) => ({
    RAMPART_ENV: 'development',
    RAMPART_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    REQUIRE_VERIFIED_EMAIL: 'false',
  });

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    for (let i = 0; i < 3; i += 1) dataDirs.push(await mkdtemp(join(tmpdir(), `rmp-iso${i}-`)));
    servers.push(await startServe(env(dataDirs[0]!)));
    await cp(join(dataDirs[0]!, 'keys'), join(dataDirs[1]!, 'keys'), { recursive: true });
    servers.push(await startServe(env(dataDirs[1]!)));
    const user = { email: `iso-${randomBytes(4).toString('hex')}@example.test`, password: `isolation ${randomBytes(12).toString('hex')}` };
    expect((await servers[0]!.call('POST', '/auth/register', { body: { ...user, displayName: 'Iso' } })).status).toBe(201);
    const login = await servers[0]!.call('POST', '/auth/login', { body: user });
    expect(login.status).toBe(200);
    token = String(login.body.accessToken);
  }, 400_000);

  afterAll(async () => {
    for (const server of servers) await server.stop().catch(() => server.kill());
    await database?.close();
    for (const dataDir of dataDirs) await rm(dataDir, { recursive: true, force: true });
  });

  const writeStatus = async (server: RampartServe) => (await server.call('POST', '/auth/login', { body: { email: 'nobody@example.test', password: 'x'.repeat(20) } })).status;
  const readStatus = async (server: RampartServe) => (await server.call('GET', '/api/me', { token })).status;

  it('read-only through one server: writes answer 503 with Retry-After on both within a second, reads work', async () => {
    const set = await runRampart(['isolate', 'read-only'], env(dataDirs[0]!));
    expect(set.output).toContain('isolation: read-only, was off');
    expect(set.code).toBe(0);
    for (const server of servers) {
      const took = await within(1_000, async () => (await writeStatus(server)) === 503);
      console.log(`read-only effective on ${server.baseUrl} after ${took} ms`);
      const refused = await server.call('POST', '/auth/register', { body: { email: 'a@example.test', password: 'y'.repeat(20), displayName: 'A' } });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('30');
      expect(refused.body.error).toBe('service_unavailable');
      expect(await readStatus(server)).toBe(200);
      expect((await server.call('GET', '/health')).body).toEqual({ status: 'ok', isolation: 'read-only' });
    }
  });

  it('closed by the CLI on the database directly: everything but /health answers 503 on both within a second', async () => {
    const set = await runRampart(['isolate', 'closed'], env(dataDirs[2]!));
    expect(set.output).toContain('isolation: closed, was read-only');
    expect(set.code).toBe(0);
    for (const server of servers) {
      await within(1_000, async () => (await readStatus(server)) === 503);
      expect(await writeStatus(server)).toBe(503);
      const health = await server.call('GET', '/health');
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok', isolation: 'closed' });
    }
    const status = await runRampart(['isolate', 'status'], env(dataDirs[1]!));
    expect(status.output).toContain('isolation: closed');
  });

  it('off: normal service again on both, and every change is a sys_admin_action event', async () => {
    expect((await runRampart(['isolate', 'off'], env(dataDirs[1]!))).code).toBe(0);
    for (const server of servers) {
      await within(1_000, async () => (await readStatus(server)) === 200);
      expect(await writeStatus(server)).toBe(401);
      expect((await server.call('GET', '/health')).body).toEqual({ status: 'ok' });
    }
    const events = await database.db.selectFrom('security_events').select('detail').where('kind', '=', 'sys_admin_action').orderBy('at').execute();
    expect(events.map((event) => event.detail)).toEqual([
      { action: 'isolate', mode: 'read-only', previous: 'off' },
      { action: 'isolate', mode: 'closed', previous: 'read-only' },
      { action: 'isolate', mode: 'off', previous: 'closed' },
    ]);
  });

  it('refuses a bad mode with exit 2 and a message naming it', async () => {
    const bad = await runRampart(['isolate', 'half-open'], env(dataDirs[2]!));
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('unknown isolation mode "half-open"');
    expect((await runRampart(['isolate'], env(dataDirs[2]!))).code).toBe(2);
  });
});

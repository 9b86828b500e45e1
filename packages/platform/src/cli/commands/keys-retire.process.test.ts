// `rampart keys retire <kid>` against two real `rampart serve` processes sharing one PostgreSQL
// database and their key files: after a rotation, retiring the old key refuses the tokens it
// signed on both servers within a second (even tokens already verified and cached), while tokens
// of the new key keep working; the signing key itself cannot be retired; each retirement is a
// sys_admin_action event.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../../../../../test-support/postgres-database.js';
import { rampartBuilt, runRampart, startServe, type RampartServe } from '../../../../../test-support/rampart-cli.js';
import { postgresAvailable } from '../../../../../test-support/services.js';
import { within } from '../../../../../test-support/within.js';

if (!rampartBuilt()) console.warn('skipping the keys retire process test: the CLI is not built (npm run build)');
const available = (await postgresAvailable()) && rampartBuilt();

const kidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()) as { kid: string }).kid;

describe.runIf(available)('rampart keys retire across two serve processes on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  const dataDirs: string[] = [];
  const servers: RampartServe[] = [];
  const user = { email: `keys-${randomBytes(4).toString('hex')}@example.test`, password: `retire ${randomBytes(12).toString('hex')}` };
  const env = (dataDir: string) => ({
    RAMPART_ENV: 'development',
    RAMPART_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    REQUIRE_VERIFIED_EMAIL: 'false',
    RATE_LIMIT_LOGIN: '500/hour',
  });
  const login = async (server: RampartServe) => {
    const reply = await server.call('POST', '/auth/login', { body: user });
    expect(reply.status).toBe(200);
    return String(reply.body.accessToken);
  };
  const statuses = (token: string) => Promise.all(servers.map(async (server) => (await server.call('GET', '/api/me', { token })).status));
  /** Rotates on the first host and hands the new key file to the second, as a deployment shares keys. */
  async function rotate(): Promise<void> {
    expect((await runRampart(['keys', 'rotate'], env(dataDirs[0]!))).code).toBe(0);
    await cp(join(dataDirs[0]!, 'keys'), join(dataDirs[1]!, 'keys'), { recursive: true, force: true });
  }

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    for (let i = 0; i < 3; i += 1) dataDirs.push(await mkdtemp(join(tmpdir(), `rmp-key${i}-`)));
    servers.push(await startServe(env(dataDirs[0]!)));
    await cp(join(dataDirs[0]!, 'keys'), join(dataDirs[1]!, 'keys'), { recursive: true });
    servers.push(await startServe(env(dataDirs[1]!)));
    expect((await servers[0]!.call('POST', '/auth/register', { body: { ...user, displayName: 'Keys' } })).status).toBe(201);
  }, 400_000);

  afterAll(async () => {
    for (const server of servers) await server.stop().catch(() => server.kill());
    await database?.close();
    for (const dataDir of dataDirs) await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses to retire the key that signs, and a malformed kid with exit 2', async () => {
    const kid = kidOf(await login(servers[0]!));
    const refused = await runRampart(['keys', 'retire', kid], env(dataDirs[0]!));
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('run `rampart keys rotate` first');
    const bad = await runRampart(['keys', 'retire', '../../etc/passwd'], env(dataDirs[0]!));
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('is not a key id');
    expect((await runRampart(['keys', 'retire'], env(dataDirs[0]!))).code).toBe(2);
  });

  it('after a rotation, retiring the old key through a server refuses its tokens on both within a second', async () => {
    const old = await login(servers[1]!);
    expect(await statuses(old)).toEqual([200, 200]); // verified, and cached, on both
    await rotate();
    const retired = await runRampart(['keys', 'retire', kidOf(old)], env(dataDirs[0]!));
    expect(retired.output).toContain(`signing key ${kidOf(old)} retired`);
    expect(retired.code).toBe(0);
    const took = await within(1_000, async () => (await statuses(old)).every((status) => status === 401));
    console.log(`retired key refused on both servers after ${took} ms`);
    expect(await readdir(join(dataDirs[0]!, 'keys'))).not.toContain(`${kidOf(old)}.json`);
    for (const server of servers) {
      const fresh = await login(server);
      expect(kidOf(fresh)).not.toBe(kidOf(old));
      expect(await statuses(fresh)).toEqual([200, 200]);
    }
    const jwks = await servers[1]!.call('GET', '/.well-known/jwks.json');
    expect(JSON.stringify(jwks.body)).not.toContain(kidOf(old));
  });

  it('retires on the database directly when no server runs on the data directory', async () => {
    const old = await login(servers[0]!);
    await rotate();
    const retired = await runRampart(['keys', 'retire', kidOf(old)], env(dataDirs[2]!));
    expect(retired.code, retired.output).toBe(0);
    await within(1_000, async () => (await statuses(old)).every((status) => status === 401));
    const events = await database.db.selectFrom('security_events').select('detail').where('kind', '=', 'sys_admin_action').execute();
    expect(events.map((row) => row.detail)).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'keys_retire', kid: kidOf(old) })]));
  });
});

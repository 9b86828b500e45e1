// `rampart sessions revoke --user E|--all` and `rampart users list --locked` against two real
// `rampart serve` processes sharing one PostgreSQL database and one Redis: a revocation made by the
// CLI refuses the tokens on both servers at once (the Redis marks), a refresh token of a revoked
// session is refused too, and each command writes a sys_admin_action event.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../../../../../test-support/postgres-database.js';
import { redisServerAvailable, startPrivateRedis, type PrivateRedis } from '../../../../../test-support/private-redis.js';
import { rampartBuilt, runRampart, startServe, type RampartServe } from '../../../../../test-support/rampart-cli.js';
import { postgresAvailable } from '../../../../../test-support/services.js';

if (!rampartBuilt()) console.warn('skipping the sessions process test: the CLI is not built (npm run build)');
const available = (await postgresAvailable()) && redisServerAvailable('sessions process') && rampartBuilt();

interface LoggedIn {
  readonly email: string;
  readonly password: string;
  /** One access token and refresh token per server. */
  readonly sessions: { accessToken: string; refreshToken: string }[];
}

describe.runIf(available)('rampart sessions revoke and users list --locked across two serve processes', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let redis: PrivateRedis;
  const dataDirs: string[] = [];
  const servers: RampartServe[] = [];
  const env = (dataDir: string) => ({
    RAMPART_ENV: 'development',
    RAMPART_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REQUIRE_VERIFIED_EMAIL: 'false',
    REFRESH_TOKEN_IN_BODY: 'true',
    // Every login of the test from one address, in one window (an hour).
    RATE_LIMIT_LOGIN: '500/hour',
  });
  /** The CLI on the database and Redis directly (a data directory no server uses). */
  const cli = (args: string[]) => runRampart(args, env(dataDirs[2]!));

  async function loggedIn(): Promise<LoggedIn> {
    const user = { email: `ses-${randomBytes(4).toString('hex')}@example.test`, password: `sessions ${randomBytes(12).toString('hex')}` };
    expect((await servers[0]!.call('POST', '/auth/register', { body: { ...user, displayName: 'Ses' } })).status).toBe(201);
    const sessions = [];
    for (const server of servers) {
      const login = await server.call('POST', '/auth/login', { body: user });
      expect(login.status).toBe(200);
      sessions.push({ accessToken: String(login.body.accessToken), refreshToken: String(login.body.refreshToken) });
    }
    return { ...user, sessions };
  }

  const meStatuses = async (user: LoggedIn) =>
    Promise.all(servers.flatMap((server) => user.sessions.map(async (s) => (await server.call('GET', '/api/me', { token: s.accessToken })).status)));

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    redis = await startPrivateRedis();
    for (let i = 0; i < 3; i += 1) dataDirs.push(await mkdtemp(join(tmpdir(), `rmp-ses${i}-`)));
    servers.push(await startServe(env(dataDirs[0]!)));
    for (const dataDir of dataDirs.slice(1)) await cp(join(dataDirs[0]!, 'keys'), join(dataDir, 'keys'), { recursive: true });
    servers.push(await startServe(env(dataDirs[1]!)));
  }, 400_000);

  afterAll(async () => {
    for (const server of servers) await server.stop().catch(() => server.kill());
    await redis?.stop();
    await database?.close();
    for (const dataDir of dataDirs) await rm(dataDir, { recursive: true, force: true });
  });

  it('--user E: every token of that user is refused on both servers at once, others keep working, the account stays usable', async () => {
    const target = await loggedIn();
    const bystander = await loggedIn();
    expect(await meStatuses(target)).toEqual([200, 200, 200, 200]);
    const revoked = await cli(['sessions', 'revoke', '--user', target.email]);
    expect(revoked.output).toContain('every session of the user revoked');
    expect(revoked.code).toBe(0);
    expect(await meStatuses(target)).toEqual([401, 401, 401, 401]);
    for (const server of servers) expect((await server.call('POST', '/auth/refresh', { body: { refreshToken: target.sessions[0]!.refreshToken } })).status).toBe(401);
    expect(await meStatuses(bystander)).toEqual([200, 200, 200, 200]);
    expect((await servers[1]!.call('POST', '/auth/login', { body: { email: target.email, password: target.password } })).status).toBe(200);
  });

  it('users list --locked lists exactly the accounts an operator locked', async () => {
    const locked = await loggedIn();
    const open = await loggedIn();
    expect((await cli(['users', 'lock', '--email', locked.email])).code).toBe(0);
    const listed = await cli(['users', 'list', '--locked']);
    expect(listed.code).toBe(0);
    expect(listed.output).toContain('1 locked user(s)');
    expect(listed.output).toMatch(new RegExp(`${locked.email.replace('.', '\\.')} free-user [0-9a-f-]{36} locked since \\d{4}-`));
    expect(listed.output).not.toContain(open.email);
    const all = await cli(['users', 'list']);
    expect(all.output).toContain(open.email);
    expect(all.output).toContain(locked.email);
  });

  it('--all: everyone logs in again, on both servers at once', async () => {
    const users = [await loggedIn(), await loggedIn()];
    const revoked = await cli(['sessions', 'revoke', '--all']);
    expect(revoked.code).toBe(0);
    expect(revoked.output).toMatch(/every session revoked: \d+ user\(s\) log in again/);
    for (const user of users) expect(await meStatuses(user)).toEqual([401, 401, 401, 401]);
    const again = await servers[0]!.call('POST', '/auth/login', { body: { email: users[0]!.email, password: users[0]!.password } });
    expect(again.status).toBe(200);
    expect((await servers[1]!.call('GET', '/api/me', { token: String(again.body.accessToken) })).status).toBe(200);
    const actions = await database.db.selectFrom('security_events').select('detail').where('kind', '=', 'sys_admin_action').execute();
    expect(actions.map((row) => (row.detail as { action: string }).action)).toEqual(
      expect.arrayContaining(['sessions_revoke', 'users_list', 'sessions_revoke_all']),
    );
  });

  it('refuses bad arguments with exit 2 and a message naming the problem', async () => {
    const both = await cli(['sessions', 'revoke', '--user', 'a@example.test', '--all']);
    expect(both.code).toBe(2);
    expect(both.output).toContain('not both');
    expect((await cli(['sessions', 'revoke'])).output).toContain('give --user E or --all');
    expect((await cli(['sessions', 'revoke', '--user'])).output).toContain('--user needs an email address');
    const unknown = await cli(['users', 'list', '--unlocked']);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain('unknown option --unlocked');
    const ghost = await cli(['sessions', 'revoke', '--user', 'ghost@example.test']);
    expect(ghost.code).toBe(1);
    expect(ghost.output).toContain('no user with this email');
  });
});

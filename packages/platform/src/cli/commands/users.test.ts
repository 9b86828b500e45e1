// `rampart users add|lock|unlock` and `keys rotate` against a RUNNING server (embedded PGlite
// owned by that server, control socket in the data dir), then with the server stopped (direct
// database access). The CLI runs in-process through runCli with its own stdin/stdout.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { generate } from 'otplib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemblePlatform, type Platform } from '../../assembly/assemble-platform.js';
import { loadConfig } from '../../config/index.js';
import type { Identity } from '../../identity/index.js';
import { runCli } from '../main.js';
import { parseFlags, readPassword } from './users.js';
import { internalsOf } from '../../identity/internals.js';

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const PASSWORD = 'operator chosen passphrase';
let dataDir: string;
let env: Record<string, string>;

async function cli(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    stdin: Readable.from([Buffer.from(stdin)]),
    env,
    cwd: dataDir,
  });
  return { code, out, err };
}

interface Running {
  platform: Platform;
  identity: Identity;
  base: string;
}
let server: Running | undefined;

async function startServer(): Promise<Running> {
  const config = loadConfig(env, dataDir);
  // With the control socket, as `rampart serve` runs: the CLI reaches this server through it.
  const platform = await assemblePlatform(config, { logStream: quiet, identity: { env } });
  const base = await platform.listen({ host: '127.0.0.1', port: 0 });
  return { platform, identity: platform.identity, base };
}

async function stopServer(running: Running): Promise<void> {
  await running.platform.close();
}

async function call(running: Running, method: 'GET' | 'POST', path: string, body?: unknown, token?: string) {
  const response = await request(`${running.base}${path}`, {
    method,
    headers: {
      host: '127.0.0.1',
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.statusCode, body: (await response.body.json().catch(() => ({}))) as Record<string, unknown> };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rmp-cli-'));
  env = {
    RAMPART_DATA_DIR: dataDir,
    RAMPART_ENV: 'production',
    ALLOWED_HOSTS: '127.0.0.1',
    SECURITY_CONTACT: 'mailto:security@example.com',
    RATE_LIMIT_LOGIN: '1000/minute',
    // Refresh tokens are read from bodies here: opted into (docs/identity.md).
    REFRESH_TOKEN_IN_BODY: 'true',
  };
  server = await startServer();
}, 180_000);

afterAll(async () => {
  if (server) await stopServer(server);
  await rm(dataDir, { recursive: true, force: true });
});

describe('parseFlags and readPassword', () => {
  it('refuses a password given as an argument, unknown and repeated options', () => {
    expect(() => parseFlags(['--email', 'a@b.c', '--password', 'x'], ['email'])).toThrow(/standard input/);
    expect(() => parseFlags(['--password=x'], ['email'])).toThrow(/standard input/);
    expect(() => parseFlags(['--mail', 'a'], ['email'])).toThrow(/unknown option/);
    expect(() => parseFlags(['--email', 'a', '--email', 'b'], ['email'])).toThrow(/twice/);
    expect(() => parseFlags(['--email'], ['email'])).toThrow(/needs a value/);
    expect(parseFlags(['--email', 'a@b.c', '--role', 'admin'], ['email', 'role'])).toEqual({ email: 'a@b.c', role: 'admin' });
  });

  it('strips one line ending and nothing else', async () => {
    expect(await readPassword(Readable.from([Buffer.from('  spaced out passphrase  \n')]))).toBe('  spaced out passphrase  ');
    expect(await readPassword(Readable.from([Buffer.from('windows line passphrase\r\n')]))).toBe('windows line passphrase');
    await expect(readPassword(Readable.from([Buffer.alloc(10_000, 0x61)]))).rejects.toThrow(/too long/);
  });
});

describe('rampart users / keys against a running server', { timeout: 180_000 }, () => {
  it('serves the control socket with mode 0600 and no network port', async () => {
    const socket = await stat(join(dataDir, 'control.sock'));
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o600);
  });

  it('adds a user through the running server; the password comes from stdin', async () => {
    const added = await cli(['users', 'add', '--email', 'Ops@Example.com', '--role', 'admin'], `${PASSWORD}\n`);
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/user added: ops@example\.com \(admin\)/);
    const login = await call(server as Running, 'POST', '/auth/login', { email: 'ops@example.com', password: PASSWORD });
    expect(login.status).toBe(200);
    expect((await cli(['users', 'add', '--email', 'ops@example.com', '--role', 'admin'], `${PASSWORD}\n`)).code).toBe(1);
    const weak = await cli(['users', 'add', '--email', 'weak@example.com', '--role', 'free-user'], 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.err).toMatch(/at least 15/);
    expect((await cli(['users', 'add', '--email', 'r@example.com', '--role', 'root'], `${PASSWORD}\n`)).code).toBe(1);
    expect((await cli(['users', 'add', '--email', 'p@example.com', '--role', 'admin', '--password', 'x'])).code).toBe(2);
  });

  it('users role: a demotion takes effect at once (sessions end, the next login has the new scopes) and is a privilege_changed event', async () => {
    const running = server as Running;
    const email = 'demote@example.com';
    expect((await cli(['users', 'add', '--email', email, '--role', 'admin'], `${PASSWORD}\n`)).code).toBe(0);
    const adminToken = (await call(running, 'POST', '/auth/login', { email, password: PASSWORD })).body.accessToken as string;
    expect((await call(running, 'GET', '/metrics', undefined, adminToken)).status).toBe(200);

    const demoted = await cli(['users', 'role', '--email', email, '--role', 'free-user']);
    expect(demoted.err).toBe('');
    expect(demoted.code).toBe(0);
    expect(demoted.out).toMatch(/role changed from admin to free-user and every session revoked/);
    expect((await call(running, 'GET', '/metrics', undefined, adminToken)).status).toBe(401);
    const freeToken = (await call(running, 'POST', '/auth/login', { email, password: PASSWORD })).body.accessToken as string;
    expect((await call(running, 'GET', '/metrics', undefined, freeToken)).status).toBe(403);
    expect((await call(running, 'GET', '/api/me', undefined, freeToken)).status).toBe(200);

    const again = await cli(['users', 'role', '--email', email, '--role', 'free-user']);
    expect(again.out).toMatch(/role unchanged \(already free-user\)/);
    const events = await running.platform.ctx.db.selectFrom('security_events').select(['kind', 'detail']).where('kind', '=', 'privilege_changed').execute();
    const details = events.map((event) => (typeof event.detail === 'string' ? JSON.parse(event.detail) : event.detail) as unknown);
    expect(details).toEqual([{ from: 'admin', to: 'free-user' }]);

    expect((await cli(['users', 'role', '--email', email, '--role', 'root'])).code).toBe(1);
    expect((await cli(['users', 'role', '--email', 'nobody@example.com', '--role', 'admin'])).code).toBe(1);
    expect((await cli(['users', 'role', '--email', email])).code).toBe(2);
  });

  it('a lock takes effect on the running server at once: access token, refresh and login refused', async () => {
    const running = server as Running;
    const login = await call(running, 'POST', '/auth/login', { email: 'ops@example.com', password: PASSWORD });
    const token = login.body.accessToken as string;
    expect((await call(running, 'GET', '/api/me', undefined, token)).status).toBe(200);
    const locked = await cli(['users', 'lock', '--email', 'ops@example.com']);
    expect(locked.code).toBe(0);
    expect((await call(running, 'GET', '/api/me', undefined, token)).status).toBe(401);
    expect((await call(running, 'POST', '/auth/refresh', { refreshToken: login.body.refreshToken })).status).toBe(401);
    expect((await call(running, 'POST', '/auth/login', { email: 'ops@example.com', password: PASSWORD })).status).toBe(401);
    expect((await cli(['users', 'lock', '--email', 'nobody@example.com'])).code).toBe(1);
    const actions = await running.platform.ctx.db.selectFrom('security_events').select('detail').where('kind', '=', 'sys_admin_action').execute();
    const details = actions.map((event) => (typeof event.detail === 'string' ? JSON.parse(event.detail) : event.detail) as { action?: string; user?: string });
    expect(details.filter((detail) => detail.action === 'users_lock')).toEqual([{ action: 'users_lock', user: String(locked.out.match(/id (\S+)/)?.[1]) }]);
  });

  it('users mfa-reset: an owner who lost authenticator and codes gets in again; sessions end, the owner is told', async () => {
    const running = server as Running;
    await cli(['users', 'add', '--email', 'mfa-lost@example.com', '--role', 'free-user'], `${PASSWORD}\n`);
    const login = await call(running, 'POST', '/auth/login', { email: 'mfa-lost@example.com', password: PASSWORD });
    const token = login.body.accessToken as string;
    const enrol = await call(running, 'POST', '/auth/mfa/enroll', { password: PASSWORD }, token);
    const activated = await call(running, 'POST', '/auth/mfa/activate', { password: PASSWORD, totp: await generate({ secret: enrol.body.secret as string }) }, token);
    expect(activated.status).toBe(200);
    const codes = activated.body.recoveryCodes as string[];
    expect((await call(running, 'POST', '/auth/login', { email: 'mfa-lost@example.com', password: PASSWORD })).status).toBe(401);

    const reset = await cli(['users', 'mfa-reset', '--email', 'mfa-lost@example.com']);
    expect(reset.err).toBe('');
    expect(reset.code).toBe(0);
    expect(reset.out).toMatch(/MFA removed/);
    expect((await call(running, 'GET', '/api/me', undefined, token)).status).toBe(401); // every session revoked
    expect((await call(running, 'POST', '/auth/login', { email: 'mfa-lost@example.com', password: PASSWORD })).status).toBe(200);
    // The old recovery codes are spent with it (a login with one is refused once MFA is on again).
    const again = await call(running, 'POST', '/auth/login', { email: 'mfa-lost@example.com', password: PASSWORD });
    const enrolAgain = await call(running, 'POST', '/auth/mfa/enroll', { password: PASSWORD }, again.body.accessToken as string);
    await call(running, 'POST', '/auth/mfa/activate', { password: PASSWORD, totp: await generate({ secret: enrolAgain.body.secret as string }) }, again.body.accessToken as string);
    expect((await call(running, 'POST', '/auth/login', { email: 'mfa-lost@example.com', password: PASSWORD, totp: codes[1] })).status).toBe(401);
    const notices = await running.platform.ctx.db.selectFrom('outbox').select('payload').where('recipient', '=', 'mfa-lost@example.com').execute();
    expect(notices.map((n) => (n.payload as { notice?: string }).notice)).toEqual(expect.arrayContaining(['mfa_enabled', 'mfa_reset_by_operator']));

    expect((await cli(['users', 'mfa-reset', '--email', 'nobody@example.com'])).code).toBe(1);
    expect((await cli(['users', 'mfa-reset', '--email', 'ops@example.com'])).err).toMatch(/no MFA/);
    expect((await cli(['users', 'mfa-reset'])).code).toBe(2);
  });

  it('users verify: a registered address can log in once an operator verified it', async () => {
    const running = server as Running;
    expect((await call(running, 'POST', '/auth/register', { email: 'unverified@example.com', password: PASSWORD, displayName: 'Unverified' })).status).toBe(201);
    expect((await call(running, 'POST', '/auth/login', { email: 'unverified@example.com', password: PASSWORD })).status).toBe(401);
    const verified = await cli(['users', 'verify', '--email', 'unverified@example.com']);
    expect(verified.err).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/email address verified/);
    expect((await call(running, 'POST', '/auth/login', { email: 'unverified@example.com', password: PASSWORD })).status).toBe(200);
    expect((await cli(['users', 'verify', '--email', 'nobody@example.com'])).code).toBe(1);
  });

  it('keys rotate: the running server signs with the new key and still accepts the old one', async () => {
    const running = server as Running;
    await cli(['users', 'unlock', '--email', 'ops@example.com']);
    const before = await call(running, 'POST', '/auth/login', { email: 'ops@example.com', password: PASSWORD });
    const oldKid = internalsOf(running.identity).keys.current().kid;
    const rotated = await cli(['keys', 'rotate']);
    expect(rotated.code).toBe(0);
    expect(rotated.out).toContain('running server reloaded');
    expect(internalsOf(running.identity).keys.current().kid).not.toBe(oldKid);
    expect((await call(running, 'GET', '/api/me', undefined, before.body.accessToken as string)).status).toBe(200);
    const jwks = await call(running, 'GET', '/.well-known/jwks.json');
    expect((jwks.body.keys as { kid: string }[]).map((k) => k.kid)).toContain(oldKid);
    const newKid = internalsOf(running.identity).keys.current().kid;
    const events = await running.platform.ctx.db.selectFrom('security_events').select('detail').where('kind', '=', 'sys_admin_action').execute();
    expect(events.map((event) => (typeof event.detail === 'string' ? JSON.parse(event.detail) : event.detail) as unknown)).toContainEqual({ kid: newKid, action: 'keys_rotate' });
  });

  it('works directly on the database when no server runs', async () => {
    await stopServer(server as Running);
    server = undefined;
    const locked = await cli(['users', 'lock', '--email', 'ops@example.com']);
    expect(locked.err).toBe('');
    expect(locked.code).toBe(0);
    server = await startServer();
    expect((await call(server, 'POST', '/auth/login', { email: 'ops@example.com', password: PASSWORD })).status).toBe(401);
    expect((await cli(['users', 'unlock', '--email', 'ops@example.com'])).code).toBe(0);
    expect((await call(server, 'POST', '/auth/login', { email: 'ops@example.com', password: PASSWORD })).status).toBe(200);
  });
});

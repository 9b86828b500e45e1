// Email verification before the first login (REQUIRE_VERIFIED_EMAIL, on by default in
// production) and the refresh token's body copy as an opt-in (REFRESH_TOKEN_IN_BODY), over real
// HTTP against the whole server in production mode.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main.js';
import { assemblePlatform, type Platform } from '../assembly/assemble-platform.js';
import { loadConfig } from '../config/index.js';
import { freshDatabase } from '../../../../test-support/pglite-snapshot.js';
import type { Identity } from '../identity/index.js';
import { jsonCall } from '../../../../test-support/json-call.js';
import { internalsOf } from '../identity/internals.js';

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const PASSWORD = 'correct horse battery staple';
const ENV = {
  RAMPART_ENV: 'production',
  ALLOWED_HOSTS: '127.0.0.1',
  SECURITY_CONTACT: 'mailto:security@example.com',
  RATE_LIMIT_LOGIN: '1000/minute',
  RATE_LIMIT_PASSWORD_RESET: '1000/minute',
};

interface Served {
  base: string;
  identity: Identity;
  platform: Platform;
  dataDir: string;
}

async function serve(identityEnv: Record<string, string>): Promise<Served> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rmp-verify-'));
  const config = loadConfig({ ...ENV, RAMPART_DATA_DIR: dataDir }, dataDir);
  const platform = await assemblePlatform(config, {
    database: await freshDatabase(),
    logStream: quiet,
    migrate: false,
    identity: { controlSocket: false, env: identityEnv },
  });
  const base = await platform.listen({ host: '127.0.0.1', port: 0 });
  return { base, identity: platform.identity, platform, dataDir };
}

async function stop(served: Served | undefined): Promise<void> {
  if (!served) return;
  await served.platform.close();
  await rm(served.dataDir, { recursive: true, force: true });
}

const call = (served: Served, method: 'GET' | 'POST', path: string, options: { body?: unknown; token?: string; cookie?: string; headers?: Record<string, string> } = {}) =>
  jsonCall(served.base, method, path, { ...options, host: '127.0.0.1' });

/** The token of the newest verification mail to `email`, as the mailer would open it. */
async function verificationToken(served: Served, email: string): Promise<string> {
  const row = await served.platform.ctx.db
    .selectFrom('outbox')
    .select(['id', 'payload'])
    .where('recipient', '=', email)
    .where('kind', '=', 'email_verification')
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return internalsOf(served.identity).passwordReset.openOutboxToken(row);
}

describe('production defaults: verified email, cookie-only refresh', { timeout: 120_000 }, () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve({});
  }, 120_000);
  afterAll(() => stop(served));

  it('a new address must be verified before the first login; until then login answers like a wrong password', async () => {
    const reg = await call(served, 'POST', '/auth/register', { body: { email: 'new@example.com', password: PASSWORD, displayName: 'New' } });
    expect(reg.status).toBe(201);
    const unverified = await call(served, 'POST', '/auth/login', { body: { email: 'new@example.com', password: PASSWORD } });
    const wrong = await call(served, 'POST', '/auth/login', { body: { email: 'new@example.com', password: `${PASSWORD}!` } });
    expect(unverified.status).toBe(401);
    expect(unverified.body.error).toBe('invalid_credentials');
    expect(unverified.body.message).toBe(wrong.body.message);

    const token = await verificationToken(served, 'new@example.com');
    expect((await call(served, 'POST', '/auth/verify', { body: { token: 'x'.repeat(43) } })).status).toBe(400);
    expect((await call(served, 'POST', '/auth/verify', { body: { token } })).status).toBe(204);
    const reuse = await call(served, 'POST', '/auth/verify', { body: { token } });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_verification_token');
    expect((await call(served, 'POST', '/auth/login', { body: { email: 'new@example.com', password: PASSWORD } })).status).toBe(200);
  });

  it('registration answers the same for a taken address, and the taken address gets a notice, not a token', async () => {
    await call(served, 'POST', '/auth/register', { body: { email: 'taken@example.com', password: PASSWORD, displayName: 'Owner' } });
    const again = await call(served, 'POST', '/auth/register', { body: { email: 'taken@example.com', password: 'an impostor passphrase', displayName: 'Impostor' } });
    const fresh = await call(served, 'POST', '/auth/register', { body: { email: 'fresh@example.com', password: 'an impostor passphrase', displayName: 'Impostor' } });
    expect(again.status).toBe(fresh.status);
    expect(Object.keys(again.body).sort()).toEqual(Object.keys(fresh.body).sort());
    const mails = await served.platform.ctx.db.selectFrom('outbox').select('kind').where('recipient', '=', 'taken@example.com').execute();
    expect(mails.map((m) => m.kind).sort()).toEqual(['account_notice', 'email_verification']);
  });

  it('an operator verifies an address by hand; users an operator adds are verified', async () => {
    await call(served, 'POST', '/auth/register', { body: { email: 'byhand@example.com', password: PASSWORD, displayName: 'Hand' } });
    // What `rampart users verify` runs (its CLI path is tested in cli/commands/users.test.ts).
    await served.identity.admin.verifyEmail('byhand@example.com');
    expect((await call(served, 'POST', '/auth/login', { body: { email: 'byhand@example.com', password: PASSWORD } })).status).toBe(200);
    await served.identity.admin.addUser('operator-made@example.com', 'free-user', PASSWORD);
    expect((await call(served, 'POST', '/auth/login', { body: { email: 'operator-made@example.com', password: PASSWORD } })).status).toBe(200);
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, stdin: Readable.from([]), env: ENV, cwd: served.dataDir };
    expect(await runCli(['users', 'verify'], io)).toBe(2);
  });

  it('login and refresh set the HttpOnly cookie and leave the refresh token out of the body', async () => {
    await served.identity.admin.addUser('cookie@example.com', 'free-user', PASSWORD);
    const login = await call(served, 'POST', '/auth/login', { body: { email: 'cookie@example.com', password: PASSWORD } });
    expect(Object.keys(login.body).sort()).toEqual(['accessToken', 'expiresIn', 'tokenType']);
    const cookie = /__Host-refresh=([A-Za-z0-9_-]+)/.exec(String(login.headers['set-cookie']))?.[1];
    expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const refreshed = await call(served, 'POST', '/auth/refresh', { cookie: `__Host-refresh=${cookie}`, headers: { 'rampart-csrf': '1' } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toBeUndefined();
  });
});

describe('opt-ins: REFRESH_TOKEN_IN_BODY=true, REQUIRE_VERIFIED_EMAIL=false', { timeout: 120_000 }, () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve({ REFRESH_TOKEN_IN_BODY: 'true', REQUIRE_VERIFIED_EMAIL: 'false' });
  }, 120_000);
  afterAll(() => stop(served));

  it('logs in at once after registering, with the refresh token in the body too', async () => {
    await call(served, 'POST', '/auth/register', { body: { email: 'optin@example.com', password: PASSWORD, displayName: 'Opt' } });
    const login = await call(served, 'POST', '/auth/login', { body: { email: 'optin@example.com', password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(String(login.headers['set-cookie'])).toContain(`__Host-refresh=${login.body.refreshToken as string}`);
    const mails = await served.platform.ctx.db.selectFrom('outbox').select('kind').where('recipient', '=', 'optin@example.com').execute();
    expect(mails).toEqual([]); // no verification mail when verification is off
  });
});

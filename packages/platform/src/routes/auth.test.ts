// /auth/* and /.well-known/jwks.json over real HTTP: the real server (guard, identity, every
// route) on 127.0.0.1 port 0, undici as the client.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { jsonCall } from '../../../../test-support/json-call.js';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { assemblePlatform, type Platform } from '../assembly/assemble-platform.js';
import { freshDatabase } from '../../../../test-support/pglite-snapshot.js';
import type { Identity } from '../identity/index.js';
import { internalsOf } from '../identity/internals.js';

/** The server's log lines (a refusal's reason is logged, never sent). */
const logLines: string[] = [];
const quiet = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});
const PASSWORD = 'correct horse battery staple';

let base: string;
let host: string;
let identity: Identity;
let platform: Platform;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rmp-auth-'));
  const config = loadConfig(
    {
      RAMPART_DATA_DIR: dataDir,
      RAMPART_ENV: 'production',
      ALLOWED_HOSTS: '127.0.0.1',
      SECURITY_CONTACT: 'mailto:security@example.com',
      RATE_LIMIT_LOGIN: '1000/minute',
      RATE_LIMIT_PASSWORD_RESET: '1000/minute',
    },
    dataDir,
  );
  platform = await assemblePlatform(config, {
    database: await freshDatabase(),
    logStream: quiet,
    migrate: false,
    // Addresses are verified by hand here; auth-verification.test.ts covers the verification flow.
    identity: { controlSocket: false, env: { REQUIRE_VERIFIED_EMAIL: 'false' } },
  });
  identity = platform.identity;
  base = await platform.listen({ host: '127.0.0.1', port: 0 });
  host = config.allowedHosts[0] as string;
}, 120_000);

afterAll(async () => {
  await platform?.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  text: string;
}

async function call(method: 'GET' | 'POST' | 'PATCH', path: string, options: { body?: unknown; token?: string; cookie?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return jsonCall(base, method, path, { ...options, host });
}

let counter = 0;
async function registered(): Promise<{ email: string; id: string }> {
  counter += 1;
  const email = `http-user${counter}@example.com`;
  const answer = await call('POST', '/auth/register', { body: { email, password: PASSWORD, displayName: `Http ${counter}` } });
  expect(answer.status).toBe(201);
  return { email, id: answer.body.id as string };
}

/** The refresh token of a login or refresh answer, from its `__Host-refresh` cookie. */
function refreshTokenOf(answer: Answer): string {
  const match = /__Host-refresh=([A-Za-z0-9_-]+)/.exec(String(answer.headers['set-cookie']));
  if (!match) throw new Error('no refresh cookie in the answer');
  return match[1] as string;
}

const withoutReference = (body: Record<string, unknown>) => ({ ...body, reference: undefined });

describe('identity over HTTP', { timeout: 120_000 }, () => {
  it('register -> login -> /api/me -> refresh -> logout', async () => {
    const reg = await call('POST', '/auth/register', { body: { email: 'Flow@Example.com', password: PASSWORD, displayName: 'Flow' } });
    expect(reg.status).toBe(201);
    expect(reg.body).toEqual({ id: expect.any(String), email: 'flow@example.com', displayName: 'Flow' });

    const login = await call('POST', '/auth/login', { body: { email: 'flow@example.com', password: PASSWORD } });
    expect(login.status).toBe(200);
    // Cookie-only by default: no script can read a refresh token from the body.
    expect(login.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
    expect(login.headers['cache-control']).toBe('no-store');
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-refresh=[A-Za-z0-9_-]{43}; /);
    for (const attribute of ['Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict']) expect(cookie).toContain(attribute);
    const loginToken = refreshTokenOf(login);

    const me = await call('GET', '/api/me', { token: login.body.accessToken as string });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(reg.body.id);
    expect(me.text).not.toMatch(/argon2|password|secret/i);

    // Refresh with the cookie (a browser may send no body at all), then with the body field.
    // A cookie call carries the Rampart-CSRF header, as the web app does (cookie-request-check.ts).
    const csrf = { 'rampart-csrf': '1' };
    const byCookie = await call('POST', '/auth/refresh', { body: {}, cookie: `__Host-refresh=${loginToken}`, headers: csrf });
    expect(byCookie.status).toBe(200);
    expect(byCookie.body.refreshToken).toBeUndefined();
    const bodiless = await call('POST', '/auth/refresh', { cookie: `__Host-refresh=${refreshTokenOf(byCookie)}`, headers: csrf });
    expect(bodiless.status).toBe(200);
    const byBody = await call('POST', '/auth/refresh', { body: { refreshToken: refreshTokenOf(bodiless) } });
    expect(byBody.status).toBe(200);
    // The spent login token comes back: refused, and the family is gone.
    const replay = await call('POST', '/auth/refresh', { body: { refreshToken: loginToken } });
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe('invalid_refresh_token');
    expect((await call('POST', '/auth/refresh', { body: { refreshToken: refreshTokenOf(byBody) } })).status).toBe(401);

    const again = await call('POST', '/auth/login', { body: { email: 'flow@example.com', password: PASSWORD } });
    const logout = await call('POST', '/auth/logout', { token: again.body.accessToken as string });
    expect(logout.status).toBe(204);
    expect(String(logout.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await call('GET', '/api/me', { token: again.body.accessToken as string })).status).toBe(401);
    expect((await call('POST', '/auth/refresh', { body: { refreshToken: refreshTokenOf(again) } })).status).toBe(401);
  });

  it('refuses a cookie refresh or logout from another site: missing Rampart-CSRF header or a foreign Origin is 403', async () => {
    const user = await registered();
    const login = await call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD } });
    const cookie = `__Host-refresh=${refreshTokenOf(login)}`;
    const own = `http://${host}`;
    const attempts: Record<string, string>[] = [{ origin: own }, { origin: 'https://attacker.example', 'rampart-csrf': '1' }, { origin: 'null', 'rampart-csrf': '1' }];
    for (const headers of attempts) {
      const refused = await call('POST', '/auth/refresh', { cookie, headers });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('cross_site_request');
      expect(refused.headers['set-cookie']).toBeUndefined();
    }
    const token = login.body.accessToken as string;
    expect((await call('POST', '/auth/logout', { token, cookie, headers: { origin: 'https://attacker.example', 'rampart-csrf': '1' } })).status).toBe(403);
    // The refused calls spent nothing: the same cookie still refreshes from the platform's own origin.
    const refreshed = await call('POST', '/auth/refresh', { cookie, headers: { origin: own, 'rampart-csrf': '1' } });
    expect(refreshed.status).toBe(200);
    const logout = await call('POST', '/auth/logout', { token: refreshed.body.accessToken as string, cookie: `__Host-refresh=${refreshTokenOf(refreshed)}`, headers: { origin: own, 'rampart-csrf': '1' } });
    expect(logout.status).toBe(204);
  });

  it('answers unknown email, wrong password and a locked account with the same 401 body', async () => {
    const user = await registered();
    const unknown = await call('POST', '/auth/login', { body: { email: 'nobody@example.com', password: PASSWORD } });
    const wrong = await call('POST', '/auth/login', { body: { email: user.email, password: 'not the password at all' } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_credentials');
    expect(withoutReference(unknown.body)).toEqual(withoutReference(wrong.body));
    for (let i = 0; i < 10; i += 1) await call('POST', '/auth/login', { body: { email: user.email, password: `wrong guess ${i} here` } });
    const locked = await call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD } });
    expect(locked.status).toBe(401);
    expect(withoutReference(locked.body)).toEqual(withoutReference(unknown.body));
    // Why each was refused is in its log line (found by the reference), and only there.
    const reasonOf = (answer: Answer) => logLines.find((line) => line.includes(String(answer.body.reference)));
    expect(reasonOf(unknown)).toContain('"loginFailure":"unknown_email"');
    expect(reasonOf(wrong)).toContain('"loginFailure":"wrong_password"');
    expect(reasonOf(locked)).toContain('"loginFailure":"locked_out"');
    expect(JSON.stringify([unknown.body, wrong.body, locked.body])).not.toContain('loginFailure');
  });

  it('refuses weak passwords and unknown fields, never echoing the input', async () => {
    const weak = await call('POST', '/auth/register', { body: { email: 'weak@example.com', password: 'password1234567', displayName: 'W' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error).toBe('weak_password');
    expect(weak.text).not.toContain('password1234567');
    const extra = await call('POST', '/auth/register', { body: { email: 'x@example.com', password: PASSWORD, displayName: 'X', role: 'admin' } });
    expect(extra.status).toBe(400);
    const hostile = await call('POST', '/auth/login', { body: { email: { $ne: null }, password: PASSWORD } });
    expect(hostile.status).toBe(400);
  });

  it('answers hostile input with a clear 4xx and nothing internal', async () => {
    const answers = [
      await call('POST', '/auth/register', { body: { email: 'ctl\n@example.com', password: PASSWORD, displayName: 'C' } }),
      await call('POST', '/auth/register', { body: { email: 'a@example.com', password: PASSWORD, displayName: '   ' } }),
      await call('POST', '/auth/register', { body: { email: 'b@example.com', password: 'y'.repeat(5000), displayName: 'B' } }),
      await call('POST', '/auth/login', { body: { email: 'a@example.com', password: ['array'] } }),
      await call('POST', '/auth/login', { body: { email: "' OR 1=1 --", password: PASSWORD } }),
      await call('POST', '/auth/refresh', { body: { refreshToken: "'; DROP TABLE users; --" } }),
      await call('POST', '/auth/password-reset/confirm', { body: { token: '../../etc/passwd', newPassword: PASSWORD } }),
      await call('POST', '/auth/mfa/activate', { token: 'x'.repeat(9000), body: { totp: '123456' } }),
      await call('POST', '/auth/login', { body: { email: 'a@example.com', password: PASSWORD, totp: '1'.repeat(100) } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 401, 401, 400, 401, 400]);
    for (const answer of answers) {
      expect(answer.text).not.toMatch(/argon2|kysely|pglite|postgres|jose|stack|at \/|node_modules|SELECT|users\b.*where/i);
      expect(typeof answer.body.error).toBe('string');
    }
  });

  it('refuses display names with controls, bidi overrides or lone surrogates, at registration as at PATCH /api/me', async () => {
    const names = ['Ada\u0000', 'Ada \u001b[31mred', 'Ada\r\nAdmin', 'Ada \u202egnp.exe', 'Ada \ud800', 'Ada\u009b1m'];
    for (const [i, displayName] of names.entries()) {
      const answer = await call('POST', '/auth/register', { body: { email: `name${i}@example.com`, password: PASSWORD, displayName } });
      expect(answer.status, JSON.stringify(displayName)).toBe(400);
      expect(answer.body.error).toBe('validation_failed');
    }
    const user = await registered();
    const session = await call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD } });
    const token = session.body.accessToken as string;
    for (const displayName of names) {
      expect((await call('PATCH', '/api/me', { token, body: { displayName } })).status, JSON.stringify(displayName)).toBe(400);
    }
    // The command line path (`rampart users add`) applies the same rule in the domain.
    await expect(identity.admin.addUser('cli-name@example.com', 'free-user', PASSWORD, 'Ada \u202egnp.exe')).rejects.toThrow(/displayName/);
    expect(await internalsOf(identity).accounts.findIdByEmail('cli-name@example.com')).toBeUndefined();
  });

  it('password reset: 202 {} for everyone; the token works once and ends every session', async () => {
    const user = await registered();
    const session = await call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD } });
    const known = await call('POST', '/auth/password-reset/request', { body: { email: user.email } });
    const unknown = await call('POST', '/auth/password-reset/request', { body: { email: 'ghost@example.com' } });
    expect([known.status, known.text]).toEqual([202, '{}']);
    expect([unknown.status, unknown.text]).toEqual([202, '{}']);
    let token: string | undefined;
    for (let attempt = 0; attempt < 50 && !token; attempt += 1) {
      const row = await platform.ctx.db.selectFrom('outbox').select(['id', 'payload']).where('recipient', '=', user.email).where('kind', '=', 'password_reset').executeTakeFirst();
      token = row ? internalsOf(identity).passwordReset.openOutboxToken(row) : undefined;
      if (!token) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(token).toBeDefined();
    const confirm = await call('POST', '/auth/password-reset/confirm', { body: { token, newPassword: 'the new reset passphrase' } });
    expect(confirm.status).toBe(204);
    const reuse = await call('POST', '/auth/password-reset/confirm', { body: { token, newPassword: 'another reset passphrase' } });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_reset_token');
    expect((await call('GET', '/api/me', { token: session.body.accessToken as string })).status).toBe(401);
    expect((await call('POST', '/auth/login', { body: { email: user.email, password: 'the new reset passphrase' } })).status).toBe(200);
  });

  it('MFA: enrol and activate need the current password; activation returns recovery codes once and tells the owner', async () => {
    const user = await registered();
    const login = await call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD } });
    const token = login.body.accessToken as string;
    expect((await call('POST', '/auth/mfa/enroll', { body: { password: PASSWORD } })).status).toBe(401);
    // A stolen access token without the password cannot bind the thief's authenticator.
    expect((await call('POST', '/auth/mfa/enroll', { token, body: {} })).status).toBe(400);
    const stolen = await call('POST', '/auth/mfa/enroll', { token, body: { password: 'not the password at all' } });
    expect(stolen.status).toBe(401);
    expect(stolen.body.error).toBe('invalid_credentials');
    const enrol = await call('POST', '/auth/mfa/enroll', { token, body: { password: PASSWORD } });
    expect(enrol.status).toBe(200);
    expect(enrol.headers['cache-control']).toBe('no-store');
    const secret = enrol.body.secret as string;
    expect(enrol.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect((await call('POST', '/auth/mfa/activate', { token, body: { password: PASSWORD, totp: '000000' } })).status).toBe(400);
    const code = await generate({ secret });
    expect((await call('POST', '/auth/mfa/activate', { token, body: { password: 'wrong password here', totp: code } })).status).toBe(401);
    const activated = await call('POST', '/auth/mfa/activate', { token, body: { password: PASSWORD, totp: code } });
    expect(activated.status).toBe(200);
    const recoveryCodes = activated.body.recoveryCodes as string[];
    expect(recoveryCodes).toHaveLength(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[A-Z2-7]{4}(?:-[A-Z2-7]{4}){3}$/);
    expect(new Set(recoveryCodes).size).toBe(10);
    const notices = await platform.ctx.db.selectFrom('outbox').select('payload').where('recipient', '=', user.email).where('kind', '=', 'account_notice').execute();
    expect(notices.map((row) => (row.payload as { notice?: string }).notice)).toContain('mfa_enabled');
    // A recovery code replaces the TOTP code once (any case, dashes optional), never twice.
    const first = recoveryCodes[0] as string;
    const withCode = await call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD, totp: first.toLowerCase().replace(/-/g, '') } });
    expect(withCode.status).toBe(200);
    expect((await call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD, totp: first } })).status).toBe(401);
    expect((await call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD, totp: 'AAAA-BBBB-CCCC-DDDD' } })).status).toBe(401);
    const me = await call('GET', '/api/me', { token });
    expect(me.text).not.toContain(secret);
    // The right password without the code answers exactly like a wrong password: nothing tells a
    // credential stuffer that the password was right.
    const missing = await call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD } });
    const wrong = await call('POST', '/auth/login', { body: { email: user.email, password: `${PASSWORD}x` } });
    expect(missing.status).toBe(401);
    expect(missing.body.error).toBe('invalid_credentials');
    expect(Object.keys(missing.body).sort()).toEqual(Object.keys(wrong.body).sort());
    expect(missing.body.message).toBe(wrong.body.message);
    // The activation code was consumed: replaying it fails like a wrong password.
    const replay = await call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD, totp: code } });
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe('invalid_credentials');
  });

  it('password change: needs the current password, ends every session, then the new one works', async () => {
    const user = await registered();
    const login = await call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD } });
    const token = login.body.accessToken as string;
    const wrong = await call('POST', '/auth/password/change', { token, body: { currentPassword: 'not my password at all', newPassword: 'a changed passphrase' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_credentials');
    const weak = await call('POST', '/auth/password/change', { token, body: { currentPassword: PASSWORD, newPassword: 'qwertyqwertyqwerty' } });
    expect(weak.body.error).toBe('weak_password');
    const changed = await call('POST', '/auth/password/change', { token, body: { currentPassword: PASSWORD, newPassword: 'a changed passphrase' } });
    expect(changed.status).toBe(204);
    expect((await call('GET', '/api/me', { token })).status).toBe(401);
    expect((await call('POST', '/auth/refresh', { body: { refreshToken: refreshTokenOf(login) } })).status).toBe(401);
    expect((await call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD } })).status).toBe(401);
    expect((await call('POST', '/auth/login', { body: { email: user.email, password: 'a changed passphrase' } })).status).toBe(200);
  });

  it('publishes public keys only at /.well-known/jwks.json, and they verify our tokens', async () => {
    const jwks = await call('GET', '/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    const keys = jwks.body.keys as Record<string, unknown>[];
    expect(keys.length).toBeGreaterThanOrEqual(1);
    for (const key of keys) {
      expect(key).not.toHaveProperty('d');
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    }
    const user = await registered();
    const login = await call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD } });
    const header = JSON.parse(Buffer.from((login.body.accessToken as string).split('.')[0] as string, 'base64url').toString()) as { kid: string };
    expect(keys.map((k) => k.kid)).toContain(header.kid);
  });

  it('answers a forged token with 401 and WWW-Authenticate: Bearer', async () => {
    const forged = `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`;
    const answer = await call('GET', '/api/me', { token: forged });
    expect(answer.status).toBe(401);
    expect(String(answer.headers['www-authenticate'])).toMatch(/^Bearer/);
  });
});

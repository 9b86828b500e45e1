// The request origin reaches every event the identity operations record, over HTTP on the real
// platform: an account's whole journey (register, verify the address, log in, MFA enrolment and
// activation, a recovery-code login, logout, password change, a password reset whose request
// goes on after the 202) leaves each of its events with the id of the request that caused it
// and the client address, in the row and in the log line. (security-events.http.test.ts covers
// the refusals; this file has its own platform for a password-reset limit that allows a journey.)
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { generate } from 'otplib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemblePlatform, type Platform } from '../assembly/assemble-platform.js';
import { loadConfig } from '../config/index.js';
import { internalsOf } from '../identity/internals.js';
import { freshDatabase } from '../../../../test-support/pglite-snapshot.js';
import type { SecurityEventName } from './names.js';

const PASSWORD = `origin test ${randomBytes(9).toString('hex')}`;
const lines: Record<string, unknown>[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

let platform: Platform;
let base: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rampart-origin-'));
  const config = loadConfig(
    { RAMPART_ENV: 'development', RAMPART_DATA_DIR: dataDir, RATE_LIMIT_LOGIN: '1000/hour', RATE_LIMIT_PASSWORD_RESET: '100/hour' },
    dataDir,
  );
  platform = await assemblePlatform(config, {
    database: await freshDatabase(),
    logStream: capture,
    migrate: true,
    leastPrivilege: true,
    identity: { controlSocket: false, env: { REFRESH_TOKEN_IN_BODY: 'true', REQUIRE_VERIFIED_EMAIL: 'true' } },
  });
  base = await platform.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await platform.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface Answer {
  readonly status: number;
  readonly requestId: string;
  readonly body: Record<string, unknown>;
}

async function call(path: string, body: unknown, token?: string): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await request(`${base}${path}`, { method: 'POST', headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.body.text();
  return { status: response.statusCode, requestId: String(response.headers['x-request-id']), body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** The event's rows of that request (waiting a little: some are recorded after the answer),
 * each with the client address, and its log line with the request id and client address. */
async function expectOrigin(event: SecurityEventName, answer: Answer, userId: string, detail: Record<string, unknown> = {}): Promise<void> {
  let rows: { user_id: string | null; detail: unknown }[] = [];
  for (let attempt = 0; attempt < 100 && rows.length === 0; attempt += 1) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const all = await platform.ctx.db.selectFrom('security_events').select(['user_id', 'detail']).where('kind', '=', event).execute();
    rows = all.filter((row) => (row.detail as { requestId?: string }).requestId === answer.requestId);
  }
  expect(rows, `${event} for request ${answer.requestId}`).toHaveLength(1);
  expect(rows[0]).toMatchObject({ user_id: userId, detail: { ...detail, requestId: answer.requestId, client: '127.0.0.1' } });
  const line = lines.find((l) => l.securityEvent === event && l.requestId === answer.requestId);
  expect(line, `${event} log line for request ${answer.requestId}`).toMatchObject({ client: '127.0.0.1', userId });
}

async function outboxToken(email: string, kind: 'password_reset' | 'email_verification'): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const row = await platform.ctx.db.selectFrom('outbox').select(['id', 'payload']).where('recipient', '=', email).where('kind', '=', kind).executeTakeFirst();
    if (row) return internalsOf(platform.identity).passwordReset.openOutboxToken(row);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no ${kind} mail for ${email}`);
}

describe('the request origin on the events of the identity operations', () => {
  it("an account's journey: every event carries the id of the request that caused it and the client address", async () => {
    const email = `journey-${randomBytes(5).toString('hex')}@example.test`;
    const registered = await call('/auth/register', { email, password: PASSWORD, displayName: 'Journey' });
    expect(registered.status).toBe(201);
    const userId = registered.body.id as string;
    await expectOrigin('user_created', registered, userId);

    const verified = await call('/auth/verify', { token: await outboxToken(email, 'email_verification') });
    expect(verified.status).toBe(204);
    await expectOrigin('user_updated', verified, userId, { change: 'email_verified' });

    const login = await call('/auth/login', { email, password: PASSWORD });
    expect(login.status).toBe(200);
    await expectOrigin('authn_login_success', login, userId);
    await expectOrigin('session_created', login, userId);
    const token = login.body.accessToken as string;

    const enrolled = await call('/auth/mfa/enroll', { password: PASSWORD }, token);
    expect(enrolled.status).toBe(200);
    await expectOrigin('user_updated', enrolled, userId, { change: 'mfa_enrolled' });
    const activated = await call('/auth/mfa/activate', { password: PASSWORD, totp: await generate({ secret: enrolled.body.secret as string }) }, token);
    expect(activated.status).toBe(200);
    await expectOrigin('user_updated', activated, userId, { change: 'mfa_activated' });

    const withCode = await call('/auth/login', { email, password: PASSWORD, totp: (activated.body.recoveryCodes as string[])[0] });
    expect(withCode.status).toBe(200);
    await expectOrigin('user_updated', withCode, userId, { change: 'mfa_recovery_code_used' });
    await expectOrigin('session_created', withCode, userId);

    const logout = await call('/auth/logout', undefined, withCode.body.accessToken as string);
    expect(logout.status).toBe(204);
    await expectOrigin('session_revoked', logout, userId, { reason: 'logout' });

    const changed = await call('/auth/password/change', { currentPassword: PASSWORD, newPassword: `${PASSWORD} changed` }, token);
    expect(changed.status).toBe(204);
    await expectOrigin('authn_password_change', changed, userId, { via: 'change' });
    await expectOrigin('session_revoked', changed, userId, { session: 'all', reason: 'password_change' });

    // Answered 202 before the work is done: the events recorded after the answer still carry it.
    const requested = await call('/auth/password-reset/request', { email });
    expect(requested.status).toBe(202);
    await expectOrigin('authn_token_created', requested, userId, { purpose: 'password_reset' });
    const confirmed = await call('/auth/password-reset/confirm', { token: await outboxToken(email, 'password_reset'), newPassword: `${PASSWORD} reset` });
    expect(confirmed.status).toBe(204);
    await expectOrigin('authn_password_change', confirmed, userId, { via: 'reset' });
    await expectOrigin('session_revoked', confirmed, userId, { session: 'all', reason: 'password_reset' });
  });
});

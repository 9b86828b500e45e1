// The request origin reaches every event the identity operations record, over HTTP on the real
// platform: an account's whole journey (register, verify the address, log in, MFA enrolment and
// activation, a recovery-code login, logout, password change, a password reset whose request
// goes on after the 202) leaves each of its events with the id of the request that caused it
// and the client address, in the row and in the log line. (security-events.http.test.ts covers
// the refusals; this file has its own platform for a password-reset limit that allows a journey.)
import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { internalsOf } from '../identity/internals.js';
import type { SecurityEventName } from './names.js';
import { startEventsPlatform, type Answer, type EventsPlatform } from './test-support/events-platform.js';

const PASSWORD = `origin test ${randomBytes(9).toString('hex')}`;

let events: EventsPlatform;

beforeAll(async () => {
  events = await startEventsPlatform(
    { RATE_LIMIT_LOGIN: '1000/hour', RATE_LIMIT_PASSWORD_RESET: '100/hour' },
    { REFRESH_TOKEN_IN_BODY: 'true', REQUIRE_VERIFIED_EMAIL: 'true' },
  );
});

afterAll(async () => {
  await events.close();
});

const call = (path: string, body: unknown, token?: string): Promise<Answer> =>
  events.call('POST', path, { ...(body === undefined ? {} : { body }), ...(token === undefined ? {} : { token }) });

/** The event's row of that request (waiting a little: some are recorded after the answer), with
 * the client address, and its log line with the request id and client address. */
async function expectOrigin(event: SecurityEventName, answer: Answer, userId: string, detail: Record<string, unknown> = {}): Promise<void> {
  const rows = await events.eventuallyRows(event, answer.requestId);
  expect(rows, `${event} for request ${answer.requestId}`).toHaveLength(1);
  expect(rows[0]).toMatchObject({ user_id: userId, detail: { ...detail, requestId: answer.requestId, client: '127.0.0.1' } });
  expect(events.logLineOf(event, answer.requestId)).toMatchObject({ client: '127.0.0.1', userId });
}

async function outboxToken(email: string, kind: 'password_reset' | 'email_verification'): Promise<string> {
  const { ctx, identity } = events.platform;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const row = await ctx.db.selectFrom('outbox').select(['id', 'payload']).where('recipient', '=', email).where('kind', '=', kind).executeTakeFirst();
    if (row) return internalsOf(identity).passwordReset.openOutboxToken(row);
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

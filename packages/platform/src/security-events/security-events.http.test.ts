// Every security event a client can cause, over HTTP on the real platform (assemblePlatform on a
// migrated PGlite): a failed login, a lockout, a refresh token reuse, a 403, a 404 for another
// user's object, a 429, a 400 by schema and a refused CORS preflight each leave their log line
// (with the request id the client saw and the client address, never the password), their row
// in security_events and one more on rampart_security_events_total.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRole } from '../db/schema/identity.js';
import { internalsOf } from '../identity/internals.js';
import type { SecurityEventName } from './names.js';
import { startEventsPlatform, type Answer, type EventsPlatform } from './test-support/events-platform.js';

const PASSWORD = `events test ${randomBytes(9).toString('hex')}`;

let events: EventsPlatform;

beforeAll(async () => {
  events = await startEventsPlatform(
    {
      CORS_ORIGINS: 'https://app.example',
      RATE_LIMIT_LOGIN: '1000/hour',
      // An hour window: the third request in it is refused, whatever the clock.
      RATE_LIMIT_PASSWORD_RESET: '2/hour',
    },
    { REFRESH_TOKEN_IN_BODY: 'true' },
  );
});

afterAll(async () => {
  await events.close();
});

const call = (...args: Parameters<EventsPlatform['call']>) => events.call(...args);
const rowsOf = (...args: Parameters<EventsPlatform['rowsOf']>) => events.rowsOf(...args);

async function newUser(role: UserRole): Promise<{ id: string; email: string; token: string }> {
  const email = `${role}-${randomBytes(5).toString('hex')}@example.test`;
  const { identity } = events.platform;
  const created = await internalsOf(identity).accounts.register({ email, password: PASSWORD, displayName: `events ${role}` }, role);
  const tokens = await internalsOf(identity).issueTokensFor(created.id);
  return { id: created.id, email, token: tokens.accessToken };
}

async function counted(event: SecurityEventName): Promise<number> {
  const text = await events.platform.metrics.metrics();
  const match = new RegExp(`^rampart_security_events_total\\{event="${event}"\\} (\\d+)$`, 'm').exec(text);
  return match ? Number(match[1]) : Number.NaN;
}

/** Runs `act`, then checks the log line, the row and the counter of `event`. */
async function expectEvent(event: SecurityEventName, act: () => Promise<Answer>, expectedStatus: number, userId: string | null) {
  const before = await counted(event);
  const answer = await act();
  expect(answer.status).toBe(expectedStatus);
  const rows = await events.eventuallyRows(event, answer.requestId);
  expect(rows).toHaveLength(1);
  expect(rows[0]?.user_id ?? null).toBe(userId);
  expect(rows[0]?.detail).toMatchObject({ requestId: answer.requestId, client: '127.0.0.1' });
  const line = events.logLineOf(event, answer.requestId);
  expect(line).toMatchObject({ securityEvent: event, client: '127.0.0.1', userId, level: 40 });
  expect(await counted(event)).toBe(before + 1);
  return { answer, row: rows[0], line };
}

describe('security events over HTTP', () => {
  it('a failed login: authn_login_fail, the password nowhere in the log', async () => {
    const user = await newUser('free-user');
    const wrong = `not the password ${randomBytes(6).toString('hex')}`;
    const { row } = await expectEvent('authn_login_fail', () => call('POST', '/auth/login', { body: { email: user.email, password: wrong } }), 401, user.id);
    expect(row?.detail).toMatchObject({ reason: 'wrong_password' });
    expect(events.rawLines.some((line) => line.includes(wrong) || line.includes(PASSWORD))).toBe(false);
  });

  it('a lockout: the tenth failure in a row records authn_login_lock', async () => {
    const user = await newUser('free-user');
    for (let i = 0; i < 9; i += 1) {
      expect((await call('POST', '/auth/login', { body: { email: user.email, password: `wrong ${i} ${PASSWORD}` } })).status).toBe(401);
    }
    expect(await rowsOf('authn_login_lock').then((rows) => rows.filter((r) => r.user_id === user.id))).toHaveLength(0);
    await expectEvent('authn_login_lock', () => call('POST', '/auth/login', { body: { email: user.email, password: `wrong 9 ${PASSWORD}` } }), 401, user.id);
  });

  it('a refresh token used twice: authn_token_reuse (and the login before it: success and session_created)', async () => {
    const user = await newUser('free-user');
    const login = await call('POST', '/auth/login', { body: { email: user.email, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(await rowsOf('authn_login_success', login.requestId)).toHaveLength(1);
    expect(await rowsOf('session_created', login.requestId)).toHaveLength(1);
    const { refreshToken } = login.body as { refreshToken: string };
    expect((await call('POST', '/auth/refresh', { body: { refreshToken } })).status).toBe(200);
    await expectEvent('authn_token_reuse', () => call('POST', '/auth/refresh', { body: { refreshToken } }), 401, user.id);
  });

  it('a 403 by access policy: authz_fail with the route', async () => {
    const user = await newUser('free-user');
    const { row } = await expectEvent('authz_fail', () => call('GET', '/metrics', { token: user.token }), 403, user.id);
    expect(row?.detail).toMatchObject({ route: '/metrics', status: 403, code: 'RAMPART_ERR_AUTH_INSUFFICIENT_SCOPE' });
  });

  it("another user's object: 404 and malicious_direct_reference; a missing one: 404 and no event", async () => {
    const admin = await newUser('admin');
    const owner = await newUser('paid-individual');
    const other = await newUser('paid-individual');
    const course = await call('POST', '/api/courses', { token: admin.token, body: { title: 'Events course' } });
    expect(course.status).toBe(201);
    const enrolled = await call('POST', `/api/courses/${(course.body as { id: string }).id}/enroll`, { token: owner.token });
    expect(enrolled.status).toBe(201);
    const id = (enrolled.body as { id: string }).id;
    expect((await call('GET', `/api/enrollments/${id}`, { token: owner.token })).status).toBe(200);
    const { row } = await expectEvent('malicious_direct_reference', () => call('GET', `/api/enrollments/${id}`, { token: other.token }), 404, other.id);
    expect(row?.detail).toMatchObject({ resource: 'enrollments', id });
    const before = await counted('malicious_direct_reference');
    expect((await call('GET', `/api/enrollments/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, { token: other.token })).status).toBe(404);
    expect(await counted('malicious_direct_reference')).toBe(before);
  });

  it('a 429: excess_rate_limit_exceeded', async () => {
    const email = `nobody-${randomBytes(4).toString('hex')}@example.test`;
    expect((await call('POST', '/auth/password-reset/request', { body: { email } })).status).toBe(202);
    expect((await call('POST', '/auth/password-reset/request', { body: { email } })).status).toBe(202);
    const { row } = await expectEvent('excess_rate_limit_exceeded', () => call('POST', '/auth/password-reset/request', { body: { email } }), 429, null);
    expect(row?.detail).toMatchObject({ route: '/auth/password-reset/request', status: 429 });
  });

  it('a 400 by schema: input_validation_fail', async () => {
    await expectEvent('input_validation_fail', () => call('POST', '/auth/login', { body: { email: 'x@example.test', password: PASSWORD, extra: true } }), 400, null);
  });

  it('a refused CORS preflight: malicious_cors', async () => {
    const { row } = await expectEvent(
      'malicious_cors',
      () => call('OPTIONS', '/auth/login', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } }),
      403,
      null,
    );
    expect(row?.detail).toMatchObject({ method: 'OPTIONS', code: 'RAMPART_ERR_CORS_ORIGIN_DENIED' });
  });
});

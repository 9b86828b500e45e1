// Every security event a client can cause, over HTTP on the real platform (assemblePlatform on a
// migrated PGlite): a failed login, a lockout, a refresh token reuse, a 403, a 404 for another
// user's object, a 429, a 400 by schema and a refused CORS preflight each leave their log line
// (with the request id the client saw and the client address, never the password), their row
// in security_events and one more on rampart_security_events_total.
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemblePlatform, type Platform } from '../assembly/assemble-platform.js';
import { loadConfig } from '../config/index.js';
import type { UserRole } from '../db/schema/identity.js';
import { internalsOf } from '../identity/internals.js';
import { freshDatabase } from '../../../../test-support/pglite-snapshot.js';
import type { SecurityEventName } from './names.js';

const PASSWORD = `events test ${randomBytes(9).toString('hex')}`;
const lines: Record<string, unknown>[] = [];
const rawLines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line === '') continue;
      rawLines.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  },
});

let platform: Platform;
let base: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rampart-events-'));
  const config = loadConfig(
    {
      RAMPART_ENV: 'development',
      RAMPART_DATA_DIR: dataDir,
      CORS_ORIGINS: 'https://app.example',
      RATE_LIMIT_LOGIN: '1000/hour',
      // An hour window: the third request in it is refused, whatever the clock.
      RATE_LIMIT_PASSWORD_RESET: '2/hour',
    },
    dataDir,
  );
  platform = await assemblePlatform(config, {
    database: await freshDatabase(),
    logStream: capture,
    migrate: true,
    leastPrivilege: true,
    identity: { controlSocket: false, env: { REFRESH_TOKEN_IN_BODY: 'true' } },
  });
  base = await platform.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await platform.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function newUser(role: UserRole): Promise<{ id: string; email: string; token: string }> {
  const email = `${role}-${randomBytes(5).toString('hex')}@example.test`;
  const created = await internalsOf(platform.identity).accounts.register({ email, password: PASSWORD, displayName: `events ${role}` }, role);
  const tokens = await internalsOf(platform.identity).issueTokensFor(created.id);
  return { id: created.id, email, token: tokens.accessToken };
}

interface Answer {
  readonly status: number;
  readonly requestId: string;
  readonly body: unknown;
}

async function call(method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await request(`${base}${path}`, {
    method: method as 'GET',
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, requestId: String(response.headers['x-request-id']), body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

async function counted(event: SecurityEventName): Promise<number> {
  const text = await platform.metrics.metrics();
  const match = new RegExp(`^rampart_security_events_total\\{event="${event}"\\} (\\d+)$`, 'm').exec(text);
  return match ? Number(match[1]) : Number.NaN;
}

async function rowsOf(event: SecurityEventName, requestId?: string) {
  const rows = await platform.ctx.db.selectFrom('security_events').selectAll().where('kind', '=', event).execute();
  return requestId === undefined ? rows : rows.filter((row) => (row.detail as { requestId?: string }).requestId === requestId);
}

/** Waits for the row of an event recorded after the response (guard's refusals). */
async function eventuallyRow(event: SecurityEventName, requestId: string) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const rows = await rowsOf(event, requestId);
    if (rows.length > 0) return rows;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no ${event} row for request ${requestId}`);
}

function logLineOf(event: SecurityEventName, requestId: string): Record<string, unknown> {
  const line = lines.find((l) => l.securityEvent === event && l.requestId === requestId);
  if (!line) throw new Error(`no ${event} log line for request ${requestId}`);
  return line;
}

/** Runs `act`, then checks the log line, the row and the counter of `event`. */
async function expectEvent(event: SecurityEventName, act: () => Promise<Answer>, expectedStatus: number, userId: string | null) {
  const before = await counted(event);
  const answer = await act();
  expect(answer.status).toBe(expectedStatus);
  const rows = await eventuallyRow(event, answer.requestId);
  expect(rows).toHaveLength(1);
  expect(rows[0]?.user_id ?? null).toBe(userId);
  expect(rows[0]?.detail).toMatchObject({ requestId: answer.requestId, client: '127.0.0.1' });
  const line = logLineOf(event, answer.requestId);
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
    expect(rawLines.some((line) => line.includes(wrong) || line.includes(PASSWORD))).toBe(false);
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

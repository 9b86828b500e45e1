// events.onSecurityEvent on a real listening server (undici): a 403 by access policy, a 400 by
// schema, a refused CORS preflight and a 429 each call the hook once, with the request id the
// client saw and the client address; an accepted request and a plain 404 call it never.
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolvePolicy } from '../policy/index.js';
import { buildGuardedApp, principal, tableVerifier } from '../test-support/guard-core-app.js';
import { listenLocal } from '../test-support/listen.js';
import type { GuardSecurityEvent } from './index.js';

const HOUR = 3_600_000;
const ok = { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } };
const seen: GuardSecurityEvent[] = [];
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  const verifier = tableVerifier({ 'user.token': principal('user-1', [], ['user']) });
  ({ app } = await buildGuardedApp(
    {
      authenticate: verifier,
      cors: { origins: ['https://app.example'] },
      rateLimit: { classes: { tight: { limit: 1, windowMs: HOUR } } },
      events: { onSecurityEvent: (event) => seen.push(event) },
    },
    (a) => {
      a.get('/admin', { config: { access: { roles: ['admin'] }, rateLimit: 'authenticated' }, schema: ok }, async () => ({ ok: true }));
      a.get('/open', { config: { access: 'public', rateLimit: 'public' }, schema: ok }, async () => ({ ok: true }));
      a.get('/tight', { config: { access: 'public', rateLimit: 'tight' }, schema: ok }, async () => ({ ok: true }));
      const body = { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', maxLength: 8 } } };
      a.post('/things', { config: { access: 'public', rateLimit: 'public' }, schema: { body, ...ok } }, async () => ({ ok: true }));
    },
  ));
  base = await listenLocal(app);
});

afterAll(async () => {
  await app.close();
});

beforeEach(() => {
  seen.length = 0;
});

async function only(): Promise<GuardSecurityEvent> {
  expect(seen).toHaveLength(1);
  return seen[0] as GuardSecurityEvent;
}

describe('events.onSecurityEvent', () => {
  it('reports a 403 by access policy as authz_fail, with request id, client and subject', async () => {
    const response = await request(`${base}/admin`, { headers: { authorization: 'Bearer user.token', 'x-request-id': 'req-authz-1' } });
    expect(response.statusCode).toBe(403);
    await response.body.dump();
    expect(await only()).toEqual({
      event: 'authz_fail',
      requestId: 'req-authz-1',
      client: '127.0.0.1',
      method: 'GET',
      route: '/admin',
      status: 403,
      code: 'RAMPART_ERR_AUTH_INSUFFICIENT_SCOPE',
      subject: 'user-1',
    });
  });

  it('reports a 400 by schema as input_validation_fail', async () => {
    const response = await request(`${base}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'far too long a name' }),
    });
    expect(response.statusCode).toBe(400);
    const requestId = response.headers['x-request-id'];
    await response.body.dump();
    const event = await only();
    expect(event).toMatchObject({ event: 'input_validation_fail', status: 400, route: '/things', client: '127.0.0.1', code: 'RAMPART_ERR_VALIDATION_FAILED' });
    expect(event.requestId).toBe(requestId);
    expect(event.subject).toBeUndefined();
  });

  it('reports a refused CORS preflight as malicious_cors', async () => {
    const response = await request(`${base}/open`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(response.statusCode).toBe(403);
    await response.body.dump();
    expect(await only()).toMatchObject({ event: 'malicious_cors', status: 403, method: 'OPTIONS', code: 'RAMPART_ERR_CORS_ORIGIN_DENIED' });
  });

  it('reports a 429 as excess_rate_limit_exceeded, once per refused request', async () => {
    const first = await request(`${base}/tight`);
    expect(first.statusCode).toBe(200);
    await first.body.dump();
    expect(seen).toHaveLength(0);
    const second = await request(`${base}/tight`);
    expect(second.statusCode).toBe(429);
    await second.body.dump();
    expect(await only()).toMatchObject({ event: 'excess_rate_limit_exceeded', status: 429, route: '/tight', client: '127.0.0.1' });
  });

  it('stays silent for accepted requests and for refusals that are not security events', async () => {
    const accepted = await request(`${base}/open`);
    expect(accepted.statusCode).toBe(200);
    await accepted.body.dump();
    const missing = await request(`${base}/nowhere`);
    expect(missing.statusCode).toBe(404);
    await missing.body.dump();
    expect(seen).toHaveLength(0);
  });

  it('refuses a hook that is not a function', () => {
    expect(() => resolvePolicy({ events: { onSecurityEvent: 'log' as never } })).toThrow(/events\.onSecurityEvent.*must be a function/s);
  });
});

describe('a listener that throws', () => {
  it('still answers the refusal and logs the lost event', async () => {
    const { app: throwing, lines } = await buildGuardedApp(
      { events: { onSecurityEvent: () => { throw new Error('listener broke'); } } },
      (a) => {
        const body = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
        a.post('/things', { config: { access: 'public', rateLimit: 'public' }, schema: { body, ...ok } }, async () => ({ ok: true }));
      },
    );
    try {
      const url = await listenLocal(throwing);
      const response = await request(`${url}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.statusCode).toBe(400);
      await response.body.dump();
      expect(lines.some((line) => line.msg === 'the security event listener threw; the event is lost')).toBe(true);
    } finally {
      await throwing.close();
    }
  });
});

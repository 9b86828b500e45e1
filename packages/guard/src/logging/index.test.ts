import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { HOST, buildGuardedApp, principal, tableVerifier } from '../test-support/guard-core-app.js';
import { REDACTED, isSensitiveKey, redactDeep, redactText, redactUrl } from './redact.js';

// Values that must never appear in a log line, whatever the depth they were sent or logged at.
const SECRETS = {
  bearer: 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLXZhbHVl',
  cookie: 'refresh-cookie-value-7f3a',
  password: 'correct horse battery staple 42',
  newPassword: 'another-long-password-9x',
  refreshToken: 'rt-5b1e-opaque-refresh-token',
  resetToken: 'reset-token-8c2d-in-query',
  totp: '492039',
  apiKey: 'api-key-31fc-secret',
  clientSecret: 'client-secret-44aa',
  mfaSecret: 'JBSWY3DPEHPK3PXP',
  malformedBodyPassword: 'hunter2x',
} as const;

let app: FastifyInstance;
let rawLines: string[];

beforeAll(async () => {
  const verifier = tableVerifier({ [SECRETS.bearer]: principal('user-1') });
  ({ app, rawLines } = await buildGuardedApp({ authenticate: verifier, rateLimit: { classes: { public: { limit: 10_000 } } } }, (a) => {
    a.post(
      '/auth/login',
      {
        config: { access: 'public', rateLimit: 'public' },
        schema: {
          body: {
            type: 'object',
            properties: {
              email: { type: 'string' },
              password: { type: 'string' },
              totp: { type: 'string' },
              profile: { type: 'object', properties: { settings: { type: 'object', properties: { apiKey: { type: 'string' } } } } },
            },
          },
          response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } },
        },
      },
      async (request) => {
        // An application that logs too much: the whole body and headers, nested, and a message
        // with the bearer token in it.
        request.log.info({ body: request.body, context: { headers: request.headers, deeper: { list: [{ refresh_token: SECRETS.refreshToken }] } } }, 'login attempt');
        request.log.info(`authorization was ${request.headers.authorization ?? ''}`);
        request.log.warn({ user: { credentials: { newPassword: SECRETS.newPassword, clientSecret: SECRETS.clientSecret, mfaSecret: SECRETS.mfaSecret } } }, 'nested');
        return { ok: true };
      },
    );
    a.get('/crash', { config: { access: 'authenticated', rateLimit: 'authenticated' }, schema: { response: { 200: { type: 'object' } } } }, async () => {
      throw Object.assign(new Error(`db failed for Bearer ${SECRETS.bearer}`), { password: SECRETS.password });
    });
    a.get('/reset', { config: { access: 'public', rateLimit: 'public' }, schema: { response: { 200: { type: 'object' } } } }, async () => ({}));
  }));

  await app.inject({
    method: 'POST',
    url: '/auth/login',
    headers: { ...HOST, authorization: `Bearer ${SECRETS.bearer}`, cookie: `__Host-refresh=${SECRETS.cookie}`, 'x-api-key': SECRETS.apiKey },
    payload: { email: 'a@example.com', password: SECRETS.password, totp: SECRETS.totp, profile: { settings: { apiKey: SECRETS.apiKey } } },
  });
  await app.inject({ method: 'GET', url: '/crash', headers: { ...HOST, authorization: `Bearer ${SECRETS.bearer}` } });
  await app.inject({ method: 'GET', url: `/reset?token=${SECRETS.resetToken}&lang=en`, headers: HOST });
  // Malformed JSON: V8's parse error quotes the input; it must not reach the log either.
  await app.inject({
    method: 'POST',
    url: '/auth/login',
    headers: { ...HOST, 'content-type': 'application/json' },
    payload: `{"password": ${SECRETS.malformedBodyPassword}}`,
  });
});
afterAll(async () => app.close());

describe('logging through real requests', () => {
  it('writes JSON lines', () => {
    expect(rawLines.length).toBeGreaterThan(5);
    for (const line of rawLines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it.each(Object.entries(SECRETS))('never writes the %s', (_name, secret) => {
    const leaked = rawLines.filter((line) => line.includes(secret));
    expect(leaked).toEqual([]);
  });

  it('keeps the surrounding information and marks what was redacted', () => {
    const all = rawLines.join('');
    expect(all).toContain('login attempt');
    expect(all).toContain('a@example.com');
    expect(all).toContain(REDACTED);
    expect(all).toContain('lang=en');
    expect(all).toContain('db failed for Bearer [REDACTED]');
  });

  it('carries the request id on every line of a request', () => {
    const requestLines = rawLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg !== 'Server listening at');
    const withRequest = requestLines.filter((line) => line.req !== undefined || line.res !== undefined || line.msg === 'login attempt');
    expect(withRequest.length).toBeGreaterThan(3);
    for (const line of withRequest) expect(line.reqId).toEqual(expect.any(String));
  });
});

describe('redaction helpers', () => {
  it.each(['authorization', 'Proxy-Authorization', 'cookie', 'set-cookie', 'password', 'passwords', 'newPassword', 'password_hash', 'token', 'tokens', 'accessToken', 'refresh_token', 'id_token', 'resetToken', 'secret', 'secrets', 'clientSecret', 'totp', 'apiKey', 'x-api-key', 'privateKey'])(
    '%s is sensitive',
    (key) => expect(isSensitiveKey(key)).toBe(true),
  );

  it.each(['email', 'displayName', 'reqId', 'statusCode', 'method', 'url'])('%s is not', (key) => expect(isSensitiveKey(key)).toBe(false));

  it('walks arrays, maps, errors and bounded depth, and survives cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    const out = redactDeep({ list: [{ password: 'p' }], map: new Map([['token', 't']]), err: Object.assign(new Error('e'), { secret: 's' }), cyclic }) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.toMatch(/"p"|"t"|"s"/);
    expect(JSON.stringify(out)).toContain('[Truncated]');
  });

  it('scrubs bearer credentials and JWTs in text, and sensitive query parameters', () => {
    expect(redactText(`Bearer ${SECRETS.bearer}`)).toBe('Bearer [REDACTED]');
    expect(redactText(`token ${SECRETS.bearer} end`)).toBe('token [REDACTED] end');
    expect(redactUrl('/a?access_token=abc&page=2')).toBe('/a?access_token=[REDACTED]&page=2');
    expect(redactUrl('/a?page=2')).toBe('/a?page=2');
  });
});

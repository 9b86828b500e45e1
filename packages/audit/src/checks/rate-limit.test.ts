import { createServer, type RequestListener } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../fixtures/listen.js';
import { createProbeContext, type ProbeContext } from '../fixtures/probe-context.js';
import type { ProbeResponse } from './types.js';
import { isThrottled, MAX_LOGIN_ATTEMPTS, rateLimitCheck } from './rate-limit.js';

let open: Listening[] = [];
let contexts: ProbeContext[] = [];
afterEach(async () => {
  await Promise.all([...open.map((s) => s.close()), ...contexts.map((c) => c.close())]);
  open = [];
  contexts = [];
});

/** `null` audits without --login. */
async function audit(handler: RequestListener, loginPath: string | null = '/login') {
  let logins = 0;
  const bodies: string[] = [];
  const server = await listen(
    createServer((req, res) => {
      if (req.method === 'POST') {
        logins += 1;
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          bodies.push(body);
          handler(req, res);
        });
        return;
      }
      handler(req, res);
    }),
  );
  open.push(server);
  const context = createProbeContext(server.url, loginPath === null ? {} : { loginPath });
  contexts.push(context);
  const findings = await rateLimitCheck.run(context);
  return { findings, logins: () => logins, bodies };
}

const unauthorized: RequestListener = (_req, res) => {
  res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_credentials"}');
};

describe('rate-limit check', () => {
  it('is opt-in', () => {
    expect(rateLimitCheck.enabledByDefault).toBe(false);
  });

  it(`fails after ${MAX_LOGIN_ATTEMPTS} unthrottled attempts and never sends more`, async () => {
    const { findings, logins, bodies } = await audit(unauthorized);
    expect(findings.map((f) => f.verdict)).toEqual(['FAIL']);
    expect(logins()).toBe(MAX_LOGIN_ATTEMPTS);
    const sent = JSON.parse(bodies[0] ?? '{}') as { email?: string };
    expect(sent.email).toMatch(/@example\.invalid$/);
  });

  it('passes and stops at the first 429', async () => {
    let count = 0;
    const { findings, logins } = await audit((req, res) => {
      count += 1;
      if (count > 5) return void res.writeHead(429, { 'retry-after': '60' }).end();
      unauthorized(req, res);
    });
    expect(findings.map((f) => f.verdict)).toEqual(['PASS']);
    expect(findings[0]?.detail).toContain('Attempt 6');
    expect(logins()).toBe(6);
  });

  it('passes on a lockout message without 429', async () => {
    let count = 0;
    const { findings } = await audit((_req, res) => {
      count += 1;
      res.writeHead(count > 10 ? 403 : 401, { 'content-type': 'application/json' });
      res.end(count > 10 ? '{"error":"Too many failed attempts, account locked"}' : '{"error":"invalid"}');
    });
    expect(findings.map((f) => f.verdict)).toEqual(['PASS']);
  });

  it('warns when RateLimit headers are advertised but the burst is not refused', async () => {
    const { findings } = await audit((_req, res) => {
      res.writeHead(401, { 'ratelimit-policy': '100;w=60', ratelimit: 'limit=100, remaining=70, reset=50' }).end();
    });
    expect(findings.map((f) => f.verdict)).toEqual(['WARN']);
  });

  it('is N/A when the login path does not exist, after one request', async () => {
    const { findings, logins } = await audit((_req, res) => void res.writeHead(404).end());
    expect(findings.map((f) => f.verdict)).toEqual(['N/A']);
    expect(logins()).toBe(1);
  });

  it('is N/A without --login', async () => {
    const { findings, logins } = await audit(unauthorized, null);
    expect(findings.map((f) => f.verdict)).toEqual(['N/A']);
    expect(logins()).toBe(0);
  });

  it.each([
    [429, {}, '', true],
    [423, {}, '', true],
    [503, { 'retry-after': ['30'] }, '', true],
    [401, {}, '{"error":"rate_limit_exceeded"}', true],
    [403, {}, 'Account temporarily blocked', true],
    [401, {}, '{"error":"invalid_credentials"}', false],
    [200, {}, 'too many cooks', false],
  ] as const)('isThrottled(%i, %j, %j) is %s', (status, headers, body, expected) => {
    const response: ProbeResponse = { url: 'http://x/login', method: 'POST', status, headers, body, contentType: 'application/json' };
    expect(isThrottled(response)).toBe(expected);
  });
});

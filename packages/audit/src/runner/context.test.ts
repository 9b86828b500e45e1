import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { transportCheck } from '../checks/transport.js';
import { createAuditContext, type ContextSettings, type RunnerContext } from './context.js';
import { ProbeFailedError, RequestBudgetExceededError } from './errors.js';
import { startServer, type Handler, type TestServer } from '../../../../test-support/http-server.js';
import { makeCertificate } from '../../../../test-support/tls-certificate.js';

let server: TestServer | undefined;
let context: RunnerContext | undefined;
afterEach(async () => {
  await context?.close();
  await server?.close();
  context = undefined;
  server = undefined;
});

async function setup(handler: Handler, settings: Partial<ContextSettings> = {}): Promise<RunnerContext> {
  server = await startServer(handler);
  context = createAuditContext({
    target: server.url,
    env: 'production',
    extraHeaders: {},
    timeoutMs: 2_000,
    concurrency: 4,
    maxRequests: 50,
    maxBodyBytes: 1024,
    ...settings,
  });
  return context;
}

const ok: Handler = (_request, response) => response.end('ok');

describe('AuditContext probe', () => {
  it('sends a foreign Host header, TRACE and a raw `/%` path exactly as asked', async () => {
    const ctx = await setup(ok);
    await ctx.probe({ headers: { Host: 'evil.test' } });
    await ctx.probe({ method: 'TRACE', path: '/trace' });
    await ctx.probe({ path: '/%' });
    expect(server?.seen.map((r) => [r.method, r.url, r.headers.host])).toEqual([
      ['GET', '/', 'evil.test'],
      ['TRACE', '/trace', server?.url.host],
      ['GET', '/%', server?.url.host],
    ]);
  });

  it('never follows a redirect, even to the same host', async () => {
    const ctx = await setup((request, response) => {
      response.writeHead(302, { location: request.url === '/' ? '/next' : 'https://elsewhere.test/' }).end();
    });
    const response = await ctx.probe();
    expect(response.status).toBe(302);
    expect(response.headers.location).toEqual(['/next']);
    expect(server?.seen).toHaveLength(1);
  });

  it('keeps every value of a repeated header and lower-cases names', async () => {
    const ctx = await setup((_request, response) => {
      response.setHeader('Strict-Transport-Security', ['max-age=1', 'max-age=2']);
      response.setHeader('Content-Type', 'application/json');
      response.end('{}');
    });
    const response = await ctx.probe();
    expect(response.headers['strict-transport-security']).toEqual(['max-age=1', 'max-age=2']);
    expect(response.contentType).toBe('application/json');
  });

  it('caps the body it reads', async () => {
    const ctx = await setup((_request, response) => response.end('x'.repeat(100_000)));
    const response = await ctx.probe();
    expect(response.body).toHaveLength(1024);
  });

  it('adds --header values and lets a check override them', async () => {
    const ctx = await setup(ok, { extraHeaders: { Authorization: 'Bearer t', 'X-Team': 'a' } });
    await ctx.probe({ headers: { 'x-team': 'b' } });
    expect(server?.seen[0]?.headers.authorization).toBe('Bearer t');
    expect(server?.seen[0]?.headers['x-team']).toBe('b');
  });

  it('refuses requests past the budget and counts only what was allowed', async () => {
    const ctx = await setup(ok, { maxRequests: 3 });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => ctx.probe()));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected.map((r) => (r as PromiseRejectedResult).reason)).toSatisfy((reasons: unknown[]) =>
      reasons.every((reason) => reason instanceof RequestBudgetExceededError),
    );
    expect(ctx.requestsSent()).toBe(3);
    expect(server?.seen).toHaveLength(3);
  });

  it('never has more than `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const ctx = await setup(
      (_request, response) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        setTimeout(() => {
          inFlight -= 1;
          response.end('slow');
        }, 30);
      },
      { concurrency: 2 },
    );
    await Promise.all(Array.from({ length: 8 }, () => ctx.probe()));
    expect(peak).toBe(2);
  });

  it('gives up after the per-request timeout with a ProbeFailedError', async () => {
    const ctx = await setup(() => undefined, { timeoutMs: 200 });
    const started = Date.now();
    await expect(ctx.probe()).rejects.toBeInstanceOf(ProbeFailedError);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('fetches each baseline once, however many checks ask', async () => {
    const ctx = await setup((request, response) => response.writeHead(request.url === '/' ? 200 : 404).end());
    const [a, b, c, d] = await Promise.all([ctx.baseline(), ctx.baseline(), ctx.notFoundBaseline(), ctx.notFoundBaseline()]);
    expect(a).toBe(b);
    expect(c).toBe(d);
    expect(c.status).toBe(404);
    expect(server?.seen).toHaveLength(2);
  });
});

describe('credentials stay on the target origin', () => {
  it("sends --header values to the https target but never on the transport check's plain-http probe", async () => {
    const certificate = await makeCertificate();
    const secureSeen: Record<string, string | string[] | undefined>[] = [];
    const secure = createHttpsServer({ cert: certificate.cert, key: certificate.key }, (request, response) => {
      secureSeen.push(request.headers);
      response.end('{}');
    });
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    // The plain listener records what reaches it in clear text, and serves content (a FAIL).
    server = await startServer(ok);
    try {
      context = createAuditContext({
        target: new URL(`https://127.0.0.1:${(secure.address() as AddressInfo).port}/`),
        env: 'production',
        extraHeaders: { Authorization: 'Bearer secret-token', Cookie: 'session=abc' },
        timeoutMs: 2_000,
        concurrency: 2,
        maxRequests: 10,
        maxBodyBytes: 1024,
        ca: certificate.cert,
        plainHttpPort: server.url.port === '' ? 80 : Number(server.url.port),
      });
      await context.probe();
      const findings = await transportCheck.run(context);
      expect(findings.map((f) => f.verdict)).toEqual(['FAIL']); // content served over plain http
      expect(secureSeen[0]?.authorization).toBe('Bearer secret-token');
      expect(server.seen).toHaveLength(1);
      expect(server.seen[0]?.headers.authorization).toBeUndefined();
      expect(server.seen[0]?.headers.cookie).toBeUndefined();
    } finally {
      secure.closeAllConnections();
      await new Promise<void>((resolve) => secure.close(() => resolve()));
      await certificate.remove();
    }
  });
});

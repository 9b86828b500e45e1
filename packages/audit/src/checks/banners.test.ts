import { createServer, type RequestListener } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../fixtures/listen.js';
import { createProbeContext, type ProbeContext } from '../fixtures/probe-context.js';
import { bannersCheck, serverHasVersion } from './banners.js';

let open: Listening[] = [];
let contexts: ProbeContext[] = [];
afterEach(async () => {
  await Promise.all([...open.map((s) => s.close()), ...contexts.map((c) => c.close())]);
  open = [];
  contexts = [];
});

async function audit(handler: RequestListener, env: 'production' | 'development' = 'production') {
  const server = await listen(createServer(handler));
  open.push(server);
  const context = createProbeContext(server.url, { env });
  contexts.push(context);
  return new Map((await bannersCheck.run(context)).map((f) => [f.title, f]));
}

describe('serverHasVersion', () => {
  it.each([
    ['nginx/1.25.3', true],
    ['Apache/2.4.57 (Debian)', true],
    ['Microsoft-IIS/10.0', true],
    ['Kestrel 8.0', true],
    ['gunicorn/21.2.0', true],
    ['nginx', false],
    ['cloudflare', false],
    ['Apache', false],
    ['AmazonS3', false],
  ])('%s -> %s', (value, expected) => {
    expect(serverHasVersion(value)).toBe(expected);
  });
});

describe('banners check', () => {
  it('flags Express default X-Powered-By', async () => {
    const app = express();
    app.get('/', (_request, response) => {
      response.json({});
    });
    const findings = await audit(app);
    expect(findings.get('X-Powered-By banner')).toMatchObject({ verdict: 'WARN', detail: 'x-powered-by: Express' });
    expect(findings.get('Server version banner')?.verdict).toBe('PASS');
  });

  it('passes a server that sends no banners, and a bare product name', async () => {
    const findings = await audit((_request, response) => response.writeHead(200, { server: 'nginx' }).end('{}'));
    expect([...findings.values()].map((f) => f.verdict)).toEqual(['PASS', 'PASS', 'PASS', 'PASS']);
  });

  it('flags a versioned Server and ASP.NET headers, even when only error responses carry them', async () => {
    const findings = await audit((request, response) => {
      if (request.url === '/') response.end('{}');
      else response.writeHead(404, { server: 'Microsoft-IIS/10.0', 'x-aspnet-version': '4.0.30319', 'x-aspnetmvc-version': '5.2' }).end();
    });
    expect(findings.get('Server version banner')).toMatchObject({ verdict: 'WARN', detail: 'server: Microsoft-IIS/10.0' });
    expect(findings.get('Server version banner')?.url).toMatch(/rampart-audit-/);
    expect(findings.get('ASP.NET version headers')?.detail).toBe('x-aspnet-version: 4.0.30319; x-aspnetmvc-version: 5.2');
  });

  it('fails a Symfony profiler token, but only warns in development', async () => {
    const handler: RequestListener = (_request, response) =>
      response.writeHead(200, { 'x-debug-token': 'a1b2c3', 'x-debug-token-link': '/_profiler/a1b2c3' }).end('{}');
    expect((await audit(handler)).get('Debug headers')).toMatchObject({ verdict: 'FAIL', severity: 'high' });
    expect((await audit(handler, 'development')).get('Debug headers')?.verdict).toBe('WARN');
  });
});

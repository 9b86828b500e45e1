import { createServer, type RequestListener } from 'node:http';
import express from 'express';
import helmet from 'helmet';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../fixtures/listen.js';
import { createProbeContext, type ProbeContext } from '../fixtures/probe-context.js';
import { headersCheck } from './headers.js';
import type { Finding } from './types.js';

let open: Listening[] = [];
let contexts: ProbeContext[] = [];
afterEach(async () => {
  await Promise.all([...open.map((s) => s.close()), ...contexts.map((c) => c.close())]);
  open = [];
  contexts = [];
});

async function audit(handler: RequestListener): Promise<Map<string, Finding>> {
  const server = await listen(createServer(handler));
  open.push(server);
  const context = createProbeContext(server.url);
  contexts.push(context);
  const findings = await headersCheck.run(context);
  return new Map(findings.map((finding) => [finding.title, finding]));
}

const verdicts = (findings: Map<string, Finding>) => Object.fromEntries([...findings].map(([title, f]) => [title, f.verdict]));

const apiHeaders = {
  'content-type': 'application/json',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=()',
};

describe('headers check', () => {
  it('passes a hardened JSON API over http on every applicable rule, errors included', async () => {
    const findings = await audit((request, response) => {
      response.writeHead(request.url === '/' && request.method === 'GET' ? 200 : 404, apiHeaders).end('{}');
    });
    expect(verdicts(findings)).toEqual({
      'Strict-Transport-Security': 'N/A',
      'X-Content-Type-Options': 'PASS',
      'Framing protection': 'PASS',
      'Content-Security-Policy': 'PASS',
      'Referrer-Policy': 'PASS',
      'Permissions-Policy': 'PASS',
      'Cache-Control on credentials': 'N/A',
      'X-XSS-Protection': 'PASS',
    });
    expect(findings.get('X-Content-Type-Options')?.detail).toContain('3 responses graded: 200, 404, 404');
  });

  it('grades a bare node:http API: nosniff and framing WARN, CSP INFO, fixes given', async () => {
    const findings = await audit((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    expect(findings.get('X-Content-Type-Options')).toMatchObject({ verdict: 'WARN', fix: expect.stringContaining('nosniff') });
    expect(findings.get('Framing protection')?.verdict).toBe('WARN');
    expect(findings.get('Content-Security-Policy')?.verdict).toBe('INFO');
    expect(findings.get('Content-Security-Policy')?.fix).toBeUndefined();
  });

  it('finds headers that are set on the page but missing on the 404', async () => {
    const findings = await audit((request, response) => {
      if (request.url === '/') response.writeHead(200, apiHeaders).end('{}');
      else response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
    });
    const nosniff = findings.get('X-Content-Type-Options');
    expect(nosniff?.verdict).toBe('WARN');
    expect(nosniff?.detail).toMatch(/^404 GET \/rampart-audit-[0-9a-f]+: X-Content-Type-Options missing/);
    expect(nosniff?.url).toMatch(/\/rampart-audit-/);
  });

  it('fails an HTML page with an unsafe CSP and no framing protection', async () => {
    const findings = await audit((_request, response) => {
      response
        .writeHead(200, { 'content-type': 'text/html', 'content-security-policy': "script-src 'self' 'unsafe-inline' 'unsafe-eval'", 'x-xss-protection': '1; mode=block' })
        .end('<!doctype html><p>hi</p>');
    });
    expect(findings.get('Content-Security-Policy')).toMatchObject({ verdict: 'FAIL', detail: expect.stringContaining("'unsafe-eval'") });
    expect(findings.get('Framing protection')?.verdict).toBe('FAIL');
    expect(findings.get('X-XSS-Protection')?.verdict).toBe('WARN');
    expect(findings.get('Referrer-Policy')?.verdict).toBe('WARN');
  });

  it('wants no-store where a cookie is set', async () => {
    const findings = await audit((_request, response) => {
      response.writeHead(200, { ...apiHeaders, 'set-cookie': 'sid=abc; HttpOnly; SameSite=Lax' }).end('{}');
    });
    expect(findings.get('Cache-Control on credentials')?.verdict).toBe('WARN');
  });

  it('grades Express with helmet: everything helmet sets passes', async () => {
    const app = express();
    app.use(helmet());
    app.get('/', (_request, response) => {
      response.json({ ok: true });
    });
    const server = await listen(createServer(app));
    open.push(server);
    const context = createProbeContext(server.url);
    contexts.push(context);
    const findings = new Map((await headersCheck.run(context)).map((f) => [f.title, f]));
    expect(findings.get('X-Content-Type-Options')?.verdict).toBe('PASS');
    expect(findings.get('Framing protection')?.verdict).toBe('PASS');
    expect(findings.get('X-XSS-Protection')?.verdict).toBe('PASS');
    // helmet sends no Permissions-Policy (see DESIGN.md), and Express answers 404 with an HTML
    // page, which is judged as HTML: WARN, pointing at the 404.
    expect(findings.get('Permissions-Policy')).toMatchObject({ verdict: 'WARN', detail: expect.stringMatching(/^404 GET \/rampart-audit-/) });
  });
});

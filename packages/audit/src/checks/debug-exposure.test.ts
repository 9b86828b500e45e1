import { createServer, type RequestListener } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../fixtures/listen.js';
import { createProbeContext, type ProbeContext } from '../fixtures/probe-context.js';
import { worstVerdict } from '../fixtures/verdict.js';
import { debugExposureCheck } from './debug-exposure.js';

const openApi = JSON.stringify({ openapi: '3.1.0', info: { title: 'x', version: '1' }, paths: {} });
const leaky: Record<string, [string, string]> = {
  '/.env': ['text/plain', 'DATABASE_URL=postgres://u:p@db/x\nJWT_SECRET=abc\n'],
  '/.git/HEAD': ['application/octet-stream', 'ref: refs/heads/main\n'],
  '/openapi.json': ['application/json', openApi],
  '/metrics': ['text/plain; version=0.0.4', '# HELP up whether up\n# TYPE up gauge\nup 1\n'],
};

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
  const findings = await debugExposureCheck.run(context);
  return { findings, context };
}

const serveTable =
  (table: Record<string, [string, string]>): RequestListener =>
  (req, res) => {
    const hit = table[req.url ?? ''];
    if (hit === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
      return;
    }
    res.writeHead(200, { 'content-type': hit[0] }).end(hit[1]);
  };

describe('debug-exposure check', () => {
  it('fails on an exposed .env, .git/HEAD and OpenAPI document in production, warns on open metrics', async () => {
    const { findings } = await audit(serveTable(leaky));
    const byTitle = (fragment: string) => findings.find((f) => f.title.includes(fragment));
    expect(byTitle('.env')?.verdict).toBe('FAIL');
    expect(byTitle('.env')?.severity).toBe('critical');
    expect(byTitle('Git HEAD')?.verdict).toBe('FAIL');
    expect(byTitle('OpenAPI')?.verdict).toBe('FAIL');
    expect(byTitle('metrics')?.verdict).toBe('WARN');
    expect(findings.every((f) => f.verdict === 'PASS' || f.fix !== undefined)).toBe(true);
    // The finding never copies the secret into the report.
    expect(JSON.stringify(findings)).not.toContain('JWT_SECRET=abc');
  });

  it('grades docs as INFO in development but still fails secrets', async () => {
    const { findings } = await audit(serveTable(leaky), 'development');
    expect(findings.find((f) => f.title.includes('OpenAPI'))?.verdict).toBe('INFO');
    expect(findings.find((f) => f.title.includes('metrics'))?.verdict).toBe('INFO');
    expect(findings.find((f) => f.title.includes('.env'))?.verdict).toBe('FAIL');
  });

  it('passes a server that answers 404 everywhere', async () => {
    const { findings } = await audit(serveTable({}));
    expect(worstVerdict(findings)).toBe('PASS');
  });

  it('does not count a catch-all 200 that echoes every path', async () => {
    const { findings } = await audit((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`A=1\nB=2\nref: refs/heads/x\npath ${req.url ?? ''}`);
    });
    expect(worstVerdict(findings)).toBe('PASS');
  });

  it('does not count an SPA catch-all serving the same HTML for every path', async () => {
    const { findings } = await audit((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><div id="root"></div>');
    });
    expect(worstVerdict(findings)).toBe('PASS');
  });

  it('ignores the right signature under the wrong content type', async () => {
    const { findings } = await audit(serveTable({ '/openapi.json': ['text/html', openApi] }));
    expect(worstVerdict(findings)).toBe('PASS');
  });

  it('detects GraphQL introspection and a Django debug 404 page', async () => {
    const { findings } = await audit((req, res) => {
      if (req.method === 'POST' && req.url === '/graphql') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { __schema: { queryType: { name: 'Query' } } } }));
        return;
      }
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end("<p>You're seeing this error because you have <code>DEBUG = True</code> in your settings</p>");
    });
    expect(findings.find((f) => f.title.includes('GraphQL'))?.verdict).toBe('FAIL');
    expect(findings.find((f) => f.title.includes('Django'))?.verdict).toBe('FAIL');
  });

  it('survives hostile answers: garbage JSON, huge bodies, resets', async () => {
    const { findings } = await audit((req, res) => {
      if (req.url === '/openapi.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"openapi": "3', 'utf8');
        return;
      }
      if (req.url === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(2_000_000));
        return;
      }
      res.writeHead(404).end();
    });
    expect(worstVerdict(findings)).toBe('PASS');
  });
});

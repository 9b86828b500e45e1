import { createServer, type RequestListener } from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../fixtures/listen.js';
import { createProbeContext, type ProbeContext } from '../fixtures/probe-context.js';
import { errorLeakageCheck, triggers } from './error-leakage.js';
import type { Finding } from './types.js';

let open: Listening[] = [];
let contexts: ProbeContext[] = [];
let closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all([...open.map((s) => s.close()), ...contexts.map((c) => c.close()), ...closers.map((close) => close())]);
  open = [];
  contexts = [];
  closers = [];
});

async function auditUrl(url: string, env: 'production' | 'development' = 'production') {
  const context = createProbeContext(url, { env });
  contexts.push(context);
  const findings = await errorLeakageCheck.run(context);
  return { findings, requests: context.requestsSent() };
}

async function audit(handler: RequestListener, env: 'production' | 'development' = 'production') {
  const server = await listen(createServer(handler));
  open.push(server);
  return auditUrl(server.url, env);
}

const worst = (findings: readonly Finding[]) => findings.find((f) => f.verdict === 'FAIL') ?? findings.find((f) => f.verdict === 'WARN');

function expressApp(env: 'development' | 'production') {
  const app = express();
  app.set('env', env);
  app.use(express.json());
  app.post('/', (request, response) => {
    response.json({ received: Array.isArray(request.body) ? 'array' : typeof request.body });
  });
  app.get('/', (_request, response) => {
    response.json({ ok: true });
  });
  return app;
}

describe('error-leakage check', () => {
  it('fails Express outside production: the JSON parse error page carries a stack', async () => {
    const { findings } = await audit(expressApp('development'));
    const malformed = findings.find((f) => f.title.startsWith('Malformed JSON body'));
    expect(malformed).toMatchObject({ verdict: 'FAIL', severity: 'high', title: 'Malformed JSON body: internals leaked' });
    expect(malformed?.detail).toContain('Node V8 stack frame');
    expect(malformed?.fix).toContain('generic body');
  });

  it('passes Express in production on every trigger, in one request per trigger', async () => {
    const { findings, requests } = await audit(expressApp('production'));
    expect(findings.map((f) => [f.title, f.verdict])).toEqual(triggers.map((t) => [t.title, 'PASS']));
    expect(requests).toBe(triggers.length);
  });

  it('reports a stack as WARN with --env development', async () => {
    const { findings } = await audit(expressApp('development'), 'development');
    expect(findings.find((f) => f.title.startsWith('Malformed JSON body'))?.verdict).toBe('WARN');
  });

  it('warns on a 5xx for bad input and fails an SQL error text', async () => {
    const { findings } = await audit((request, response) => {
      if (request.url?.includes("'")) {
        response.writeHead(500, { 'content-type': 'text/plain' }).end('SQLSTATE[42000]: Syntax error or access violation');
      } else if (request.method === 'POST') response.writeHead(500).end('Internal Server Error');
      else response.writeHead(404).end('Not Found');
    });
    expect(findings.find((f) => f.title.startsWith('SQL metacharacters'))).toMatchObject({ verdict: 'FAIL', detail: expect.stringContaining('PDO / SQLSTATE') });
    expect(findings.find((f) => f.title.startsWith('Malformed JSON body'))).toMatchObject({ verdict: 'WARN', title: 'Malformed JSON body: server error' });
  });

  it('warns on Fastify default error bodies, which name Fastify error codes', async () => {
    const app = Fastify();
    app.post('/', async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const { findings } = await auditUrl(`http://127.0.0.1:${port}`);
    expect(findings.find((f) => f.title.startsWith('Malformed JSON body'))).toMatchObject({
      verdict: 'WARN',
      detail: expect.stringContaining('FST_ERR_CTP_INVALID_JSON_BODY'),
    });
    expect(worst(findings)?.verdict).toBe('WARN');
  });

  it('sends the raw triggers the issue names', async () => {
    const seen: string[] = [];
    const { findings } = await audit((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      response.writeHead(400).end();
    });
    expect(seen).toEqual(expect.arrayContaining(['POST /', 'GET /%', "GET /?id=1'%22)--&sort=name'"]));
    expect(seen.filter((line) => line === 'POST /')).toHaveLength(2);
    // node:http answers the unknown method (400) and the 20 kB header (431) before any handler.
    expect(findings.find((f) => f.title === 'Unknown method')?.detail).toBe('RAMPARTAUDIT / -> 400 without internals.');
    expect(findings.find((f) => f.title === 'Oversized header')?.detail).toBe('GET / -> 431 without internals.');
  });
});

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
    expect(requests).toBe(triggers.length + 1); // and the shared baseline (GET of the target)
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

  it('reports a traceback that every request returns as the target\'s own leak, not as caused by a trigger', async () => {
    // Like the lesson's FastAPI puzzle: the handler catches everything and returns the traceback.
    const traceback = {
      error: "name 'db' is not defined",
      traceback: 'Traceback (most recent call last):\n  File "/app/main.py", line 17, in get_user\n    user = await db.get_user(user_id)\nNameError: name \'db\' is not defined\n',
    };
    const server = await listen(
      createServer((request, response) => {
        const json = { 'content-type': 'application/json' };
        if (request.method === 'GET' && request.url?.startsWith('/api/users/1')) response.writeHead(200, json).end(JSON.stringify(traceback));
        else response.writeHead(request.method === 'GET' ? 404 : 405, json).end('{"detail":"Not Found"}');
      }),
    );
    open.push(server);
    const { findings } = await auditUrl(`${server.url}/api/users/1`);
    const own = findings.find((f) => f.title === 'Plain GET of the target: internals leaked');
    expect(own).toMatchObject({ verdict: 'FAIL', severity: 'high' });
    expect(own?.detail).toContain('Python traceback');
    expect(own?.detail).toMatch(/^GET \/api\/users\/1 -> 200 with no bad input at all/);
    const sql = findings.find((f) => f.title.startsWith('SQL metacharacters'));
    expect(sql).toMatchObject({ verdict: 'N/A', title: 'SQL metacharacters in the query: same internals as a plain GET' });
    // Only the target's own finding names a leak: no trigger takes the blame.
    expect(findings.filter((f) => f.title.endsWith('internals leaked')).map((f) => f.title)).toEqual(['Plain GET of the target: internals leaked']);
  });

  it('still blames the trigger when the plain GET is clean', async () => {
    const { findings } = await audit((request, response) => {
      if (request.url?.includes("'")) response.writeHead(400).end('Traceback (most recent call last):\n  File "/app/main.py", line 3, in q\nValueError: bad');
      else response.writeHead(200).end('{}');
    });
    expect(findings.find((f) => f.title.startsWith('Plain GET'))).toBeUndefined();
    expect(findings.find((f) => f.title.startsWith('SQL metacharacters'))).toMatchObject({ verdict: 'FAIL', title: 'SQL metacharacters in the query: internals leaked' });
  });

  it.each([
    [404, 'N/A'],
    [405, 'N/A'],
    [400, 'PASS'],
    [422, 'PASS'],
  ] as const)('grades wrong JSON types answered %i as %s (a 404/405 reached no handler)', async (status, verdict) => {
    const { findings } = await audit((request, response) => {
      response.writeHead(request.method === 'POST' ? status : 200, { 'content-type': 'application/json' }).end('{"error":"x"}');
    });
    const wrongTypes = findings.find((f) => f.title === 'Wrong JSON types');
    expect(wrongTypes?.verdict).toBe(verdict);
    if (verdict === 'N/A') expect(wrongTypes?.detail).toBe(`POST / -> ${status}: no handler read the body (${status}), so a clean answer proves nothing.`);
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

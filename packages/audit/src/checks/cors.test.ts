import { createServer, type RequestListener } from 'node:http';
import cors from 'cors';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../fixtures/listen.js';
import { createProbeContext, type ProbeContext } from '../fixtures/probe-context.js';
import { corsCheck, originVariants } from './cors.js';
import type { Finding } from './types.js';

let open: Listening[] = [];
let contexts: ProbeContext[] = [];
afterEach(async () => {
  await Promise.all([...open.map((s) => s.close()), ...contexts.map((c) => c.close())]);
  open = [];
  contexts = [];
});

async function audit(handler: RequestListener) {
  const server = await listen(createServer(handler));
  open.push(server);
  const context = createProbeContext(server.url);
  contexts.push(context);
  const findings = await corsCheck.run(context);
  return { findings, byTitle: new Map(findings.map((f): [string, Finding] => [f.title, f])), requests: context.requestsSent() };
}

const expressApp = (middleware?: express.RequestHandler) => {
  const app = express();
  if (middleware) app.use(middleware);
  app.get('/', (_request, response) => {
    response.json({ ok: true });
  });
  return app;
};

describe('originVariants', () => {
  it('derives look-alikes from the target host and adds http for https targets', () => {
    expect(originVariants(new URL('https://api.example.com/v1')).map((v) => v.origin)).toEqual([
      'https://rampart-audit.evil.test',
      'null',
      'https://api.example.com.evil.test',
      'https://evilapi.example.com',
      'http://api.example.com',
    ]);
    expect(originVariants(new URL('http://127.0.0.1:8080/')).map((v) => v.origin)).toContain('http://127.0.0.1.evil.test:8080');
  });
});

describe('cors check', () => {
  it('passes a server without CORS, in a bounded number of requests', async () => {
    const { findings, requests } = await audit(expressApp());
    expect(findings.filter((f) => f.verdict !== 'PASS' && f.verdict !== 'N/A')).toEqual([]);
    expect(requests).toBe(8); // 4 origins x (GET + preflight) on an http target
  });

  it('fails cors({origin: true, credentials: true}) as critical on every hostile origin', async () => {
    const { byTitle } = await audit(expressApp(cors({ origin: true, credentials: true })));
    for (const label of ['unknown origin', 'null origin', 'look-alike origin (suffix)', 'look-alike origin (prefix)']) {
      expect(byTitle.get(`CORS ${label}`), label).toMatchObject({ verdict: 'FAIL', severity: 'critical', fix: expect.stringContaining('allowlist') });
    }
    expect(byTitle.get('CORS Vary: Origin')?.verdict).toBe('PASS'); // the cors package sends Vary: Origin
  });

  it('reports cors() defaults: * is INFO and echoed preflight headers WARN', async () => {
    const { byTitle } = await audit(expressApp(cors()));
    expect(byTitle.get('CORS wildcard origin')?.verdict).toBe('INFO');
    expect(byTitle.get('CORS unknown origin')?.verdict).toBe('PASS');
    expect(byTitle.get('CORS preflight methods and headers')).toMatchObject({ verdict: 'WARN', detail: expect.stringContaining('x-rampart-audit-probe') });
  });

  it("warns on allow_methods=['*'] written out as every state-changing method (Starlette's expansion)", async () => {
    const { byTitle } = await audit((request, response) => {
      if (request.method === 'OPTIONS') {
        response.setHeader('access-control-allow-origin', String(request.headers.origin));
        response.setHeader('access-control-allow-methods', 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT');
        response.setHeader('access-control-allow-headers', 'content-type');
        response.setHeader('vary', 'Origin');
      }
      response.end();
    });
    expect(byTitle.get('CORS preflight methods and headers')).toMatchObject({
      verdict: 'WARN',
      detail: 'A foreign-origin preflight was granted with every state-changing method allowed (DELETE, PATCH, POST, PUT: a wildcard written out).',
    });
  });

  it('catches a substring origin match through the look-alikes only', async () => {
    const { byTitle } = await audit((request, response) => {
      const origin = request.headers.origin ?? '';
      if (origin.includes('127.0.0.1')) response.setHeader('access-control-allow-origin', origin);
      response.setHeader('vary', 'Origin');
      response.end('{}');
    });
    expect(byTitle.get('CORS unknown origin')?.verdict).toBe('PASS');
    expect(byTitle.get('CORS look-alike origin (suffix)')?.verdict).toBe('WARN');
    expect(byTitle.get('CORS look-alike origin (prefix)')?.verdict).toBe('WARN');
  });

  it('warns on a reflected origin without Vary: Origin, and on * with credentials', async () => {
    const reflecting = await audit((request, response) => {
      response.setHeader('access-control-allow-origin', request.headers.origin ?? '*');
      response.end('{}');
    });
    expect(reflecting.byTitle.get('CORS null origin')?.verdict).toBe('WARN');
    expect(reflecting.byTitle.get('CORS Vary: Origin')?.verdict).toBe('WARN');
    const starWithCredentials = await audit((_request, response) => {
      response.setHeader('access-control-allow-origin', '*');
      response.setHeader('access-control-allow-credentials', 'true');
      response.setHeader('access-control-allow-methods', '*');
      response.end('{}');
    });
    expect(starWithCredentials.byTitle.get('CORS wildcard origin')?.verdict).toBe('WARN');
    expect(starWithCredentials.byTitle.get('CORS preflight methods and headers')?.detail).toContain('Access-Control-Allow-Methods: *');
  });
});

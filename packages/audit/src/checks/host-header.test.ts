import { createServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../fixtures/listen.js';
import { createPlainPortContext } from '../fixtures/plain-port-context.js';
import { createProbeContext, type ProbeContext } from '../fixtures/probe-context.js';
import { testCertificate } from '../fixtures/tls.js';
import { worstVerdict } from '../fixtures/verdict.js';
import { hostHeaderCheck } from './host-header.js';

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
  return hostHeaderCheck.run(context);
}

const allowed = (host: string | undefined) => host !== undefined && host.startsWith('127.0.0.1');

describe('host-header check', () => {
  it('fails when the Host is reflected in a redirect', async () => {
    const findings = await audit((req, res) => {
      res.writeHead(302, { location: `http://${req.headers.host ?? ''}/login` }).end();
    });
    const hostFinding = findings.find((f) => f.title.includes('Host header'));
    expect(hostFinding?.verdict).toBe('FAIL');
    expect(hostFinding?.detail).toContain('Location');
  });

  it('fails when X-Forwarded-Host is reflected in the body even though Host is checked', async () => {
    const findings = await audit((req, res) => {
      if (!allowed(req.headers.host)) return void res.writeHead(400).end();
      const host = req.headers['x-forwarded-host'] ?? req.headers.host ?? '';
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<a href="https://${String(host)}/reset">reset</a>`);
    });
    expect(findings.find((f) => f.title.includes('Foreign Host header rejected'))?.verdict).toBe('PASS');
    expect(findings.find((f) => f.title.includes('X-Forwarded-Host'))?.verdict).toBe('FAIL');
    expect(worstVerdict(findings)).toBe('FAIL');
  });

  it('warns when any Host is accepted with the same 2xx', async () => {
    const findings = await audit((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    expect(worstVerdict(findings)).toBe('WARN');
    expect(findings.find((f) => f.verdict === 'WARN')?.fix).toMatch(/allow list/);
  });

  it.each([400, 421])('passes a server that answers %i to an unknown Host', async (status) => {
    const findings = await audit((req, res) => {
      res.writeHead(allowed(req.headers.host) ? 200 : status).end();
    });
    expect(worstVerdict(findings)).toBe('PASS');
  });

  it('is undetermined (INFO), not PASS, when the target URL itself answers 404 for every host', async () => {
    const findings = await audit((_req, res) => void res.writeHead(404).end());
    expect(worstVerdict(findings)).toBe('INFO');
  });
});

describe('host-header check against a server that drops unknown hosts', () => {
  it('passes when the connection is closed without an answer for a foreign Host', async () => {
    const raw = createNetServer((socket) => {
      socket.once('data', (chunk) => {
        const host = /\r\nhost: ([^\r]+)/i.exec(chunk.toString('latin1'))?.[1];
        if (!allowed(host)) return void socket.destroy();
        socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok');
      });
    });
    const server = await listen(raw);
    open.push(server);
    const context = createProbeContext(server.url);
    contexts.push(context);
    const findings = await hostHeaderCheck.run(context);
    expect(findings.map((f) => [f.title, f.verdict])).toEqual([
      ['Foreign Host header rejected', 'PASS'],
      ['X-Forwarded-Host not reflected', 'PASS'],
    ]);
  });
});

describe('host-header check over https', () => {
  it('is undetermined (INFO), never PASS, when the foreign name fails TLS verification', async () => {
    const tls = testCertificate();
    const server = await listen(createHttpsServer(tls, (_req, res) => void res.end('ok')), 'https');
    open.push(server);
    // undici derives SNI and the certificate check from the Host header unless told otherwise.
    const context = createPlainPortContext(server.url, { ca: tls.cert });
    const findings = await hostHeaderCheck.run(context);
    await context.close();
    expect(findings.map((f) => [f.title, f.verdict])).toEqual([
      ['Host allow list undetermined', 'INFO'],
      ['X-Forwarded-Host not reflected', 'PASS'],
    ]);
  });
});
